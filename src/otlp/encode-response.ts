import type protobuf from 'protobufjs';
import { otlpRoot } from './proto/schema-root.js';
import type { Signal } from './types.js';

const responseTypes: Record<Signal, protobuf.Type> = {
  logs: otlpRoot.lookupType('otlp.ExportLogsServiceResponse'),
  metrics: otlpRoot.lookupType('otlp.ExportMetricsServiceResponse'),
  traces: otlpRoot.lookupType('otlp.ExportTraceServiceResponse'),
};
const statusType = otlpRoot.lookupType('otlp.Status');

const rejectedField: Record<Signal, string> = {
  logs: 'rejectedLogRecords',
  metrics: 'rejectedDataPoints',
  traces: 'rejectedSpans',
};

export interface ExportOutcome {
  rejected: number;
  errorMessage: string;
}

/** The Export*ServiceResponse as a plain OTLP/JSON object; partial_success only when something was rejected. */
export function exportResponseJson(signal: Signal, outcome: ExportOutcome): Record<string, unknown> {
  if (outcome.rejected === 0 && outcome.errorMessage === '') return {};
  // OTLP/JSON encodes int64 as a string.
  return { partialSuccess: { [rejectedField[signal]]: String(outcome.rejected), errorMessage: outcome.errorMessage } };
}

export function exportResponseProtobuf(signal: Signal, outcome: ExportOutcome): Uint8Array {
  const type = responseTypes[signal];
  const body =
    outcome.rejected === 0 && outcome.errorMessage === ''
      ? {}
      : { partialSuccess: { [rejectedField[signal]]: outcome.rejected, errorMessage: outcome.errorMessage } };
  return type.encode(type.fromObject(body)).finish();
}

/** google.rpc.Status, the body OTLP/HTTP uses for errors. */
export function statusProtobuf(code: number, message: string): Uint8Array {
  return statusType.encode(statusType.fromObject({ code, message })).finish();
}
