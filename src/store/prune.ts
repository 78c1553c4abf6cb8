// Retention: the only code that deletes. Everything older than the cutoff goes in one transaction.
import type { Db } from './open.js';
import { rebuildDerived } from './rollups.js';

export interface PruneResult {
  cutoffMs: number;
  events: number;
  metricPoints: number;
  metricSeries: number;
  spans: number;
  /** API requests read from transcripts (their telemetry goes by the same cutoff). */
  transcriptRequests: number;
  statuslineSnapshots: number;
}

/** Thrown inside the transaction to roll a dry run back after counting exactly what it would delete. */
class DryRun {
  constructor(readonly result: PruneResult) {}
}

export function prune(db: Db, cutoffMs: number, options: { dryRun?: boolean } = {}): PruneResult {
  const params = { cutoff: cutoffMs };
  const run = db.transaction((): PruneResult => {
    // Keep each cumulative run's last deleted total, so a later point of that run is differenced
    // against it (see migration 002).
    db.prepare(
      `
      INSERT INTO cumulative_anchors (series_id, start_ns, end_ns, value)
      SELECT series_id, start_ns, end_ns, value FROM (
        SELECT series_id, start_ns, end_ns, value,
          ROW_NUMBER() OVER (PARTITION BY series_id, start_ns ORDER BY end_ns DESC) AS rn
        FROM metric_points WHERE is_cumulative = 1 AND end_ms < @cutoff
      ) WHERE rn = 1
      ON CONFLICT (series_id, start_ns) DO UPDATE SET end_ns = excluded.end_ns, value = excluded.value
      WHERE excluded.end_ns > cumulative_anchors.end_ns`,
    ).run(params);
    const result: PruneResult = {
      cutoffMs,
      events: db.prepare('DELETE FROM events WHERE time_ms < @cutoff').run(params).changes,
      metricPoints: db.prepare('DELETE FROM metric_points WHERE end_ms < @cutoff').run(params).changes,
      spans: db.prepare('DELETE FROM spans WHERE start_ms < @cutoff').run(params).changes,
      transcriptRequests: db.prepare('DELETE FROM transcript_requests WHERE time_ms < @cutoff').run(params).changes,
      statuslineSnapshots: db.prepare('DELETE FROM statusline_snapshots WHERE time_ms < @cutoff').run(params).changes,
      // A series whose points are all gone goes too, unless an anchor still needs it.
      metricSeries: db
        .prepare(
          `
        DELETE FROM metric_series WHERE id IN (
          SELECT s.id FROM metric_series s
          WHERE NOT EXISTS (SELECT 1 FROM metric_points p WHERE p.series_id = s.id)
            AND NOT EXISTS (SELECT 1 FROM cumulative_anchors a WHERE a.series_id = s.id))`,
        )
        .run().changes,
    };
    // A session's folder goes once the session was last seen before the cutoff.
    db.prepare('DELETE FROM session_workspaces WHERE last_ms < @cutoff').run(params);
    // Commits go with the events that reported them.
    db.prepare('DELETE FROM commits WHERE time_ms < @cutoff').run(params);
    if (options.dryRun) throw new DryRun(result);
    // A transcript's place and a project label outlive their data only as long as the session does.
    // The files' read offsets stay: a pruned transcript is not read again.
    db.prepare('DELETE FROM transcript_sessions WHERE last_ms < @cutoff').run(params);
    rebuildDerived(db);
    db.prepare('DELETE FROM session_labels WHERE session_id NOT IN (SELECT session_id FROM session_stats)').run();
    return result;
  });
  try {
    return run.immediate();
  } catch (error) {
    if (error instanceof DryRun) return error.result;
    throw error;
  }
}
