import type protobuf from 'protobufjs';
import { otlpRoot } from './proto/schema-root.js';
import { fromWire } from './wire-to-plain.js';
import { DecodeError, type Signal, type SignalRequest } from './types.js';

const requestNames: Record<Signal, string> = {
  logs: 'ExportLogsServiceRequest',
  metrics: 'ExportMetricsServiceRequest',
  traces: 'ExportTraceServiceRequest',
};

const requestTypes: Record<Signal, protobuf.Type> = {
  logs: otlpRoot.lookupType(`otlp.${requestNames.logs}`),
  metrics: otlpRoot.lookupType(`otlp.${requestNames.metrics}`),
  traces: otlpRoot.lookupType(`otlp.${requestNames.traces}`),
};

const encodedReplacementChar = Buffer.from([0xef, 0xbf, 0xbd]);

// 64-bit integers become decimal strings so nanosecond times survive exactly.
const toObjectOptions: protobuf.IConversionOptions = { longs: String, enums: Number, defaults: false, oneofs: false };

/** The body holds an encoded U+FFFD of its own (a piece of a split request asks about the whole body). */
export function hasReplacementChar(body: Uint8Array): boolean {
  return Buffer.from(body.buffer, body.byteOffset, body.byteLength).includes(encodedReplacementChar);
}

export function decodeProtobuf<S extends Signal>(signal: S, body: Uint8Array, isReplacementCharAllowed = hasReplacementChar(body)): SignalRequest[S] {
  let wire: unknown;
  try {
    const type = requestTypes[signal];
    wire = type.toObject(type.decode(body), toObjectOptions);
  } catch (error) {
    throw new DecodeError(`invalid protobuf ${requestNames[signal]}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return fromWire(signal, wire, isReplacementCharAllowed);
}
