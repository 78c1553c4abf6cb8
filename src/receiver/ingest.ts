// decode → normalize → store, for one request. Returns what the OTLP response reports.
// A large request can go in slices: decoded in pieces and stored a slice at a time, each slice in a
// transaction of its own, with a pause between them where the caller lets the event loop run (see
// sliced-ingest.ts). A small request is one piece and one transaction, as before.
import { decodeJson, parseJson } from '../otlp/decode-json.js';
import { decodeProtobuf, hasReplacementChar } from '../otlp/decode-protobuf.js';
import type { ExportOutcome } from '../otlp/encode-response.js';
import { splitJson, splitProtobuf } from '../otlp/split-request.js';
import { fromWire } from '../otlp/wire-to-plain.js';
import { DecodeError, type LogsRequest, type MetricsRequest, type Signal, type SignalRequest, type TracesRequest } from '../otlp/types.js';
import { eventRowsEach, metricPointsEach } from '../normalize/each-record.js';
import type { EventRow } from '../normalize/events.js';
import { contentHash } from '../normalize/keys.js';
import type { PointRow } from '../normalize/metric-points.js';
import type { Writer, WriteResult } from '../store/write.js';
import type { BodyEncoding } from './responses.js';

export interface IngestResult extends ExportOutcome {
  signal: Signal;
  received: number;
  inserted: number;
  duplicates: number;
}

/** The store failed after some slices of the request were committed: those stay, and a retry stores the rest once. */
export class PartlyStoredError extends Error {
  override readonly name = 'PartlyStoredError';
  readonly code: unknown;
  constructor(
    override readonly cause: unknown,
    readonly storedRecords: number,
    readonly records: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.code = (cause as { code?: unknown } | null)?.code;
  }
}

export function decode<S extends Signal>(signal: S, encoding: BodyEncoding, body: Uint8Array): SignalRequest[S] {
  return encoding === 'protobuf' ? decodeProtobuf(signal, body) : decodeJson(signal, body);
}

/**
 * Whether a request goes upstream: when it stored something new, or when nothing in it was already
 * stored (every record rejected: the upstream may take what we could not). The test is the store's
 * own natural keys, so it is exact where a hash of the body is not: a retry is skipped even when its
 * bytes differ (re-encoded, gzipped anew).
 *
 * A request stored in slices is judged by its first slice that stores or finds anything (or its last,
 * when every record is rejected), and its copy is queued in that slice's transaction. Slices are cut
 * the same way on every try, so a try that died half-way queued its copy with that slice or not at
 * all, and a retry finds that slice stored (queued, skip it) or not (queue it now); of two tries
 * running at once, the one that stores that slice first queues. One copy either way.
 */
export function isWorthForwarding(received: number, written: Pick<WriteResult, 'inserted' | 'duplicates'>): boolean {
  return written.inserted > 0 || (received > 0 && written.duplicates === 0);
}

type Prepared =
  | { signal: 'logs'; received: number; rows: EventRow[]; rejected: number; reasons: string[] }
  | { signal: 'metrics'; received: number; rows: PointRow[]; rejected: number; reasons: string[] }
  | { signal: 'traces'; request: TracesRequest };

/** At most this many reasons are named in partial_success; the count covers every record. */
const maxReasons = 5;

function summary(reasons: readonly string[]): string {
  const distinct = [...new Set(reasons)];
  const more = distinct.length - maxReasons;
  return [...distinct.slice(0, maxReasons), ...(more > 0 ? [`${more} more reasons`] : [])].join('; ');
}

/** The request in pieces of at most `maxRecords` records, each decoded on demand. */
function pieces<S extends 'logs' | 'metrics'>(signal: S, encoding: BodyEncoding, body: Uint8Array, maxRecords: number): (() => SignalRequest[S])[] {
  if (!Number.isFinite(maxRecords)) return [() => decode(signal, encoding, body)];
  if (encoding === 'protobuf') {
    // Whether U+FFFD may appear is a question about the whole body (see decode-protobuf.ts).
    const isReplacementCharAllowed = hasReplacementChar(body);
    return splitProtobuf(signal, body, maxRecords).map((piece) => () => decodeProtobuf(signal, piece(), isReplacementCharAllowed));
  }
  return splitJson(signal, parseJson(body), maxRecords).map((piece) => () => fromWire(signal, piece));
}

/** Decodes and normalizes piece by piece, pausing between pieces; any piece that does not decode fails the whole request before anything is stored. */
function* prepare(signal: Signal, encoding: BodyEncoding, body: Uint8Array, receivedMs: number, maxRecords: number): Generator<void, Prepared> {
  if (signal === 'traces') return { signal, request: decode('traces', encoding, body) };
  const parts = pieces(signal, encoding, body, maxRecords);
  const rows: (EventRow | PointRow)[] = [];
  const reasons: string[] = [];
  let rejected = 0;
  for (const [i, part] of parts.entries()) {
    let request: LogsRequest | MetricsRequest;
    try {
      request = part();
    } catch (error) {
      // The whole body's own error names the field by its place in the request, not in the piece.
      if (parts.length > 1 && error instanceof DecodeError) decode(signal, encoding, body);
      throw error;
    }
    const normalized = signal === 'logs' ? eventRowsEach(request as LogsRequest, receivedMs) : metricPointsEach(request as MetricsRequest);
    for (const row of 'rows' in normalized ? normalized.rows : normalized.points) rows.push(row);
    rejected += normalized.rejected;
    reasons.push(...normalized.reasons);
    if (i < parts.length - 1) yield;
  }
  const received = rows.length + rejected;
  return signal === 'logs'
    ? { signal, received, rows: rows as EventRow[], rejected, reasons }
    : { signal, received, rows: rows as PointRow[], rejected, reasons };
}

/** Stores the rows in slices of at most `maxRecords`, one transaction each, pausing between them. */
function* store(writer: Writer, prepared: Prepared, receivedMs: number, maxRecords: number, queueCopy: (() => void) | undefined): Generator<void, IngestResult> {
  if (prepared.signal === 'traces') {
    const { request } = prepared;
    const spanCount = request.resourceSpans.reduce((n, rs) => n + rs.scopeSpans.reduce((m, ss) => m + ss.spans.length, 0), 0);
    if (spanCount === 0) return { signal: 'traces', received: 0, inserted: 0, duplicates: 0, rejected: 0, errorMessage: '' };
    const also = queueCopy === undefined ? undefined : (w: WriteResult) => (isWorthForwarding(spanCount, w) ? queueCopy() : undefined);
    const written = writer.writeTraces(contentHash(request), JSON.stringify(request), spanCount, receivedMs, also);
    return { signal: 'traces', received: spanCount, inserted: written.inserted, duplicates: written.duplicates, rejected: written.rejected, errorMessage: summary(written.reasons) };
  }
  const { signal, rows, received } = prepared;
  const total = { inserted: 0, duplicates: 0, rejected: prepared.rejected, reasons: [...prepared.reasons] };
  const sliceCount = Math.max(1, Math.ceil(rows.length / maxRecords));
  let isDecided = queueCopy === undefined;
  for (let i = 0; i < sliceCount; i += 1) {
    const isLast = i === sliceCount - 1;
    const also = isDecided
      ? undefined
      : (w: WriteResult) => {
          if (w.inserted + w.duplicates === 0 && !isLast) return;
          isDecided = true;
          if (isWorthForwarding(received, w)) queueCopy?.();
        };
    const slice = sliceCount === 1 ? rows : rows.slice(i * maxRecords, (i + 1) * maxRecords);
    let written: WriteResult;
    try {
      const write = () => (signal === 'logs' ? writer.writeEvents(slice as EventRow[], receivedMs, also) : writer.writePoints(slice as PointRow[], receivedMs, also));
      // The last slice's commit syncs the log, and the slices before it with it: only then is the request answered.
      written = isLast ? write() : writer.withoutSync(write);
    } catch (error) {
      if (i === 0) throw error;
      throw new PartlyStoredError(error, i * maxRecords, rows.length);
    }
    total.inserted += written.inserted;
    total.duplicates += written.duplicates;
    total.rejected += written.rejected;
    total.reasons.push(...written.reasons);
    if (!isLast) yield;
  }
  return { signal, received, inserted: total.inserted, duplicates: total.duplicates, rejected: total.rejected, errorMessage: summary(total.reasons) };
}

/** The whole ingest as steps: each `yield` is a point where the caller may let other work run. */
export function* ingestSteps(writer: Writer, signal: Signal, encoding: BodyEncoding, body: Uint8Array, receivedMs: number, maxRecords: number, queueCopy?: () => void): Generator<void, IngestResult> {
  const prepared = yield* prepare(signal, encoding, body, receivedMs, maxRecords);
  return yield* store(writer, prepared, receivedMs, maxRecords, queueCopy);
}

/** One request in one piece and one transaction. `queueCopy` runs inside it when the request is worth forwarding. */
export function ingest(writer: Writer, signal: Signal, encoding: BodyEncoding, body: Uint8Array, receivedMs: number, queueCopy?: () => void): IngestResult {
  const steps = ingestSteps(writer, signal, encoding, body, receivedMs, Number.POSITIVE_INFINITY, queueCopy);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
