// Whole-session figures for a set of sessions, from events and metrics, each figure from one source.
import { statement, type Db } from '../open.js';
import type { FigureSource, SessionMetadata } from './types.js';
import { activeSessionsSql, costMetric, tokenMetric } from './usage-facts.js';

function aggregateSql(candidatesSql: string): string {
  return `
  WITH candidates AS (${candidatesSql}),
  ev AS (
    SELECT e.session_id,
      MIN(e.time_ms) AS start_ms, MAX(e.time_ms) AS end_ms,
      SUM(e.name = 'user_prompt') AS prompts,
      SUM(e.name = 'api_request') AS api_requests,
      SUM(e.name = 'api_request' AND e.cost_usd IS NULL) AS unpriced,
      TOTAL(CASE WHEN e.name = 'api_request' THEN e.cost_usd END) AS cost_usd,
      TOTAL(CASE WHEN e.name = 'api_request' THEN e.input_tokens END) AS input_tokens,
      TOTAL(CASE WHEN e.name = 'api_request' THEN e.output_tokens END) AS output_tokens,
      TOTAL(CASE WHEN e.name = 'api_request' THEN e.cache_read_tokens END) AS cache_read_tokens,
      TOTAL(CASE WHEN e.name = 'api_request' THEN e.cache_creation_tokens END) AS cache_creation_tokens,
      SUM(e.name = 'tool_result') AS tool_calls,
      SUM(e.name = 'api_error') + SUM(e.name = 'tool_result' AND e.is_success = 0) AS errors,
      MAX(e.user_email) AS user_email, MAX(e.user_id) AS user_id,
      MAX(e.app_version) AS app_version, MAX(e.terminal_type) AS terminal_type,
      MAX(e.os_type) AS os_type, MAX(e.os_version) AS os_version
    FROM events e JOIN candidates c ON c.session_id = e.session_id
    GROUP BY e.session_id
  ),
  ev_model AS (
    SELECT session_id, model FROM (
      SELECT e.session_id, e.model,
        ROW_NUMBER() OVER (PARTITION BY e.session_id ORDER BY TOTAL(e.cost_usd) DESC, COUNT(*) DESC, e.model) AS rn
      FROM events e JOIN candidates c ON c.session_id = e.session_id
      WHERE e.name = 'api_request' AND e.model IS NOT NULL
      GROUP BY e.session_id, e.model
    ) WHERE rn = 1
  ),
  mt AS (
    SELECT s.session_id,
      MIN(p.end_ms) AS start_ms, MAX(p.end_ms) AS end_ms,
      SUM(s.name IN ('${costMetric}', '${tokenMetric}')) AS usage_points,
      TOTAL(CASE WHEN s.name = '${costMetric}' THEN p.delta END) AS cost_usd,
      TOTAL(CASE WHEN s.name = '${tokenMetric}' AND s.type = 'input' THEN p.delta END) AS input_tokens,
      TOTAL(CASE WHEN s.name = '${tokenMetric}' AND s.type = 'output' THEN p.delta END) AS output_tokens,
      TOTAL(CASE WHEN s.name = '${tokenMetric}' AND s.type = 'cacheRead' THEN p.delta END) AS cache_read_tokens,
      TOTAL(CASE WHEN s.name = '${tokenMetric}' AND s.type = 'cacheCreation' THEN p.delta END) AS cache_creation_tokens,
      TOTAL(CASE WHEN s.name = 'claude_code.lines_of_code.count' AND s.type = 'added' THEN p.delta END) AS lines_added,
      TOTAL(CASE WHEN s.name = 'claude_code.lines_of_code.count' AND s.type = 'removed' THEN p.delta END) AS lines_removed,
      MAX(s.user_id) AS user_id
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id JOIN candidates c ON c.session_id = s.session_id
    GROUP BY s.session_id
  ),
  mt_model AS (
    SELECT session_id, model FROM (
      SELECT s.session_id, s.model,
        ROW_NUMBER() OVER (PARTITION BY s.session_id ORDER BY TOTAL(p.delta) DESC, s.model) AS rn
      FROM metric_points p JOIN metric_series s ON s.id = p.series_id JOIN candidates c ON c.session_id = s.session_id
      WHERE s.name = '${costMetric}' AND s.model IS NOT NULL
      GROUP BY s.session_id, s.model
    ) WHERE rn = 1
  )
  SELECT c.session_id AS sessionId,
    ev.start_ms AS evStartMs, ev.end_ms AS evEndMs, ev.prompts, ev.api_requests AS evApiRequests, ev.unpriced,
    ev.cost_usd AS evCostUsd, ev.input_tokens AS evInput, ev.output_tokens AS evOutput,
    ev.cache_read_tokens AS evCacheRead, ev.cache_creation_tokens AS evCacheCreation,
    ev.tool_calls AS toolCalls, ev.errors, ev.user_email AS userEmail, ev.user_id AS evUserId,
    ev.app_version AS appVersion, ev.terminal_type AS terminalType, ev.os_type AS osType, ev.os_version AS osVersion,
    ev_model.model AS evModel,
    mt.start_ms AS mtStartMs, mt.end_ms AS mtEndMs, mt.usage_points AS mtUsagePoints, mt.cost_usd AS mtCostUsd,
    mt.input_tokens AS mtInput, mt.output_tokens AS mtOutput, mt.cache_read_tokens AS mtCacheRead,
    mt.cache_creation_tokens AS mtCacheCreation, mt.lines_added AS linesAdded, mt.lines_removed AS linesRemoved,
    mt.user_id AS mtUserId, mt_model.model AS mtModel
  FROM candidates c
  LEFT JOIN ev ON ev.session_id = c.session_id
  LEFT JOIN ev_model ON ev_model.session_id = c.session_id
  LEFT JOIN mt ON mt.session_id = c.session_id
  LEFT JOIN mt_model ON mt_model.session_id = c.session_id`;
}

const inRangeSql = aggregateSql(activeSessionsSql);
const oneSessionSql = aggregateSql('SELECT @sessionId AS session_id');

interface AggregateRow {
  sessionId: string;
  evStartMs: number | null;
  evEndMs: number | null;
  prompts: number | null;
  evApiRequests: number | null;
  unpriced: number | null;
  evCostUsd: number | null;
  evInput: number | null;
  evOutput: number | null;
  evCacheRead: number | null;
  evCacheCreation: number | null;
  toolCalls: number | null;
  errors: number | null;
  userEmail: string | null;
  evUserId: string | null;
  appVersion: string | null;
  terminalType: string | null;
  osType: string | null;
  osVersion: string | null;
  evModel: string | null;
  mtStartMs: number | null;
  mtEndMs: number | null;
  mtUsagePoints: number | null;
  mtCostUsd: number | null;
  mtInput: number | null;
  mtOutput: number | null;
  mtCacheRead: number | null;
  mtCacheCreation: number | null;
  linesAdded: number | null;
  linesRemoved: number | null;
  mtUserId: string | null;
  mtModel: string | null;
}

export function sessionAggregatesInRange(db: Db, since: number, until: number): SessionMetadata[] {
  const rows = statement(db, inRangeSql).all({ since, until }) as AggregateRow[];
  return rows.map(toMetadata);
}

export function sessionAggregate(db: Db, sessionId: string): SessionMetadata | null {
  const row = statement(db, oneSessionSql).get({ sessionId }) as AggregateRow | undefined;
  if (row === undefined || (row.evStartMs === null && row.mtStartMs === null)) return null;
  return toMetadata(row);
}

function toMetadata(r: AggregateRow): SessionMetadata {
  const hasEvents = r.evStartMs !== null;
  const source: FigureSource = (r.evApiRequests ?? 0) > 0 ? 'events' : (r.mtUsagePoints ?? 0) > 0 ? 'metrics' : 'none';
  const startMs = Math.min(r.evStartMs ?? Infinity, r.mtStartMs ?? Infinity);
  const endMs = Math.max(r.evEndMs ?? -Infinity, r.mtEndMs ?? -Infinity);
  const fromEvents = source === 'events';
  const input = Math.round((fromEvents ? r.evInput : source === 'metrics' ? r.mtInput : 0) ?? 0);
  const output = Math.round((fromEvents ? r.evOutput : source === 'metrics' ? r.mtOutput : 0) ?? 0);
  const cacheRead = Math.round((fromEvents ? r.evCacheRead : source === 'metrics' ? r.mtCacheRead : 0) ?? 0);
  const cacheCreation = Math.round((fromEvents ? r.evCacheCreation : source === 'metrics' ? r.mtCacheCreation : 0) ?? 0);
  const unpricedRequests = r.unpriced ?? 0;
  let costUsd: number | null = 0;
  if (fromEvents) costUsd = unpricedRequests > 0 ? null : r.evCostUsd ?? 0;
  else if (source === 'metrics') costUsd = r.mtCostUsd ?? 0;
  const os = [r.osType, r.osVersion].filter((v): v is string => v !== null).join(' ');
  return {
    sessionId: r.sessionId,
    startTime: new Date(startMs).toISOString(),
    endTime: new Date(endMs).toISOString(),
    user: r.userEmail ?? r.evUserId ?? r.mtUserId,
    model: (fromEvents ? r.evModel : r.mtModel) ?? r.evModel ?? r.mtModel,
    prompts: hasEvents ? r.prompts ?? 0 : null,
    durationMs: endMs - startMs,
    costUsd,
    toolCalls: hasEvents ? r.toolCalls ?? 0 : null,
    apiRequests: hasEvents ? r.evApiRequests ?? 0 : null,
    errors: hasEvents ? r.errors ?? 0 : null,
    linesAdded: Math.round(r.linesAdded ?? 0),
    linesRemoved: Math.round(r.linesRemoved ?? 0),
    tokens: { input, output, cacheRead, cacheCreation, total: input + output },
    appVersion: r.appVersion,
    terminalType: r.terminalType,
    os: os === '' ? null : os,
    source,
    unpricedRequests,
  };
}
