// The OTLP/HTTP receiver. It answers 200 only after the request's data is committed to SQLite.
import { timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import os from 'node:os';
import type { AddressInfo, Socket } from 'node:net';
import { DecodeError } from '../otlp/types.js';
import type { ChangeFeed } from '../store/changes.js';
import type { Db } from '../store/open.js';
import { createForwardQueue } from '../store/forward-queue.js';
import { createWriter } from '../store/write.js';
import { UserError } from '../errors.js';
import { safeDelayMs } from '../safe-timers.js';
import { decompress, overBudget, readBody } from './body.js';
import { createBodyBudget, defaultBodyBudgetBytes, type BodyHold } from './body-budget.js';
import { defaultMaxConnections } from './max-connections.js';
import { PartlyStoredError, type IngestResult } from './ingest.js';
import { encodingFor, encodingOrJson, isJsonContentType, isOurHost, signalForPath } from './routes.js';
import { HttpError, sendError, sendExportResponse, type BodyEncoding } from './responses.js';
import { createSlicedIngest, type SlicedIngestOptions } from './sliced-ingest.js';
import { idleConnectionChecks, type IdleConnectionChecks } from './idle-connection-checks.js';

export interface ReceiverOptions {
  db: Db;
  host?: string;
  port?: number;
  /** Limit for the body on the wire and, separately, after decompression. */
  maxBodyBytes?: number;
  changes?: ChangeFeed;
  /** When set, requests must carry `Authorization: Bearer <token>` or `X-API-Key: <token>`. */
  token?: string;
  /** How long a client may take to send one whole request; a slower one gets 408 and is disconnected. */
  requestTimeoutMs?: number;
  /** Connections held at once; beyond it, idle keep-alive ones are closed, and new ones refused while none is idle. */
  maxConnections?: number;
  /** Request bodies held in memory across all requests at once (wire bytes and decompressed copies); beyond it, 503. */
  bodyBudgetBytes?: number;
  /** Queue a copy of each accepted request for these upstreams (in the storing transaction); onQueued wakes the sender. */
  forward?: { upstreams: readonly string[]; onQueued: () => void };
  /**
   * Answers POST /statusline — the JSON Claude Code pipes to a statusLine command — with one line of
   * text, so the status line costs a loopback request instead of a Node start. Set by the CLI.
   */
  statusline?: (request: StatuslineRequest) => { status: number; text: string };
  /**
   * After a request's transaction has committed, before its answer is sent; `request.body` holds the
   * bytes that were decoded (after gunzip). The receiving process's after-commit listeners hang on it.
   */
  onIngest?: (result: IngestResult, request: IngestedRequest) => void;
  onError?: (error: Error) => void;
  now?: () => number;
  /** How large requests are cut, and how the writes of requests ready together share a transaction (tests use small slices). */
  slices?: SlicedIngestOptions;
}

export interface IngestedRequest {
  encoding: BodyEncoding;
  body: Uint8Array;
  receivedMs: number;
}

export interface StatuslineRequest {
  body: string;
  headers: http.IncomingHttpHeaders;
}

/** A status line's input is a few KiB; anything near this is not one. */
const maxStatuslineBytes = 1024 * 1024;
/**
 * The media type of POST /statusline's answer, and the mark dist/statusline.sh looks for before it
 * prints anything: whatever else answers on the port (another collector, a proxy) is not printed.
 */
export const statuslineContentType = 'text/vnd.claude-otel-tui.statusline; charset=utf-8';

export interface Receiver {
  host: string;
  port: number;
  url: string;
  /** Body bytes held now and at most so far, against the limit (what the tests measure). */
  bodyBytes(): { heldBytes: number; peakBytes: number; limitBytes: number };
  openConnections(): number;
  close(): Promise<void>;
}

export const defaultPort = 4318;
export const defaultHost = '127.0.0.1';
export const defaultMaxBodyBytes = 16 * 1024 * 1024;
export const defaultRequestTimeoutMs = 30_000;

function isStatuslinePath(url: string | undefined): boolean {
  return (url ?? '').split('?')[0]?.replace(/\/+$/, '') === '/statusline';
}

export function startReceiver(options: ReceiverOptions): Promise<Receiver> {
  const host = options.host ?? defaultHost;
  const maxBodyBytes = options.maxBodyBytes ?? defaultMaxBodyBytes;
  const now = options.now ?? Date.now;
  const requestTimeoutMs = safeDelayMs(options.requestTimeoutMs ?? defaultRequestTimeoutMs);
  const maxConnections = options.maxConnections ?? defaultMaxConnections();
  const bodyBudget = createBodyBudget(options.bodyBudgetBytes ?? defaultBodyBudgetBytes);
  const headersTimeoutMs = Math.min(10_000, requestTimeoutMs);
  const checkingIntervalMs = Math.max(50, Math.min(1_000, Math.floor(requestTimeoutMs / 4)));
  let checks: IdleConnectionChecks | undefined;
  const writer = createWriter(options.db);
  const slicedIngest = createSlicedIngest(writer, options.slices);
  const forward =
    options.forward !== undefined && options.forward.upstreams.length > 0 ? { ...options.forward, queue: createForwardQueue(options.db) } : undefined;
  // The answer being written on each connection, so a timeout never writes into the middle of one.
  const responses = new WeakMap<Socket, http.ServerResponse>();
  // The port asked for until listening, then the one bound (port 0 picks one).
  let boundPort = options.port ?? defaultPort;

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, hold: BodyHold): Promise<void> {
    let encoding: BodyEncoding = 'json';
    try {
      // DNS rebinding: a page whose own site name resolves to 127.0.0.1 must not reach us either.
      if (!isOurHost(req.headers.host, host, boundPort, os.hostname())) {
        encoding = encodingOrJson(req.headers['content-type']);
        const given = JSON.stringify((req.headers.host ?? '').slice(0, 100));
        throw new HttpError(
          403,
          `Host ${given} is not an address of this receiver; send to ${host.includes(':') ? `[${host}]` : host}:${boundPort} or localhost:${boundPort}`,
          { connection: 'close' },
        );
      }
      // A browser page must not be able to write into the database through localhost.
      if (req.headers.origin !== undefined) throw new HttpError(403, 'requests from browsers (with an Origin header) are refused');
      // Who answers here, and nothing else, even without the token: so `status` and a second `ui`
      // can tell this receiver from something else on the port.
      if (req.method === 'GET' && (req.url === '/' || req.url === '')) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ service: 'claude-otel-tui' }));
        return;
      }
      if (options.token !== undefined && !isAuthorized(req, options.token)) {
        throw new HttpError(401, 'missing or wrong token; send Authorization: Bearer <token> or X-API-Key (see `claude-otel-tui setup`)', {
          'www-authenticate': 'Bearer',
        });
      }
      if (options.statusline !== undefined && isStatuslinePath(req.url)) {
        if (req.method !== 'POST') throw new HttpError(405, `${req.method ?? ''} is not allowed on /statusline; use POST`, { allow: 'POST' });
        // JSON only: a form or a text/plain POST is what a page can send without asking first.
        if (!isJsonContentType(req.headers['content-type'])) {
          throw new HttpError(415, `Content-Type ${JSON.stringify(req.headers['content-type'] ?? '')} is not supported on /statusline; use application/json`);
        }
        const body = await readBody(req, maxStatuslineBytes, hold);
        const answer = options.statusline({ body: body.toString('utf8'), headers: req.headers });
        res.writeHead(answer.status, { 'content-type': statuslineContentType });
        res.end(answer.text);
        return;
      }
      const signal = signalForPath(req.url);
      if (signal === undefined) {
        throw new HttpError(404, `no such path ${req.url ?? ''}; OTLP/HTTP paths are /v1/metrics, /v1/logs and /v1/traces`);
      }
      if (req.method !== 'POST') throw new HttpError(405, `${req.method ?? ''} is not allowed on ${req.url ?? ''}; use POST`, { allow: 'POST' });
      encoding = encodingFor(req.headers['content-type']);
      const wire = await readBody(req, maxBodyBytes, hold);
      const body = decompress(wire, req.headers['content-encoding'], maxBodyBytes);
      // The decompressed copy is held too, until the answer: count it, or refuse the request.
      if (body !== wire && !hold.growTo(wire.length + body.length)) throw overBudget(hold, wire.length + body.length, 'body with its decompressed copy');
      const receivedMs = now();
      let result: IngestResult;
      let isQueued = false;
      const queueCopy =
        forward === undefined
          ? undefined
          : () => {
              const copy = { signal, contentType: req.headers['content-type'] ?? '', contentEncoding: req.headers['content-encoding'] ?? null, body: wire };
              forward.queue.enqueue(forward.upstreams, copy, receivedMs);
              isQueued = true;
            };
      try {
        result = await slicedIngest.ingest(signal, encoding, body, receivedMs, queueCopy);
      } catch (error) {
        if (error instanceof DecodeError || error instanceof HttpError) throw error;
        // A store failure (disk full, locked, corrupt): not acknowledged, so the client retries; what
        // earlier slices of a large request committed is found again by its natural keys.
        options.onError?.(error instanceof Error ? error : new Error(String(error)));
        throw new HttpError(503, storeFailureMessage(error), { 'retry-after': '5' });
      }
      if (result.inserted > 0 || isQueued) options.changes?.notify();
      if (isQueued) forward?.onQueued();
      options.onIngest?.(result, { encoding, body, receivedMs });
      sendExportResponse(res, signal, encoding, result);
    } catch (error) {
      const httpError = toHttpError(error);
      // Answered before the body was read (413, 415, ...): closing with unread bytes makes the kernel
      // send a reset, which can destroy the answer before a client still writing its body reads it.
      // So the answer goes out now, and the connection ends once the rest has been read and
      // discarded (requestTimeout bounds how long).
      sendError(res, httpError, encoding, req.complete || req.destroyed ? undefined : drained(req));
    }
  }

  const server = http.createServer(
    {
      // A client that never finishes its request must not hold a connection forever.
      requestTimeout: requestTimeoutMs,
      headersTimeout: headersTimeoutMs,
      // Longer than the exporters' intervals (logs every 5 s, metrics every 10–60 s): a connection
      // closed just as an export starts makes the exporter fail and retry that export.
      keepAliveTimeout: 65_000,
      // Node enforces the two timeouts above only on this tick (30 s by default, which would let a
      // stalled client stay up to twice as long).
      // While no connection is open, it does not tick at all (idle-connection-checks.ts).
      connectionsCheckingInterval: checkingIntervalMs,
    },
    (req, res) => {
      responses.set(req.socket, res);
      res.once('finish', () => responses.delete(req.socket));
      // The request's share of the body budget lasts until its answer is sent or its connection gone.
      const hold = bodyBudget.hold();
      res.once('close', hold.release);
      void handle(req, res, hold);
    },
  );
  // Each connection is a file descriptor, so there is a cap. A connection beyond it first closes the
  // connection idle the longest (kept alive after an answer, no request in flight), so clients that
  // only hold sockets open cannot keep real ones out; with none idle, the new one is closed at once
  // and its client tries again (OTLP exporters retry).
  let openConnections = 0;
  const idle = new Set<Socket>(); // in the order they became idle
  server.on('connection', (socket: Socket) => {
    openConnections += 1;
    checks?.opened(openConnections);
    socket.once('close', () => {
      openConnections -= 1;
      idle.delete(socket);
      checks?.closed(openConnections);
    });
    if (openConnections <= maxConnections) return;
    const oldest = idle.values().next();
    (oldest.done === true ? socket : oldest.value).destroy();
  });
  server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
    idle.delete(req.socket);
    res.once('finish', () => {
      if (!req.socket.destroyed && res.shouldKeepAlive) idle.add(req.socket);
    });
  });
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    const answer = responses.get(socket);
    if (socket.writable && (answer === undefined || !answer.headersSent)) {
      const [status, reason, message] =
        error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
          ? [
              408,
              'Request Timeout',
              `the request did not arrive in time (headers within ${headersTimeoutMs} ms, all of it within ${requestTimeoutMs} ms); closing the connection`,
            ]
          : error.code === 'HPE_HEADER_OVERFLOW'
            ? [431, 'Request Header Fields Too Large', 'the request headers are too large']
            : [400, 'Bad Request', `malformed HTTP request (${error.code ?? error.message})`];
      const body = JSON.stringify({ code: status === 408 ? 4 : 3, message });
      socket.end(
        `HTTP/1.1 ${status} ${reason}\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        () => socket.destroy(),
      );
    } else {
      socket.destroy();
    }
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
      boundPort = address.port;
      checks = idleConnectionChecks(server, checkingIntervalMs);
      checks.opened(openConnections);
      const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({
        host: address.address,
        port: address.port,
        url: `http://${urlHost}:${address.port}`,
        bodyBytes: () => ({ heldBytes: bodyBudget.usedBytes(), peakBytes: bodyBudget.peakBytes(), limitBytes: bodyBudget.limitBytes }),
        openConnections: () => openConnections,
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

/** Resolves once the request's body has been read to its end, or the connection is gone. */
function drained(req: http.IncomingMessage): Promise<void> {
  return new Promise((resolve) => {
    req.once('end', resolve);
    req.once('close', resolve);
    req.resume();
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

/** What the client (and whoever reads its log) needs: the SQLite error, that nothing was kept, and what to do. */
function storeFailureMessage(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const what = `${error instanceof Error ? error.message : String(error)}${typeof code === 'string' ? ` (${code})` : ''}`;
  const next =
    typeof code !== 'string'
      ? 'retry later'
      : code.startsWith('SQLITE_FULL')
        ? 'the disk is full; free some space'
        : code.startsWith('SQLITE_IOERR')
          ? 'check the disk: full, failing, or over a file-size limit'
          : code.startsWith('SQLITE_CORRUPT') || code.startsWith('SQLITE_NOTADB')
            ? 'the database file is damaged; stop claude-otel-tui and move it aside'
            : code.startsWith('SQLITE_READONLY')
              ? 'the database file or its folder is read-only'
              : 'retry later';
  const kept =
    error instanceof PartlyStoredError
      ? `${error.storedRecords} of ${error.records} records were stored before it (a retry stores the rest, once)`
      : 'nothing was stored';
  return `could not store the data: ${what}; ${kept}, ${next}`;
}

function toHttpError(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof DecodeError) return new HttpError(400, error.message);
  return new HttpError(500, `internal error: ${error instanceof Error ? error.message : String(error)}`);
}
