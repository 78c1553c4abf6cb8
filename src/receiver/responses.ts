// OTLP/HTTP answers: Export*ServiceResponse on success, google.rpc.Status on error, each in the
// encoding of the request (JSON when the request's encoding is unknown).
import type { ServerResponse } from 'node:http';
import { exportResponseJson, exportResponseProtobuf, statusProtobuf, type ExportOutcome } from '../otlp/encode-response.js';
import type { Signal } from '../otlp/types.js';

export type BodyEncoding = 'protobuf' | 'json';

export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

// gRPC status codes, as google.rpc.Status carries them.
const grpcCodeFor: Record<number, number> = { 400: 3, 401: 16, 403: 7, 404: 5, 405: 12, 408: 4, 413: 8, 415: 3, 500: 13, 503: 14 };

/**
 * Answers after which the connection is closed. A client that gets one is misconfigured (wrong path,
 * method, type, token), hostile, or told to come back later; keeping its socket open helps only
 * someone holding sockets open, and a real client simply reconnects.
 */
const closingStatuses = new Set([401, 403, 404, 405, 413, 415, 503]);

const contentTypes: Record<BodyEncoding, string> = { protobuf: 'application/x-protobuf', json: 'application/json' };

export function sendExportResponse(res: ServerResponse, signal: Signal, encoding: BodyEncoding, outcome: ExportOutcome): void {
  const body =
    encoding === 'protobuf' ? Buffer.from(exportResponseProtobuf(signal, outcome)) : Buffer.from(JSON.stringify(exportResponseJson(signal, outcome)));
  res.writeHead(200, { 'content-type': contentTypes[encoding], 'content-length': body.length });
  res.end(body);
}

/** `endAfter`: the answer goes out at once, but the response (and so the connection) ends only then. */
export function sendError(res: ServerResponse, error: HttpError, encoding: BodyEncoding, endAfter?: Promise<void>): void {
  const code = grpcCodeFor[error.status] ?? 2;
  const body = encoding === 'protobuf' ? Buffer.from(statusProtobuf(code, error.message)) : Buffer.from(JSON.stringify({ code, message: error.message }));
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const connection = closingStatuses.has(error.status) ? { connection: 'close' } : {};
  res.writeHead(error.status, { ...error.headers, ...connection, 'content-type': contentTypes[encoding], 'content-length': body.length });
  if (endAfter === undefined) {
    res.end(body);
    return;
  }
  res.write(body);
  void endAfter.then(() => res.end());
}
