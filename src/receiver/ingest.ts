// decode → normalize → store, for one request. Returns what the OTLP response reports.
// A large request can go in slices: decoded in pieces and stored a slice at a time, each slice in a
// transaction of its own, with a pause between them where the caller lets the event loop run (see
// sliced-ingest.ts). A small request is one piece and one transaction, as before. The steps hand
// each write to their caller, which runs it in a transaction of its own (`ingest`) or in one it
// shares with the writes of other requests that arrived together (the receiver's group commit).
import { decodeJson, parseJson } from '../otlp/decode-json.js';
import { decodeProtobuf, hasReplacementChar } from '../otlp/decode-protobuf.js';
import type { ExportOutcome } from '../otlp/encode-response.js';
import { splitJson, splitProtobuf } from '../otlp/split-request.js';
import { fromWire } from '../otlp/wire-to-plain.js';
import { DecodeError, type Signal, type SignalRequest } from '../otlp/types.js';
import { eventRowsEach, metricPointsEach, spanRowsEach, type Normalized } from '../normalize/each-record.js';
import type { EventRow } from '../normalize/events.js';
import type { PointRow } from '../normalize/metric-points.js';
import type { SpanRow } from '../normalize/spans.js';
import type { AlsoInTransaction, Writer, WriteResult } from '../store/write.js';
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

interface RowOf {
  logs: EventRow;
  metrics: PointRow;
  traces: SpanRow;
}

/** How each signal's records are normalized and written. */
interface Way<S extends Signal> {
  normalize(request: SignalRequest[S], receivedMs: number): Normalized<RowOf[S]>;
  write(writer: Writer, rows: readonly RowOf[S][], receivedMs: number, also?: AlsoInTransaction): WriteResult;
}

const ways: { [S in Signal]: Way<S> } = {
  logs: { normalize: eventRowsEach, write: (writer, rows, receivedMs, also) => writer.writeEvents(rows, receivedMs, also) },
  metrics: { normalize: metricPointsEach, write: (writer, rows, receivedMs, also) => writer.writePoints(rows, receivedMs, also) },
  traces: { normalize: spanRowsEach, write: (writer, rows, receivedMs, also) => writer.writeSpans(rows, receivedMs, also) },
};

interface Prepared<S extends Signal> extends Normalized<RowOf[S]> {
  /** Every record of the request: the rows, and those normalize rejected. */
  received: number;
}

/** At most this many distinct reasons are named in partial_success (a large request can have thousands); the count covers every record. */
const maxReasons = 20;

function summary(reasons: readonly string[]): string {
  const distinct = [...new Set(reasons)];
  const more = distinct.length - maxReasons;
  return [...distinct.slice(0, maxReasons), ...(more > 0 ? [`${more} more reasons`] : [])].join('; ');
}

/** The request in pieces of at most `maxRecords` records, each decoded on demand. */
function pieces<S extends Signal>(signal: S, encoding: BodyEncoding, body: Uint8Array, maxRecords: number): (() => SignalRequest[S])[] {
  if (!Number.isFinite(maxRecords)) return [() => decode(signal, encoding, body)];
  if (encoding === 'protobuf') {
    // Whether U+FFFD may appear is a question about the whole body (see decode-protobuf.ts).
    const isReplacementCharAllowed = hasReplacementChar(body);
    return splitProtobuf(signal, body, maxRecords).map((piece) => () => decodeProtobuf(signal, piece(), isReplacementCharAllowed));
  }
  return splitJson(signal, parseJson(body), maxRecords).map((piece) => () => fromWire(signal, piece));
}

/** Decodes and normalizes piece by piece, pausing between pieces; any piece that does not decode fails the whole request before anything is stored. */
function* prepare<S extends Signal>(
  signal: S,
  encoding: BodyEncoding,
  body: Uint8Array,
  receivedMs: number,
  maxRecords: number,
): Generator<IngestStep, Prepared<S>, WriteResult | undefined> {
  // The cast is sound: `ways` holds, for each signal, the way of that signal.
  const way = ways[signal] as unknown as Way<S>;
  const parts = pieces(signal, encoding, body, maxRecords);
  // Cutting a 16 MiB body takes a step of its own.
  if (parts.length > 1) yield;
  const prepared: Prepared<S> = { rows: [], rejected: 0, reasons: [], received: 0 };
  for (const [i, part] of parts.entries()) {
    let request: SignalRequest[S];
    try {
      request = part();
    } catch (error) {
      // The whole body's own error names the field by its place in the request, not in the piece.
      if (parts.length > 1 && error instanceof DecodeError) decode(signal, encoding, body);
      throw error;
    }
    const normalized = way.normalize(request, receivedMs);
    for (const row of normalized.rows) prepared.rows.push(row);
    prepared.rejected += normalized.rejected;
    prepared.reasons.push(...normalized.reasons);
    if (i < parts.length - 1) yield;
  }
  prepared.received = prepared.rows.length + prepared.rejected;
  return prepared;
}

/**
 * A step of an ingest: a pause (undefined), where the caller may let other work run; or a write, which
 * the caller runs (`isSynced`: whether its commit must reach the disk before the answer: the last
 * slice's does, for the slices before it too) and whose result or error it hands back to the steps.
 */
export type IngestStep = undefined | { write: () => WriteResult; isSynced: boolean; records: number };

/** Stores the rows in slices of at most `maxRecords`, one transaction each, pausing between them. */
function* store<S extends Signal>(
  writer: Writer,
  signal: S,
  prepared: Prepared<S>,
  receivedMs: number,
  maxRecords: number,
  queueCopy: (() => void) | undefined,
): Generator<IngestStep, IngestResult, WriteResult | undefined> {
  const way = ways[signal] as unknown as Way<S>;
  const { rows, received } = prepared;
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
    let written: WriteResult | undefined;
    try {
      written = yield { write: () => way.write(writer, slice, receivedMs, also), isSynced: isLast, records: slice.length };
    } catch (error) {
      if (i === 0) throw error;
      throw new PartlyStoredError(error, i * maxRecords, rows.length);
    }
    if (written === undefined) throw new Error('an ingest step was resumed without the result of its write');
    total.inserted += written.inserted;
    total.duplicates += written.duplicates;
    total.rejected += written.rejected;
    total.reasons.push(...written.reasons);
    if (!isLast) yield;
  }
  return { signal, received, inserted: total.inserted, duplicates: total.duplicates, rejected: total.rejected, errorMessage: summary(total.reasons) };
}

export type IngestSteps = Generator<IngestStep, IngestResult, WriteResult | undefined>;

/** The whole ingest as steps: each pause is a point where the caller may let other work run; each write is the caller's to run. */
export function* ingestSteps(
  writer: Writer,
  signal: Signal,
  encoding: BodyEncoding,
  body: Uint8Array,
  receivedMs: number,
  maxRecords: number,
  queueCopy?: () => void,
): IngestSteps {
  const prepared = yield* prepare(signal, encoding, body, receivedMs, maxRecords);
  return yield* store(writer, signal, prepared, receivedMs, maxRecords, queueCopy);
}

/** Hands a write's outcome back to the steps: its result, or its error thrown where the steps wait for it. */
export function resume(steps: IngestSteps, outcome: { value: WriteResult } | { error: unknown }): IteratorResult<IngestStep, IngestResult> {
  return 'error' in outcome ? steps.throw(outcome.error) : steps.next(outcome.value);
}

/** One request in one piece and one transaction. `queueCopy` runs inside it when the request is worth forwarding. */
export function ingest(writer: Writer, signal: Signal, encoding: BodyEncoding, body: Uint8Array, receivedMs: number, queueCopy?: () => void): IngestResult {
  const steps = ingestSteps(writer, signal, encoding, body, receivedMs, Number.POSITIVE_INFINITY, queueCopy);
  let step = steps.next();
  while (step.done !== true) {
    const { value } = step;
    if (value === undefined) {
      step = steps.next();
      continue;
    }
    let outcome: { value: WriteResult } | { error: unknown };
    try {
      outcome = { value: value.isSynced ? value.write() : writer.withoutSync(value.write) };
    } catch (error) {
      outcome = { error };
    }
    step = resume(steps, outcome);
  }
  return step.value;
}
