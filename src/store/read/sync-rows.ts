// This database's own records past a folder's marks, in pages by id, for its sync segments. Only
// records received here (machine IS NULL): another machine's records are never written back out,
// so nothing echoes between machines.
import { statement, type Db } from '../open.js';
import { pointExportRow, type PointExportRow } from './export-rows.js';

export interface SyncEventRow {
  id: number;
  receivedMs: number;
  rawJson: string;
}

export interface SyncPointRow extends PointExportRow {
  id: number;
  receivedMs: number;
}

export interface SyncSpanRow {
  id: number;
  receivedMs: number;
  rawJson: string;
}

export const syncEventsSql = `
  SELECT id, received_ms AS receivedMs, raw_json AS rawJson FROM events
  WHERE id > ? AND id <= ? AND machine IS NULL ORDER BY id LIMIT ?`;

const pointColumns = `
  p.id, p.received_ms AS receivedMs, s.name, s.unit, s.kind, s.temporality, s.is_monotonic AS isMonotonic,
  s.session_id AS sessionId, s.attributes_json AS attributesJson, s.resource_json AS resourceJson, s.scope_name AS scopeName,
  p.start_ns AS startNs, p.end_ns AS endNs, p.value, p.delta, p.count, p.is_cumulative AS isCumulative`;

export const syncPointsSql = `
  SELECT ${pointColumns} FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE p.id > ? AND p.id <= ? AND p.machine IS NULL ORDER BY p.id LIMIT ?`;

/** Points written before whose total was raised in place since (the trigger of migration 13 lists them). */
const raisedSql = `
  SELECT ${pointColumns}, r.id AS raisedId FROM sync_raised_points r
  JOIN metric_points p ON p.id = r.point_id JOIN metric_series s ON s.id = p.series_id
  WHERE r.id > ? AND p.id <= ? AND p.machine IS NULL ORDER BY r.id`;

const spansSql = `
  SELECT id, received_ms AS receivedMs, raw_json AS rawJson FROM spans
  WHERE id > ? AND id <= ? AND machine IS NULL ORDER BY id LIMIT ?`;

export interface LastIds {
  events: number;
  points: number;
  spans: number;
}

/**
 * The last id of each table now. A pass writes this machine's rows up to them, then moves its marks
 * there: past the other machines' rows too, which would otherwise be walked again on every pass.
 * Rows stored later get larger ids, so none is passed over.
 */
export function lastIds(db: Db): LastIds {
  return statement(
    db,
    `SELECT (SELECT coalesce(max(id), 0) FROM events) AS events, (SELECT coalesce(max(id), 0) FROM metric_points) AS points,
    (SELECT coalesce(max(id), 0) FROM spans) AS spans`,
  ).get() as LastIds;
}

export function syncEvents(db: Db, afterId: number, upToId: number, limit: number): SyncEventRow[] {
  return statement(db, syncEventsSql).all(afterId, upToId, limit) as SyncEventRow[];
}

function pointRow(row: Record<string, unknown>): SyncPointRow {
  return { ...pointExportRow(row), id: Number(row['id']), receivedMs: Number(row['receivedMs']) };
}

/** Nanosecond times come back as BigInt: a JS number cannot hold them exactly. */
export function syncPoints(db: Db, afterId: number, upToId: number, limit: number): SyncPointRow[] {
  return (statement(db, syncPointsSql).safeIntegers(true).all(afterId, upToId, limit) as Record<string, unknown>[]).map(pointRow);
}

export function raisedPoints(db: Db, afterRaisedId: number, pointsMark: number): { rows: SyncPointRow[]; lastRaisedId: number } {
  const lastRaisedId = statement(db, 'SELECT coalesce(max(id), 0) FROM sync_raised_points').pluck().get() as number;
  const rows = (statement(db, raisedSql).safeIntegers(true).all(afterRaisedId, pointsMark) as Record<string, unknown>[]).map(pointRow);
  return { rows, lastRaisedId: Math.max(afterRaisedId, lastRaisedId) };
}

export function syncSpans(db: Db, afterId: number, upToId: number, limit: number): SyncSpanRow[] {
  return statement(db, spansSql).all(afterId, upToId, limit) as SyncSpanRow[];
}

export interface PendingExport {
  /** When the oldest record not yet in a segment arrived; null when there is none. */
  oldestReceivedMs: number | null;
  /** About how many bytes its segment lines take. */
  approxBytes: number;
}

export const pendingSql = `
  SELECT
    (SELECT min(received_ms) FROM (
      SELECT received_ms FROM (SELECT received_ms FROM events WHERE id > @events AND machine IS NULL ORDER BY id LIMIT 1)
      UNION ALL SELECT received_ms FROM (SELECT received_ms FROM metric_points WHERE id > @points AND machine IS NULL ORDER BY id LIMIT 1)
      UNION ALL SELECT received_ms FROM (SELECT received_ms FROM spans WHERE id > @spans AND machine IS NULL ORDER BY id LIMIT 1))) AS oldestReceivedMs,
    (SELECT TOTAL(length(raw_json)) FROM events WHERE id > @events AND machine IS NULL)
      + 400 * (SELECT count(*) FROM metric_points WHERE id > @points AND machine IS NULL)
      + (SELECT TOTAL(length(raw_json)) FROM spans WHERE id > @spans AND machine IS NULL) AS approxBytes`;

/** What waits for the next segment, so the continuous writer knows when one is due. */
export function pendingExport(db: Db, marks: { eventsMark: number; pointsMark: number; spansMark: number }): PendingExport {
  const row = statement(db, pendingSql).get({ events: marks.eventsMark, points: marks.pointsMark, spans: marks.spansMark }) as {
    oldestReceivedMs: number | null;
    approxBytes: number;
  };
  return { oldestReceivedMs: row.oldestReceivedMs, approxBytes: row.approxBytes };
}
