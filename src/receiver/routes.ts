import { isIP } from 'node:net';
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

const mediaType = (contentType: string | undefined) => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

export function isJsonContentType(contentType: string | undefined): boolean {
  return mediaType(contentType) === 'application/json';
}

export function encodingFor(contentType: string | undefined): BodyEncoding {
  const type = mediaType(contentType);
  if (type === 'application/x-protobuf' || type === 'application/protobuf') return 'protobuf';
  if (type === 'application/json') return 'json';
  throw new HttpError(415, `Content-Type "${type}" is not supported; use application/x-protobuf or application/json`);
}

/** Loopback names, and what a wildcard listen address is written as. */
const loopbackNames = new Set(['127.0.0.1', 'localhost', '::1']);
const wildcardHosts = new Set(['', '0.0.0.0', '::']);

/**
 * Whether a request's Host names this receiver: a loopback name or the --host it listens on, and
 * our port if it gives one. A web page reaches a loopback port by DNS rebinding only under its own
 * site's name, which is never one of these. Listening on every address, any IP literal and this
 * machine's name are ours too (a name that resolves to an IP literal cannot be rebound).
 */
export function isOurHost(hostHeader: string | undefined, listenHost: string, port: number, machineName: string): boolean {
  const match = /^(?:\[([0-9a-f:.]+)\]|([^:[\]]+))(?::(\d+))?$/i.exec(hostHeader ?? '');
  if (match === null) return false;
  const name = (match[1] ?? match[2] ?? '').toLowerCase();
  if (match[3] !== undefined && Number(match[3]) !== port) return false;
  const listen = listenHost.replace(/^\[|\]$/g, '').toLowerCase();
  if (loopbackNames.has(name) || name === listen) return true;
  return wildcardHosts.has(listen) && (isIP(name) !== 0 || name === machineName.toLowerCase());
}

/** The encoding to answer an error in before the Content-Type has been checked. */
export function encodingOrJson(contentType: string | undefined): BodyEncoding {
  try {
    return encodingFor(contentType);
  } catch {
    return 'json';
  }
}
