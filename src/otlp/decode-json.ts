import { fromWire } from './wire-to-plain.js';
import { DecodeError, type Signal, type SignalRequest } from './types.js';

export function decodeJson<S extends Signal>(signal: S, body: Uint8Array): SignalRequest[S] {
  return fromWire(signal, parseJson(body));
}

/** The body as a JSON object, not yet checked against OTLP (fromWire does that). */
export function parseJson(body: Uint8Array): object {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    throw new DecodeError('invalid JSON: the body is not valid UTF-8');
  }
  let wire: unknown;
  try {
    wire = JSON.parse(text);
  } catch (error) {
    throw new DecodeError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) {
    throw new DecodeError('invalid JSON: the body must be an object');
  }
  return wire;
}
