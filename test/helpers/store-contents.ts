// What requests leave in a store, comparable across two stores filled in other ways (sliced or not,
// one transaction or many, kept or rebuilt): every table but row ids and arrival times; floats to 12
// digits (sums add in another order).
import type { Db } from '../../src/store/open.js';

/** The rollups and indexes derived from the raw rows (rollups.ts keeps them and can rebuild them). */
export const derivedTables = [
  'session_stats',
  'session_models',
  'usage_hours',
  'tool_hours',
  'decision_hours',
  'metric_hours',
  'session_agents',
  'attribution_hours',
  'cache_write_hours',
  'event_usage_hours',
  'event_decision_hours',
  'session_labels',
  'commits',
];

export function storeContents(db: Db): Record<string, unknown[]> {
  const round = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(12)) : typeof v === 'bigint' ? String(v) : v);
  const rows = (sql: string) =>
    (db.prepare(sql).safeIntegers().all() as Record<string, unknown>[])
      .map(({ id: _id, received_ms: _r, series_id: _s, ...rest }) => JSON.stringify(rest, round))
      .sort();
  return {
    events: rows('SELECT * FROM events'),
    points: rows('SELECT p.*, s.series_key, s.name FROM metric_points p JOIN metric_series s ON s.id = p.series_id'),
    series: rows('SELECT * FROM metric_series'),
    spans: rows('SELECT * FROM spans'),
    prompts: rows('SELECT prompt, session_id, time_ms FROM prompt_search'),
    ...Object.fromEntries(derivedTables.map((t) => [t, rows(`SELECT * FROM ${t}`)])),
  };
}

/** Requests waiting in the forward queue. */
export function queuedForwards(db: Db): number {
  return db.prepare('SELECT COUNT(*) FROM forward_requests').pluck().get() as number;
}
