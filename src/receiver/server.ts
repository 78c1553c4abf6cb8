// The OTLP/HTTP receiver. It answers 200 only after the request's data is committed to SQLite.
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { DecodeError } from '../otlp/types.js';
import type { ChangeFeed } from '../store/changes.js';
import type { Db } from '../store/open.js';
import { createWriter } from '../store/write.js';
import { UserError } from '../errors.js';
import { decompress, readBody } from './body.js';
import { ingest, type IngestResult } from './ingest.js';
import { encodingFor, signalForPath } from './routes.js';
import { HttpError, sendError, sendExportResponse, type BodyEncoding } from './responses.js';

export interface ReceiverOptions {
  db: Db;
  host?: string;
  port?: number;
  /** Limit for the body on the wire and, separately, after decompression. */
  maxBodyBytes?: number;
  changes?: ChangeFeed;
  /** When set, requests must carry `Authorization: Bearer <token>` or `X-API-Key: <token>`. */
  token?: string;
  onIngest?: (result: IngestResult) => void;
  onError?: (error: Error) => void;
  now?: () => number;
}

export interface Receiver {
  host: string;
  port: number;
  url: string;
  close(): Promise<void>;
}

export const defaultPort = 4318;
export const defaultHost = '127.0.0.1';
export const defaultMaxBodyBytes = 16 * 1024 * 1024;

export function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? defaultHost;
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const now = options.now ?? Date.now;
  const writer = createWriter(options.db);

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    let encoding: BodyEncoding = 'json';
    try {
      // A browser page must not be able to write into the database through localhost.
      if (req.headers.origin !== undefined) throw new HttpError(403, 'requests from browsers (with an Origin header) are refused');
      if (options.token !== undefined && !isAuthorized(req, options.token)) {
        throw new HttpError(401, 'missing or wrong token; send Authorization: Bearer <token> or X-API-Key (see `claude-otel-tui setup`)', { 'www-authenticate': 'Bearer' });
      }
      const signal = signalForPath(req.url);
      if (signal === undefined) {
        if (req.method === 'GET' && (req.url === '/' || req.url === '')) {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ service: 'claude-otel-tui' }));
          return;
        }
        throw new HttpError(404, `no such path ${req.url ?? ''}; OTLP/HTTP paths are /v1/metrics, /v1/logs and /v1/traces`);
      }
      if (req.method !== 'POST') throw new HttpError(405, `${req.method ?? ''} is not allowed on ${req.url ?? ''}; use POST`, { allow: 'POST' });
      encoding = encodingFor(req.headers['content-type']);
      const wire = await readBody(req, maxBodyBytes);
      const body = decompress(wire, req.headers['content-encoding'], maxBodyBytes);
      const receivedMs = now();
      let result: IngestResult;
      try {
        result = ingest(writer, signal, encoding, body, receivedMs);
      } catch (error) {
        if (error instanceof DecodeError || error instanceof HttpError) throw error;
        // A store failure (disk full, locked, corrupt): nothing was committed, so the client may retry.
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
        throw new HttpError(503, `could not store the data: ${error instanceof Error ? error.message : String(error)}`, { 'retry-after': '5' });
      }
      if (result.inserted > 0) options.changes?.notify();
      options.onIngest?.(result);
      sendExportResponse(res, signal, encoding, result);
    } catch (error) {
      const httpError = toHttpError(error);
      if (httpError.status === 413) httpError.headers['connection'] = 'close';
      sendError(res, httpError, encoding);
    }
  }

  const server = http.createServer((req, res) => {
    void handle(req, res);
  });
  // A client that never finishes its body must not hold a connection forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  server.keepAliveTimeout = 5_000;
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const port = options.port ?? defaultPort;
      if (error.code === 'EADDRINUSE') reject(new UserError(`port ${port} is in use; try --port ${port + 1}`));
      else if (error.code === 'EACCES') reject(new UserError(`port ${port} needs privileges; try --port ${defaultPort}`));
      else if (error.code === 'EADDRNOTAVAIL') reject(new UserError(`cannot listen on ${host}: no such local address`, 'try --host 127.0.0.1'));
      else reject(error);
    });
    server.listen(options.port ?? defaultPort, host, () => {
      const address = server.address() as AddressInfo;
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        host: address.address,
        port: address.port,
        url: `http://${urlHost}:${address.port}`,
        close: () =>
          new Promise<void>((done) => {
            // Finish in-flight requests; idle keep-alive sockets are closed at once.
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}

/** Constant-time comparison, so the token cannot be guessed byte by byte from response times. */
function isAuthorized(req: http.IncomingMessage, token: string): boolean {
  const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1]?.trim();
  const apiKey = req.headers['x-api-key'];
  const given = bearer ?? (typeof apiKey === 'string' ? apiKey.trim() : undefined);
  if (given === undefined) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof DecodeError) return new HttpError(400, error.message);
  return new HttpError(500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
}
