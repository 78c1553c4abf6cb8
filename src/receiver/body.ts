// Reads a request body within limits: the bytes on the wire and, separately, the bytes after
// decompression (a small gzip body can expand without bound).
import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import { HttpError } from './responses.js';

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/** A size next to a limit it exceeds, exact when rounding would make the two look equal. */
function sizeBeside(bytes: number, limitBytes: number): string {
  return formatSize(bytes) === formatSize(limitBytes) ? `${bytes} bytes (${formatSize(bytes)})` : formatSize(bytes);
}

export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new HttpError(413, `body is ${sizeBeside(declared, maxBytes)}; limit is ${formatSize(maxBytes)}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        done = true;
        chunks.length = 0;
        reject(new HttpError(413, `body is over ${formatSize(maxBytes)}; limit is ${formatSize(maxBytes)}`));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('error', (error) => {
      if (done) return;
      done = true;
      reject(error);
    });
    req.on('aborted', () => {
      if (done) return;
      done = true;
      reject(new HttpError(400, 'the client closed the connection before the body ended'));
    });
  });
}

export function decompress(body: Buffer, encoding: string | undefined, maxBytes: number): Buffer {
  const name = (encoding ?? 'identity').trim().toLowerCase();
  if (name === '' || name === 'identity') return body;
  const options = { maxOutputLength: maxBytes };
  try {
    if (name === 'gzip' || name === 'x-gzip') return zlib.gunzipSync(body, options);
    if (name === 'deflate') return inflateEither(body, options);
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new HttpError(413, `body is over ${formatSize(maxBytes)} after ${name} decompression; limit is ${formatSize(maxBytes)}`);
    }
    throw new HttpError(400, `body is not valid ${name} data: ${error instanceof Error ? error.message : String(error)}`);
  }
  throw new HttpError(415, `Content-Encoding "${name}" is not supported; use gzip, deflate or none`);
}

/** HTTP "deflate" is zlib-wrapped by the spec, but some clients send raw deflate. */
function inflateEither(body: Buffer, options: zlib.ZlibOptions): Buffer {
  try {
    return zlib.inflateSync(body, options);
  } catch (error) {
    if (error instanceof RangeError || (error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw error;
    return zlib.inflateRawSync(body, options);
  }
}
