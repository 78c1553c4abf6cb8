// The one place that decides where cost and token figures come from, so every read model agrees:
// a session with api_request events is counted from its events; a session without them from its
// cost/token metrics. Never both, which would double count. Metric points with no session id (the
// user turned OTEL_METRICS_INCLUDE_SESSION_ID off) count only when no api_request event falls in the
// same range, since they cannot be matched to sessions.
// Parameters: @since, @until (Unix ms, until exclusive).

export const costMetric = 'claude_code.cost.usage';
export const tokenMetric = 'claude_code.token.usage';

/** A SQL condition on metric_series `s`: its session (or its range) has no api_request events. */
export const metricIsSourceSql = `
  CASE WHEN s.session_id IS NULL
    THEN NOT EXISTS (SELECT 1 FROM events x WHERE x.name = 'api_request' AND x.time_ms >= @since AND x.time_ms < @until)
    ELSE NOT EXISTS (SELECT 1 FROM events x WHERE x.name = 'api_request' AND x.session_id = s.session_id)
  END`;

/**
 * main / subagent / auxiliary for an api_request event, as the cost metric's query_source names
 * them: a named agent is a subagent; the main loop is `sdk` (-p) or `repl_main_thread`; everything
 * else (session titles, compaction, …) is auxiliary.
 */
const eventClassSql = `
    CASE
      WHEN e.agent_name IS NOT NULL OR e.query_source = 'subagent' OR e.query_source LIKE 'agent%' THEN 'subagent'
      WHEN e.query_source IS NULL OR e.query_source IN ('sdk', 'repl_main_thread', 'main') OR e.query_source LIKE 'repl_main_thread%' THEN 'main'
      ELSE 'auxiliary'
    END`;

/** One row per priced fact: an api_request event, or a cost/token metric point. */
export const usageFactsSql = `
  SELECT e.time_ms AS time_ms, e.session_id AS session_id, e.model AS model,
    e.cost_usd AS cost_usd, (e.cost_usd IS NULL) AS unpriced,
    COALESCE(e.input_tokens, 0) AS input_tokens, COALESCE(e.output_tokens, 0) AS output_tokens,
    COALESCE(e.cache_read_tokens, 0) AS cache_read_tokens, COALESCE(e.cache_creation_tokens, 0) AS cache_creation_tokens,
    1 AS requests,
    ${eventClassSql} AS query_class
  FROM events e
  WHERE e.name = 'api_request' AND e.time_ms >= @since AND e.time_ms < @until
  UNION ALL
  SELECT p.end_ms, s.session_id, s.model,
    CASE WHEN s.name = '${costMetric}' THEN p.delta ELSE 0 END, 0,
    CASE WHEN s.name = '${tokenMetric}' AND s.type = 'input' THEN p.delta ELSE 0 END,
    CASE WHEN s.name = '${tokenMetric}' AND s.type = 'output' THEN p.delta ELSE 0 END,
    CASE WHEN s.name = '${tokenMetric}' AND s.type = 'cacheRead' THEN p.delta ELSE 0 END,
    CASE WHEN s.name = '${tokenMetric}' AND s.type = 'cacheCreation' THEN p.delta ELSE 0 END,
    0,
    CASE WHEN s.query_source IN ('subagent', 'auxiliary') THEN s.query_source ELSE 'main' END
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE s.name IN ('${costMetric}', '${tokenMetric}') AND p.end_ms >= @since AND p.end_ms < @until
    AND ${metricIsSourceSql}`;

/** Sessions with any event or metric point in the range. */
export const activeSessionsSql = `
  SELECT session_id FROM events WHERE time_ms >= @since AND time_ms < @until AND session_id IS NOT NULL
  UNION
  SELECT s.session_id FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE p.end_ms >= @since AND p.end_ms < @until AND s.session_id IS NOT NULL`;

export const farFutureMs = 8_640_000_000_000_000;

export function rangeParams(range: { sinceMs?: number; untilMs?: number }): { since: number; until: number } {
  return { since: range.sinceMs ?? 0, until: range.untilMs ?? farFutureMs };
}
