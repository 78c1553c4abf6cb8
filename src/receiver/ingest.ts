// decode → normalize → store, for one request. Returns what the OTLP response reports.
import { decodeJson } from '../otlp/decode-json.js';
import { decodeProtobuf } from '../otlp/decode-protobuf.js';
import type { ExportOutcome } from '../otlp/encode-response.js';
import type { Signal, SignalRequest } from '../otlp/types.js';
import { eventRows } from '../normalize/events.js';
import { metricPoints } from '../normalize/metric-points.js';
import { spanRows } from '../normalize/spans.js';
import type { Writer, WriteResult } from '../store/write.js';
import type { BodyEncoding } from './responses.js';

export interface IngestResult extends ExportOutcome {
  signal: Signal;
  received: number;
  inserted: number;
  duplicates: number;
}

export function decode<S extends Signal>(signal: S, encoding: BodyEncoding, body: Uint8Array): SignalRequest[S] {
  return encoding === 'protobuf' ? decodeProtobuf(signal, body) : decodeJson(signal, body);
}

/**
 * Whether a request goes upstream: when it stored something new, or when nothing in it was already
 * stored. The test is the store's own natural keys, so it is exact where a hash of the body is not:
 * a retry is skipped even when its bytes differ (re-encoded, gzipped anew), and a new request with
 * rows the store could not keep (rejected points) is still forwarded. Partly stored requests do not
 * exist (one transaction each), so a request is either a retry of one already queued or not.
 */
export function isWorthForwarding(received: number, written: WriteResult): boolean {
  return written.inserted > 0 || (received > 0 && written.duplicates === 0);
}

/** `queueCopy` runs inside the storing transaction when the request is worth forwarding. */
export function ingest(writer: Writer, signal: Signal, encoding: BodyEncoding, body: Uint8Array, receivedMs: number, queueCopy?: () => void): IngestResult {
  const also = (received: number) => (queueCopy === undefined ? undefined : (written: WriteResult) => (isWorthForwarding(received, written) ? queueCopy() : undefined));
  switch (signal) {
    case 'logs': {
      const rows = eventRows(decode('logs', encoding, body), receivedMs);
      const written = writer.writeEvents(rows, receivedMs, also(rows.length));
      return { signal, received: rows.length, ...written, rejected: 0, errorMessage: '' };
    }
    case 'metrics': {
      const { points, rejected, reasons } = metricPoints(decode('metrics', encoding, body));
      const written = writer.writePoints(points, receivedMs, also(points.length + rejected));
      return { signal, received: points.length + rejected, ...written, rejected, errorMessage: reasons.join('; ') };
    }
    case 'traces': {
      const { rows, rejected, reasons } = spanRows(decode('traces', encoding, body));
      const written = writer.writeSpans(rows, receivedMs, also(rows.length + rejected));
      return { signal, received: rows.length + rejected, ...written, rejected, errorMessage: reasons.join('; ') };
    }
    default: {
      const unreachable: never = signal;
      throw new Error(`unknown signal ${String(unreachable)}`);
    }
  }
}
