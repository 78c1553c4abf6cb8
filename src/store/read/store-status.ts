import { statement, type Db } from '../open.js';

export interface StoreStatus {
  schemaVersion: number;
  sessions: number;
  events: number;
  metricPoints: number;
  spans: number;
  /** First and last activity, ISO 8601; null in an empty database. */
  firstActivity: string | null;
  lastActivity: string | null;
}

const countsSql = `
  SELECT (SELECT COUNT(*) FROM session_stats) AS sessions, (SELECT COUNT(*) FROM events) AS events,
    (SELECT COUNT(*) FROM metric_points) AS metricPoints, (SELECT COUNT(*) FROM spans) AS spans,
    (SELECT MIN(t) FROM (SELECT MIN(time_ms) AS t FROM events UNION ALL SELECT MIN(end_ms) FROM metric_points)) AS firstMs,
    (SELECT MAX(t) FROM (SELECT MAX(time_ms) AS t FROM events UNION ALL SELECT MAX(end_ms) FROM metric_points)) AS lastMs`;

/** What the database holds, for `status`. */
export function storeStatus(db: Db): StoreStatus {
  const r = statement(db, countsSql).get() as {
    sessions: number;
    events: number;
    metricPoints: number;
    spans: number;
    firstMs: number | null;
    lastMs: number | null;
  };
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return {
    schemaVersion: Number(db.pragma('user_version', { simple: true })),
    sessions: r.sessions,
    events: r.events,
    metricPoints: r.metricPoints,
    spans: r.spans,
    firstActivity: iso(r.firstMs),
    lastActivity: iso(r.lastMs),
  };
}
