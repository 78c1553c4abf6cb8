import type { Signal } from '../otlp/types.js';
import { HttpError, type BodyEncoding } from './responses.js';

const signalPaths: Record<string, Signal> = {
  '/v1/logs': 'logs',
  '/v1/metrics': 'metrics',
  '/v1/traces': 'traces',
};

/** The signal of a POST path; trailing slashes and query strings are tolerated. */
export function signalForPath(url: string | undefined): Signal | undefined {
  const path = (url ?? '/').split('?')[0]?.replace(/\/+$/, '') ?? '';
  return signalPaths[path];
}

export function encodingFor(contentType: string | undefined): BodyEncoding {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  throw new HttpError(415, `Content-Type "${type}" is not supported; use application/x-protobuf or application/json`);
}
