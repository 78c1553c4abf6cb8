// The rollups of Claude Code 2.1.332's attribution (see migration 009): agents per session (and
// their notifications, which are user_prompt events nobody typed), cost and tokens per hour by the
// skill, MCP server/tool, agent type or plugin a request was made for, and the 5-minute / 1-hour
// cache writes per hour. Kept and rebuilt by rollups.ts like the others; same shape, same rules.
import { attributionDetailSql, attributionNameSql, cacheWrite1hSql, cacheWrite5mSql, crossAttributionKinds } from '../vocabulary/attribution.js';
import { metricName, tokenType } from '../vocabulary/metrics.js';
import { taskIdSql, taskNotificationTextSql } from '../vocabulary/task-notification.js';
import type { Rollup } from './rollups.js';

const hour = 3_600_000;
const cost = metricName.costUsd;
const tokens = metricName.tokens;

const add = (...names: string[]) => names.map((name) => ({ name, merge: 'add' as const }));

const agentEvents: Rollup = {
  table: 'session_agents',
  keys: ['session_id', 'agent_id'],
  columns: add('events', 'notifications'),
  select: `
    SELECT row_id, session_id, agent_id, 1 AS events, 0 AS notifications FROM (
      SELECT id AS row_id, session_id, nullif(CAST(json_extract(raw_json, '$.attributes.agent_id') AS TEXT), '') AS agent_id
      FROM events WHERE session_id IS NOT NULL
    ) WHERE agent_id IS NOT NULL`,
};

const agentNotifications: Rollup = {
  table: 'session_agents',
  keys: ['session_id', 'agent_id'],
  columns: add('events', 'notifications'),
  select: `
    SELECT row_id, session_id, ${taskIdSql('t')} AS agent_id, 0 AS events, 1 AS notifications FROM (
      SELECT id AS row_id, session_id, ${taskNotificationTextSql('raw_json')} AS t
      FROM events WHERE name = 'user_prompt' AND session_id IS NOT NULL
    ) WHERE t IS NOT NULL`,
};

const attributionColumns = add('cost_usd', 'unpriced', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'requests');
const attributionKeys = ['hour_ms', 'session_id', 'source', 'kind', 'name', 'detail'];

const eventAttribution: Rollup = {
  table: 'attribution_hours',
  keys: attributionKeys,
  columns: attributionColumns,
  select: `
    SELECT * FROM (
      SELECT e.id AS row_id, (e.time_ms / ${hour}) * ${hour} AS hour_ms, coalesce(e.session_id, '') AS session_id, 'events' AS source, k.kind,
        ${attributionNameSql('e.raw_json', '$.attributes.')} AS name, ${attributionDetailSql('e.raw_json', '$.attributes.')} AS detail,
        coalesce(e.cost_usd, 0) AS cost_usd, e.cost_usd IS NULL AS unpriced, coalesce(e.input_tokens, 0) AS input_tokens,
        coalesce(e.output_tokens, 0) AS output_tokens, coalesce(e.cache_read_tokens, 0) AS cache_read_tokens,
        coalesce(e.cache_creation_tokens, 0) AS cache_creation_tokens, 1 AS requests
      FROM events e ${crossAttributionKinds}
      WHERE e.name = 'api_request'
    ) WHERE name IS NOT NULL`,
};

const pointAttribution: Rollup = {
  table: 'attribution_hours',
  keys: attributionKeys,
  columns: attributionColumns,
  select: `
    SELECT * FROM (
      SELECT p.id AS row_id, (p.end_ms / ${hour}) * ${hour} AS hour_ms, coalesce(s.session_id, '') AS session_id, 'metrics' AS source, k.kind,
        ${attributionNameSql('s.attributes_json', '$.')} AS name, ${attributionDetailSql('s.attributes_json', '$.')} AS detail,
        CASE WHEN s.name = '${cost}' THEN p.delta ELSE 0 END AS cost_usd, 0 AS unpriced,
        CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.input}' THEN p.delta ELSE 0 END AS input_tokens,
        CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.output}' THEN p.delta ELSE 0 END AS output_tokens,
        CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.cacheRead}' THEN p.delta ELSE 0 END AS cache_read_tokens,
        CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.cacheCreation}' THEN p.delta ELSE 0 END AS cache_creation_tokens,
        0 AS requests
      FROM metric_points p JOIN metric_series s ON s.id = p.series_id ${crossAttributionKinds}
      WHERE s.name IN ('${cost}', '${tokens}')
    ) WHERE name IS NOT NULL`,
};

const cacheWrites: Rollup = {
  table: 'cache_write_hours',
  keys: ['hour_ms'],
  columns: add('five_minute_tokens', 'one_hour_tokens', 'requests'),
  select: `
    SELECT id AS row_id, (time_ms / ${hour}) * ${hour} AS hour_ms, coalesce(${cacheWrite5mSql('raw_json')}, 0) AS five_minute_tokens,
      coalesce(${cacheWrite1hSql('raw_json')}, 0) AS one_hour_tokens, 1 AS requests
    FROM events
    WHERE name = 'api_request' AND (${cacheWrite5mSql('raw_json')} IS NOT NULL OR ${cacheWrite1hSql('raw_json')} IS NOT NULL)`,
};

export const attributionEventRollups: readonly Rollup[] = [agentEvents, agentNotifications, eventAttribution, cacheWrites];
export const attributionPointRollups: readonly Rollup[] = [pointAttribution];
export const attributionRollupTables: readonly string[] = ['session_agents', 'attribution_hours', 'cache_write_hours'];
