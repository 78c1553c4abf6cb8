// All writes of one OTLP request (or of one slice of a large one) run in one IMMEDIATE transaction,
// or in one the receiver shares among the requests that arrived together (group, write-unit.ts); the
// receiver answers only after it commits. Natural keys (UNIQUE + INSERT OR IGNORE) make a retried
// request change nothing. Each record is written under its own savepoint: a record the store cannot
// take (a constraint, a value SQLite refuses, a bug of ours) is taken back alone and counted as
// rejected, so it never costs the other records. Only a failure of the store itself ends the write.
// The rollups and the prompt index follow once per transaction, not per record (rollups-deferred.ts).
import type { EventRow } from '../normalize/events.js';
import type { PointRow, SeriesRow } from '../normalize/metric-points.js';
import { cumulativeDelta } from '../normalize/temporality.js';
import type { Db } from './open.js';
import { createDeferredRollups } from './rollups-deferred.js';
import { writeEach } from './store-failure.js';
import { createEventInsert } from './write-events.js';
import { createSpanWriter, type SpanWriter } from './write-spans.js';
import { createCommitWriter } from './write-commits.js';
import { createWriteUnit, type Settled } from './write-unit.js';

export interface WriteResult {
  inserted: number;
  duplicates: number;
  /** Records taken back alone (see `reasons`); the rest of the write stands. */
  rejected: number;
  /** Why, one line per distinct reason, for OTLP partial_success. */
  reasons: string[];
}

/** Runs inside the write's transaction once its rows are written (the forward queue's copy), so both commit or neither. */
export type AlsoInTransaction = (result: WriteResult) => void;

export interface Writer {
  writeEvents(rows: readonly EventRow[], receivedMs: number, also?: AlsoInTransaction): WriteResult;
  writePoints(points: readonly PointRow[], receivedMs: number, also?: AlsoInTransaction): WriteResult;
  writeSpans: SpanWriter;
  /**
   * Runs the writes (each one of the calls above) in one transaction, each under a savepoint of its
   * own: one that fails alone is taken back alone and settles with its error; a failure of the store
   * itself throws, and none of them is stored.
   */
  group<T>(writes: readonly (() => T)[]): Settled<T>[];
  /**
   * Runs `write` with no fsync at its commit (synchronous = NORMAL, as far as the connection syncs at
   * all): for the slices of a large request before its last. Nothing is acknowledged until the last
   * slice commits with the fsync of the write-ahead log, which makes the earlier slices durable too.
   */
  withoutSync<T>(write: () => T): T;
}

/** `machine`: the other machine whose records these are (sync); unset for this database's own. */
export function createWriter(db: Db, options: { machine?: string } = {}): Writer {
  const machine = options.machine ?? null;
  const insertEvent = createEventInsert(db, machine);
  // By position, as the events INSERT (write-events.ts): named parameters from a spread object cost more than the row.
  const insertSeries = db
    .prepare(
      `
    INSERT INTO metric_series (
      series_key, name, unit, kind, temporality, is_monotonic, session_id, user_id, model, type,
      query_source, attributes_json, resource_json, scope_name
    ) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (series_key) DO UPDATE SET series_key = excluded.series_key
    RETURNING id`,
    )
    .pluck();
  const insertPoint = db.prepare(`
    INSERT OR IGNORE INTO metric_points (series_id, start_ns, end_ns, end_ms, value, delta, dedup_value, count, is_cumulative, received_ms, machine)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const storedCumulative = db.prepare(`
    SELECT id, value FROM metric_points WHERE series_id = ? AND start_ns = ? AND end_ns = ? AND dedup_value = 0`);
  const setTotal = db.prepare('UPDATE metric_points SET value = ?, delta = ?, received_ms = ? WHERE id = ?');
  // The stored point just before, or the anchor that pruning left for the run.
  const previousInRun = db
    .prepare(
      `
    SELECT value FROM (
      SELECT value, end_ns FROM metric_points WHERE series_id = @id AND start_ns = @start AND end_ns < @end
      UNION ALL
      SELECT value, end_ns FROM cumulative_anchors WHERE series_id = @id AND start_ns = @start AND end_ns < @end
    ) ORDER BY end_ns DESC LIMIT 1`,
    )
    .pluck();
  const nextInRun = db.prepare(`
    SELECT id, value FROM metric_points
    WHERE series_id = ? AND start_ns = ? AND end_ns > ? ORDER BY end_ns ASC LIMIT 1`);
  const setDelta = db.prepare('UPDATE metric_points SET delta = ? WHERE id = ?');

  // The latest project label seen for a session wins (a user can rename it mid-session).
  const labelSession = db.prepare(`
    INSERT INTO session_labels (session_id, project) VALUES (?, ?)
    ON CONFLICT (session_id) DO UPDATE SET project = excluded.project WHERE project <> excluded.project`);
  function label(sessionId: string | null, project: string | null): void {
    if (sessionId !== null && project !== null) labelSession.run(sessionId, project);
  }

  const rollups = createDeferredRollups(db);
  const commits = createCommitWriter(db);
  const seriesIds = new Map<string, number>();
  // A series written under a savepoint that was rolled back is gone again: forget the cached ids.
  const unit = createWriteUnit(db, rollups, () => seriesIds.clear());
  function seriesId(series: SeriesRow): number {
    const known = seriesIds.get(series.seriesKey);
    if (known !== undefined) return known;
    const s = series;
    const id = insertSeries.get(
      s.seriesKey,
      s.name,
      s.unit,
      s.kind,
      s.temporality,
      s.isMonotonic ? 1 : 0,
      s.sessionId,
      s.userId,
      s.model,
      s.type,
      s.querySource,
      s.attributesJson,
      s.resourceJson,
      s.scopeName,
    ) as number;
    seriesIds.set(series.seriesKey, id);
    label(series.sessionId, series.project);
    return id;
  }

  // Nested in the request's transaction, each of these runs under a savepoint of its own.
  const writeEvent = unit.nested((row: EventRow, receivedMs: number): boolean => {
    const result = insertEvent(row, receivedMs);
    if (result.changes === 0) return false;
    label(row.sessionId, row.project);
    commits.record(row.sessionId, row.timeMs, row.commit);
    rollups.addEvent(result.lastInsertRowid);
    return true;
  });

  const writePoint = unit.nested((p: PointRow, receivedMs: number): boolean => {
    const id = seriesId(p.series);
    if (!p.isCumulative) {
      const result = insertPoint.run(id, p.startNs, p.endNs, p.endMs, p.value, p.value, p.value, p.count, 0, receivedMs, machine);
      if (result.changes === 0) return false;
      rollups.addPoint(result.lastInsertRowid, id);
      return true;
    }
    const previous = previousInRun.get({ id, start: p.startNs, end: p.endNs }) as number | undefined;
    const delta = cumulativeDelta(p.value, previous ?? null);
    const result = insertPoint.run(id, p.startNs, p.endNs, p.endMs, p.value, delta, 0, p.count, 1, receivedMs, machine);
    if (result.changes === 1) {
      rollups.addPoint(result.lastInsertRowid, id);
    } else {
      // Same series and times: a retry (same total) or a newer export in the same millisecond.
      const stored = storedCumulative.get(id, p.startNs, p.endNs) as { id: number; value: number };
      if (p.value <= stored.value) return false;
      rollups.takeBackPoint(stored.id);
      setTotal.run(p.value, delta, receivedMs, stored.id);
      rollups.addPoint(stored.id, id);
    }
    // A point that arrives late (a retried export) sits between two stored points: the one after it
    // must now be differenced against it, or the run would count the late point twice.
    const next = nextInRun.get(id, p.startNs, p.endNs) as { id: number; value: number } | undefined;
    if (next !== undefined) {
      rollups.takeBackPoint(next.id);
      setDelta.run(cumulativeDelta(next.value, p.value), next.id);
      rollups.addPoint(next.id, id);
    }
    return true;
  });

  const writeEvents = (rows: readonly EventRow[], receivedMs: number, also?: AlsoInTransaction): WriteResult =>
    unit.run(() =>
      finish(
        writeEach(
          db,
          rows,
          (row) => writeEvent(row, receivedMs),
          (row) => `event ${row.name}`,
        ),
        also,
      ),
    );

  const writePoints = (points: readonly PointRow[], receivedMs: number, also?: AlsoInTransaction): WriteResult =>
    unit.run(() =>
      finish(
        writeEach(
          db,
          points,
          (p) => writePoint(p, receivedMs),
          (p) => `point of ${p.series.name}`,
          () => seriesIds.clear(),
        ),
        also,
      ),
    );

  return {
    writeEvents,
    writePoints,
    writeSpans: createSpanWriter(db, machine),
    group: (writes) => unit.group(writes),
    withoutSync(write) {
      const level = Number(db.pragma('synchronous', { simple: true }));
      db.pragma(`synchronous = ${Math.min(level, 1)}`);
      try {
        return write();
      } finally {
        db.pragma(`synchronous = ${level}`);
      }
    },
  };
}

function finish(result: WriteResult, also: AlsoInTransaction | undefined): WriteResult {
  also?.(result);
  return result;
}
