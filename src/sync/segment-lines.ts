// Stored records back into OTLP/JSON requests, one line each: the records one accepted request
// stored (same arrival time, consecutive ids) make one line, up to the exporters' batch size. The
// encoding is `export --format otlp-json`'s, which imports into the same rows and the same numbers.
import { logsRequest, metricsRequest, tracesRequest } from '../cli/transfer/to-otlp-json.js';
import type { SyncEventRow, SyncPointRow, SyncSpanRow } from '../store/read/sync-rows.js';

/** A line and the id of the last row in it (what the folder's mark moves to once it is written). */
export interface SegmentLine {
  text: string;
  lastId: number;
  records: number;
}

const maxRecordsPerLine = 512;

/** Consecutive rows that arrived together, at most maxRecordsPerLine. */
function* requests<R extends { receivedMs: number }>(rows: readonly R[]): Generator<R[]> {
  let group: R[] = [];
  for (const row of rows) {
    if (group.length > 0 && (group[0]!.receivedMs !== row.receivedMs || group.length === maxRecordsPerLine)) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length > 0) yield group;
}

export function eventLines(rows: readonly SyncEventRow[]): SegmentLine[] {
  return [...requests(rows)].map((group) => ({ text: `${JSON.stringify(logsRequest(group))}\n`, lastId: group.at(-1)!.id, records: group.length }));
}

/** Histograms and summaries are not written: their buckets are not stored, so no request could carry them whole. */
export function pointLines(rows: readonly SyncPointRow[]): SegmentLine[] {
  return [...requests(rows)].map((group) => {
    const sendable = group.filter((r) => r.kind === 'gauge' || r.kind === 'sum');
    return { text: sendable.length === 0 ? '' : `${JSON.stringify(metricsRequest(sendable))}\n`, lastId: group.at(-1)!.id, records: sendable.length };
  });
}

export function spanLines(rows: readonly SyncSpanRow[]): SegmentLine[] {
  return [...requests(rows)].map((group) => ({ text: `${JSON.stringify(tracesRequest(group))}\n`, lastId: group.at(-1)!.id, records: group.length }));
}
