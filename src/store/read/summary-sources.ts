// The dashboard's figures per time bucket, from two sources that give the same rows: the raw tables
// (any bucket width; used for short ranges and the partial hours at a range's edges) and the hourly
// rollups (whole hours; used in between when buckets are whole hours). Parameters: @since, @until,
// @origin, @bucket, @nullSessionMetrics, @nullSessionDecisions.
import { statement, type Db } from '../open.js';
import { metricName } from '../../vocabulary/metrics.js';
import { metricsDecideSession, sessionsDecidedByMetricsSql, sessionsPricedByMetricsSql, usageFactsSql, type SessionWalk } from './usage-facts.js';

export interface UsageRow {
  b: number;
  model: string;
  queryClass: 'main' | 'subagent' | 'auxiliary';
  costUsd: number;
  unpriced: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  requests: number;
}

export interface NamedValueRow {
  b: number;
  name: string;
  type: string | null;
  value: number;
}

export interface CountRow {
  b: number;
  key: string | null;
  n: number;
}

export interface SourceParams {
  since: number;
  until: number;
  origin: number;
  bucket: number;
  nullSessionMetrics: 0 | 1;
  nullSessionDecisions: 0 | 1;
}

const bucketOf = (column: string) => `CAST((${column} - @origin) / @bucket AS INTEGER)`;
const panelMetrics = `('${metricName.activeTimeSeconds}', '${metricName.linesOfCode}', '${metricName.commits}', '${metricName.pullRequests}')`;

const raw = {
  usage: `
    SELECT ${bucketOf('f.time_ms')} AS b, COALESCE(f.model, 'unknown') AS model, f.query_class AS queryClass,
      TOTAL(f.cost_usd) AS costUsd, SUM(f.unpriced) AS unpriced, TOTAL(f.input_tokens) AS input,
      TOTAL(f.output_tokens) AS output, TOTAL(f.cache_read_tokens) AS cacheRead,
      TOTAL(f.cache_creation_tokens) AS cacheCreation, SUM(f.requests) AS requests
    FROM (${usageFactsSql}) f GROUP BY b, model, queryClass`,
  metrics: `
    SELECT ${bucketOf('p.end_ms')} AS b, s.name AS name, s.type AS type, TOTAL(p.delta) AS value
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id
    WHERE +s.name IN ${panelMetrics} AND p.end_ms >= @since AND p.end_ms < @until
    GROUP BY b, s.name, s.type`,
  tools: `
    SELECT ${bucketOf('time_ms')} AS b, COALESCE(tool_name, 'unknown') AS key, COUNT(*) AS n
    FROM events WHERE name = 'tool_result' AND time_ms >= @since AND time_ms < @until
    GROUP BY b, key`,
  decisions: `
    SELECT ${bucketOf('time_ms')} AS b, decision AS key, COUNT(*) AS n
    FROM events WHERE name = 'tool_decision' AND time_ms >= @since AND time_ms < @until
    GROUP BY b, key
    UNION ALL
    SELECT ${bucketOf('p.end_ms')}, json_extract(s.attributes_json, '$.decision'), TOTAL(p.delta)
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id
    WHERE +s.name = '${metricName.codeEditToolDecision}' AND p.end_ms >= @since AND p.end_ms < @until
      AND CASE WHEN s.session_id IS NULL THEN @nullSessionDecisions ELSE ${metricsDecideSession('s.session_id')} END
    GROUP BY 1, 2`,
};

// Whole hours: the events' share from the session-free event_*_hours (an event always counts), and
// the metrics rows only of the sessions whose figures come from metrics (usage-facts.ts decides),
// each session's found through the by-session index; the metrics rows without a session as the
// range's rule says. The raw path's rows exactly, and no per-row session_stats lookup.
const metricsRowsSql = (table: string, columns: string, sessionsSql: string, nullSessionRule: string) => `
      SELECT ${columns} FROM ${table} u
      WHERE u.source = 'metrics' AND u.session_id IN (${sessionsSql}) AND u.hour_ms >= @since AND u.hour_ms < @until
      UNION ALL
      SELECT ${columns} FROM ${table} u
      WHERE u.source = 'metrics' AND u.session_id = '' AND ${nullSessionRule} AND u.hour_ms >= @since AND u.hour_ms < @until`;
const usageColumns = 'hour_ms, model, query_class, cost_usd, unpriced, input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, requests';

function rolledUsage(walk: SessionWalk): string {
  return `
    SELECT ${bucketOf('u.hour_ms')} AS b, CASE u.model WHEN '' THEN 'unknown' ELSE u.model END AS model, u.query_class AS queryClass,
      TOTAL(u.cost_usd) AS costUsd, SUM(u.unpriced) AS unpriced, TOTAL(u.input_tokens) AS input,
      TOTAL(u.output_tokens) AS output, TOTAL(u.cache_read_tokens) AS cacheRead,
      TOTAL(u.cache_creation_tokens) AS cacheCreation, SUM(u.requests) AS requests
    FROM (
      SELECT ${usageColumns} FROM event_usage_hours WHERE hour_ms >= @since AND hour_ms < @until
      UNION ALL${metricsRowsSql('usage_hours', usageColumns, sessionsPricedByMetricsSql(walk), '@nullSessionMetrics')}
    ) u
    GROUP BY b, model, queryClass`;
}

/** Usage of whole hours, for short windows (spend.ts: a day, the status line). */
export const rolledUsageSql = rolledUsage('index');

function rolled(walk: SessionWalk) {
  return {
    usage: rolledUsage(walk),
    metrics: `
    SELECT ${bucketOf('hour_ms')} AS b, name, CASE type WHEN '' THEN NULL ELSE type END AS type, TOTAL(value) AS value
    FROM metric_hours WHERE hour_ms >= @since AND hour_ms < @until GROUP BY b, name, type`,
    tools: `
    SELECT ${bucketOf('hour_ms')} AS b, tool_name AS key, TOTAL(calls) AS n
    FROM tool_hours WHERE hour_ms >= @since AND hour_ms < @until GROUP BY b, key`,
    decisions: `
    SELECT ${bucketOf('d.hour_ms')} AS b, d.decision AS key, TOTAL(d.n) AS n
    FROM (
      SELECT hour_ms, decision, n FROM event_decision_hours WHERE hour_ms >= @since AND hour_ms < @until
      UNION ALL${metricsRowsSql('decision_hours', 'hour_ms, decision, n', sessionsDecidedByMetricsSql(walk), '@nullSessionDecisions')}
    ) d
    GROUP BY b, key`,
  };
}
const rolledByWalk = { index: rolled('index'), scan: rolled('scan') };
/** Past a week (at a million events, every session of a month is in range) one pass over session_stats beats a lookup per session. */
const scanAfterMs = 7 * 24 * 3_600_000;

export interface SourceRows {
  usage: UsageRow[];
  metrics: NamedValueRow[];
  tools: CountRow[];
  decisions: CountRow[];
}

export function sourceRows(db: Db, kind: 'raw' | 'rolled', params: SourceParams): SourceRows {
  const sql = kind === 'raw' ? raw : rolledByWalk[params.until - params.since > scanAfterMs ? 'scan' : 'index'];
  return {
    usage: statement(db, sql.usage).all(params) as UsageRow[],
    metrics: statement(db, sql.metrics).all(params) as NamedValueRow[],
    tools: statement(db, sql.tools).all(params) as CountRow[],
    decisions: statement(db, sql.decisions).all(params) as CountRow[],
  };
}
