// The one place that decides where cost and token figures come from, so every read model agrees:
// a session with api_request events is counted from its events; a session without them from its
// cost/token metrics. Never both, which would double count. Metric points with no session id (the
// user turned OTEL_METRICS_INCLUDE_SESSION_ID off) cannot be matched to sessions: they count only
// when the whole range has no api_request event (@nullSessionMetrics, decided once per read).
// Parameters: @since, @until (Unix ms, until exclusive), @nullSessionMetrics (0 or 1).
// `+s.name` (unary plus) keeps the planner on the time index: a metric name matches every point
// ever stored, a time range only a few.

import { metricName, tokenType } from '../../vocabulary/metrics.js';

const costMetric = metricName.costUsd;
const tokenMetric = metricName.tokens;

/** A SQL condition on a session id column: that session's cost comes from its metrics. */
export function metricsPriceSession(sessionColumn: string): string {
  return `NOT EXISTS (SELECT 1 FROM session_stats x WHERE x.session_id = ${sessionColumn} AND x.api_requests > 0)`;
}

/** The same for decisions: the edit-tool decision metric counts only for sessions without events. */
export function metricsDecideSession(sessionColumn: string): string {
  return `NOT EXISTS (SELECT 1 FROM session_stats x WHERE x.session_id = ${sessionColumn} AND x.events > 0)`;
}

/**
 * How a list of sessions active in a range is read: through session_stats_by_last ('index', for short
 * ranges: a few sessions) or by one pass over every session ('scan', for long ranges, where most are
 * in it and a lookup each would cost more than the pass).
 */
export type SessionWalk = 'index' | 'scan';

/**
 * The same rule as a list, for reading many rollup rows at once: the sessions (with an id) active in
 * [@since, @until) whose cost comes from their metrics, the few with no api_request event. A
 * metrics rollup row with a session id at hour h always has that session's session_stats row, and
 * its first_ms / last_ms span h's point (rollups.ts keeps all of them from the same points, widening
 * only), so for rows of whole hours in the range "in this list" is `metricsPriceSession`.
 */
export function sessionsPricedByMetricsSql(walk: SessionWalk): string {
  return `SELECT x.session_id FROM session_stats x
    WHERE ${walk === 'scan' ? '+' : ''}x.last_ms >= @since AND +x.first_ms < @until AND (x.api_requests > 0) IS NOT 1 AND x.session_id <> ''`;
}

/** `metricsDecideSession` as a list, the same way. */
export function sessionsDecidedByMetricsSql(walk: SessionWalk): string {
  return `SELECT x.session_id FROM session_stats x
    WHERE ${walk === 'scan' ? '+' : ''}x.last_ms >= @since AND +x.first_ms < @until AND (x.events > 0) IS NOT 1 AND x.session_id <> ''`;
}

/** One row per priced fact: an api_request event, or a cost/token metric point. */
export const usageFactsSql = `
  SELECT e.time_ms AS time_ms, e.session_id AS session_id, e.model AS model,
    e.cost_usd AS cost_usd, (e.cost_usd IS NULL) AS unpriced,
    COALESCE(e.input_tokens, 0) AS input_tokens, COALESCE(e.output_tokens, 0) AS output_tokens,
    COALESCE(e.cache_read_tokens, 0) AS cache_read_tokens, COALESCE(e.cache_creation_tokens, 0) AS cache_creation_tokens,
    1 AS requests, e.query_class AS query_class
  FROM events e
  WHERE e.name = 'api_request' AND e.time_ms >= @since AND e.time_ms < @until
  UNION ALL
  SELECT p.end_ms, s.session_id, s.model,
    CASE WHEN s.name = '${costMetric}' THEN p.delta ELSE 0 END, 0,
    CASE WHEN s.name = '${tokenMetric}' AND s.type = '${tokenType.input}' THEN p.delta ELSE 0 END,
    CASE WHEN s.name = '${tokenMetric}' AND s.type = '${tokenType.output}' THEN p.delta ELSE 0 END,
    CASE WHEN s.name = '${tokenMetric}' AND s.type = '${tokenType.cacheRead}' THEN p.delta ELSE 0 END,
    CASE WHEN s.name = '${tokenMetric}' AND s.type = '${tokenType.cacheCreation}' THEN p.delta ELSE 0 END,
    0,
    CASE WHEN s.query_source IN ('subagent', 'auxiliary') THEN s.query_source ELSE 'main' END
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE +s.name IN ('${costMetric}', '${tokenMetric}') AND p.end_ms >= @since AND p.end_ms < @until
    AND CASE WHEN s.session_id IS NULL THEN @nullSessionMetrics ELSE ${metricsPriceSession('s.session_id')} END`;

const farFutureMs = 8_640_000_000_000_000;

export function rangeParams(range: { sinceMs?: number; untilMs?: number }): { since: number; until: number } {
  return { since: range.sinceMs ?? 0, until: range.untilMs ?? farFutureMs };
}
