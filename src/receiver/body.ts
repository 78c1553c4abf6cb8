// Reads a request body within limits: the bytes on the wire and, separately, the bytes after
// decompression (a small gzip body can expand without bound).
import type { IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import type { BodyHold } from './body-budget.js';
import { HttpError } from './responses.js';

/** What a 503 for a full body budget asks the client to wait: long enough for uploads in flight to end. */
const budgetRetryAfterSeconds = 2;

export function formatSize(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, '')} MiB`;
}

/** A size next to a limit it exceeds, exact when rounding would make the two look equal. */
function sizeBeside(bytes: number, limitBytes: number): string {
  return formatSize(bytes) === formatSize(limitBytes) ? `${bytes} bytes (${formatSize(bytes)})` : formatSize(bytes);
}

/** The 503 for a body that does not fit in what all requests together may hold now. */
export function overBudget(hold: BodyHold, bodyBytes: number, what = 'body'): HttpError {
  const { budget } = hold;
  const othersBytes = budget.usedBytes() - hold.heldBytes();
  return new HttpError(
    503,
    `too much request data in flight: a ${formatSize(bodyBytes)} ${what} does not fit beside the ${formatSize(othersBytes)} other requests hold (limit ${formatSize(budget.limitBytes)} for all at once); retry after ${budgetRetryAfterSeconds} s`,
    { 'retry-after': String(budgetRetryAfterSeconds) },
  );
}

/**
 * With `hold`, the bytes are counted in the shared body budget before they are kept: a declared
 * Content-Length at once (so a request that cannot fit is refused before its body is read), a
 * chunked body as it grows. The hold is the caller's to release once the answer is sent.
 */
export function readBody(req: IncomingMessage, maxBytes: number, hold?: BodyHold): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > maxBytes) {
      reject(new HttpError(413, `body is ${sizeBeside(declared, maxBytes)}; limit is ${formatSize(maxBytes)}`));
      return;
    }
    if (hold !== undefined && Number.isFinite(declared) && !hold.growTo(declared)) {
      reject(overBudget(hold, declared));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const refuse = (error: HttpError) => {
      done = true;
      chunks.length = 0;
      hold?.release();
      reject(error);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > maxBytes) {
        refuse(new HttpError(413, `body is over ${formatSize(maxBytes)}; limit is ${formatSize(maxBytes)}`));
        return;
      }
      if (hold !== undefined && !hold.growTo(size)) {
        refuse(overBudget(hold, size, 'body (so far)'));
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
