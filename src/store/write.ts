// All writes of one OTLP request (or of one slice of a large one) run in one IMMEDIATE transaction;
// the receiver answers only after it commits. Natural keys (UNIQUE + INSERT OR IGNORE) make a retried
// request change nothing. Each record is written under its own savepoint: a record the store cannot
// take (a constraint, a value SQLite refuses, a bug of ours) is taken back alone and counted as
// rejected, so it never costs the other records. Only a failure of the store itself ends the write.
import type { EventRow } from '../normalize/events.js';
import type { PointRow, SeriesRow } from '../normalize/metric-points.js';
import { cumulativeDelta } from '../normalize/temporality.js';
import type { Db } from './open.js';
import { createRollupWriter } from './rollups.js';
import { writeEach } from './store-failure.js';
import { createSpanWriter, type SpanWriter } from './write-spans.js';
import { createCommitWriter } from './write-commits.js';

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
   * Runs `write` with no fsync at its commit (synchronous = NORMAL, as far as the connection syncs at
   * all): for the slices of a large request before its last. Nothing is acknowledged until the last
   * slice commits with the fsync of the write-ahead log, which makes the earlier slices durable too.
   */
  withoutSync<T>(write: () => T): T;
}

/** `machine`: the other machine whose records these are (sync); unset for this database's own. */
export function createWriter(db: Db, options: { machine?: string } = {}): Writer {
  const machine = options.machine ?? null;
  const insertEvent = db.prepare(`
    INSERT OR IGNORE INTO events (
      dedup_key, session_id, prompt_id, name, time_ms, sequence, user_id, user_email, model,
      input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, cost_usd, duration_ms,
      tool_name, is_success, decision, decision_source, error, status_code, request_id, query_source,
      agent_name, terminal_type, app_version, os_type, os_version, raw_json, received_ms, machine
    ) VALUES (
      @dedupKey, @sessionId, @promptId, @name, @timeMs, @sequence, @userId, @userEmail, @model,
      @inputTokens, @outputTokens, @cacheReadTokens, @cacheCreationTokens, @costUsd, @durationMs,
      @toolName, @isSuccess, @decision, @decisionSource, @error, @statusCode, @requestId, @querySource,
      @agentName, @terminalType, @appVersion, @osType, @osVersion, @rawJson, @receivedMs, @machine
    )`);
  const insertSeries = db.prepare(`
    INSERT INTO metric_series (
      series_key, name, unit, kind, temporality, is_monotonic, session_id, user_id, model, type,
      query_source, attributes_json, resource_json, scope_name
    ) VALUES (
      @seriesKey, @name, @unit, @kind, @temporality, @isMonotonic, @sessionId, @userId, @model, @type,
      @querySource, @attributesJson, @resourceJson, @scopeName
    )
    ON CONFLICT (series_key) DO UPDATE SET series_key = excluded.series_key
    RETURNING id`).pluck();
  const insertPoint = db.prepare(`
    INSERT OR IGNORE INTO metric_points (series_id, start_ns, end_ns, end_ms, value, delta, dedup_value, count, is_cumulative, received_ms, machine)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const storedCumulative = db.prepare(`
    SELECT id, value FROM metric_points WHERE series_id = ? AND start_ns = ? AND end_ns = ? AND dedup_value = 0`);
  const setTotal = db.prepare('UPDATE metric_points SET value = ?, delta = ?, received_ms = ? WHERE id = ?');
  // The stored point just before, or the anchor that pruning left for the run.
  const previousInRun = db.prepare(`
    SELECT value FROM (
      SELECT value, end_ns FROM metric_points WHERE series_id = @id AND start_ns = @start AND end_ns < @end
      UNION ALL
      SELECT value, end_ns FROM cumulative_anchors WHERE series_id = @id AND start_ns = @start AND end_ns < @end
    ) ORDER BY end_ns DESC LIMIT 1`).pluck();
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

  const rollups = createRollupWriter(db);
  const commits = createCommitWriter(db);
  const seriesIds = new Map<string, number>();
  function seriesId(series: SeriesRow): number {
    const known = seriesIds.get(series.seriesKey);
    if (known !== undefined) return known;
    const { project, ...columns } = series;
    const id = insertSeries.get({ ...columns, isMonotonic: series.isMonotonic ? 1 : 0 }) as number;
    seriesIds.set(series.seriesKey, id);
    label(series.sessionId, project);
    return id;
  }

  // Nested in the request's transaction, each of these runs under a savepoint of its own.
  const writeEvent = db.transaction((row: EventRow, receivedMs: number): boolean => {
    const { project, commit, ...columns } = row;
    const result = insertEvent.run({ ...columns, isSuccess: row.isSuccess === null ? null : row.isSuccess ? 1 : 0, receivedMs, machine });
    if (result.changes === 0) return false;
    label(row.sessionId, project);
    commits.record(row.sessionId, row.timeMs, commit);
    rollups.addEvent(result.lastInsertRowid);
    return true;
  });

  const writePoint = db.transaction((p: PointRow, receivedMs: number): boolean => {
    const id = seriesId(p.series);
    if (!p.isCumulative) {
      const result = insertPoint.run(id, p.startNs, p.endNs, p.endMs, p.value, p.value, p.value, p.count, 0, receivedMs, machine);
      if (result.changes === 0) return false;
      rollups.applyPoint(result.lastInsertRowid, 1);
      return true;
    }
    const previous = previousInRun.get({ id, start: p.startNs, end: p.endNs }) as number | undefined;
    const delta = cumulativeDelta(p.value, previous ?? null);
    const result = insertPoint.run(id, p.startNs, p.endNs, p.endMs, p.value, delta, 0, p.count, 1, receivedMs, machine);
    if (result.changes === 1) {
      rollups.applyPoint(result.lastInsertRowid, 1);
    } else {
      // Same series and times: a retry (same total) or a newer export in the same millisecond.
      const stored = storedCumulative.get(id, p.startNs, p.endNs) as { id: number; value: number };
      if (p.value <= stored.value) return false;
      rollups.applyPoint(stored.id, -1);
      setTotal.run(p.value, delta, receivedMs, stored.id);
      rollups.applyPoint(stored.id, 1);
    }
    // A point that arrives late (a retried export) sits between two stored points: the one after it
    // must now be differenced against it, or the run would count the late point twice.
    const next = nextInRun.get(id, p.startNs, p.endNs) as { id: number; value: number } | undefined;
    if (next !== undefined) {
      rollups.applyPoint(next.id, -1);
      setDelta.run(cumulativeDelta(next.value, p.value), next.id);
      rollups.applyPoint(next.id, 1);
    }
    return true;
  });

  const writeEvents = db.transaction((rows: readonly EventRow[], receivedMs: number, also?: AlsoInTransaction): WriteResult => {
    return finish(writeEach(db, rows, (row) => writeEvent(row, receivedMs), (row) => `event ${row.name}`), also);
  });

  const writePoints = db.transaction((points: readonly PointRow[], receivedMs: number, also?: AlsoInTransaction): WriteResult => {
    // A series written under a savepoint that was rolled back is gone again: forget the cached ids.
    return finish(writeEach(db, points, (p) => writePoint(p, receivedMs), (p) => `point of ${p.series.name}`, () => seriesIds.clear()), also);
  });

  return {
    writeEvents: (rows, receivedMs, also) => writeEvents.immediate(rows, receivedMs, also),
    writePoints: (points, receivedMs, also) => {
      try {
        return writePoints.immediate(points, receivedMs, also);
      } catch (error) {
        // The rollback may have removed series rows whose ids were cached.
        seriesIds.clear();
        throw error;
      }
    },
    writeSpans: createSpanWriter(db, machine),
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
