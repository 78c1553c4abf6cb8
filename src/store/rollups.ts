// Rollups kept beside the raw rows, so reads at millions of events stay fast: per-session figures
// (session_stats, session_models) and hourly buckets for the dashboard (usage_hours, tool_hours,
// decision_hours, metric_hours; the 2.1.332 attribution ones live in rollups-attribution.ts). Each
// rollup is one SELECT over raw rows; the same SELECT serves the update in the write transaction
// (over that transaction's new or changed rows, once per key, see rollups-deferred.ts; or row by row,
// so a rollup moves only when a raw row is really new or its delta really changes) and a full
// rebuild (after a prune). One definition, no drift. (Migrations keep SQL of their own, frozen as
// they shipped: a later change here must not alter an old upgrade.)
import { linesType, metricName, tokenType } from '../vocabulary/metrics.js';
import type { Db } from './open.js';
import { attributionEventRollups, attributionPointRollups, attributionRollupTables } from './rollups-attribution.js';

type Merge = 'add' | 'min' | 'max';

export interface Rollup {
  table: string;
  keys: readonly string[];
  columns: readonly { name: string; merge: Merge }[];
  /** Selects `row_id`, the keys and the columns: a row per raw row (or one per key it adds to). */
  select: string;
}

const hour = 3_600_000;
const cost = metricName.costUsd;
const tokens = metricName.tokens;
const linesOfCode = metricName.linesOfCode;

const add = (...names: string[]) => names.map((name) => ({ name, merge: 'add' as const }));
const min = (...names: string[]) => names.map((name) => ({ name, merge: 'min' as const }));
const max = (...names: string[]) => names.map((name) => ({ name, merge: 'max' as const }));

const eventSessionStats: Rollup = {
  table: 'session_stats',
  keys: ['session_id'],
  columns: [
    ...min('first_ms', 'event_first_ms'),
    ...max('last_ms', 'event_last_ms', 'user_email', 'user_id', 'app_version', 'terminal_type', 'os_type', 'os_version', 'machine'),
    ...add(
      'events',
      'prompts',
      'api_requests',
      'unpriced',
      'cost_usd',
      'input_tokens',
      'output_tokens',
      'cache_read_tokens',
      'cache_creation_tokens',
      'tool_calls',
      'errors',
    ),
  ],
  select: `
    SELECT id AS row_id, session_id, time_ms AS first_ms, time_ms AS event_first_ms, time_ms AS last_ms, time_ms AS event_last_ms,
      user_email, user_id, app_version, terminal_type, os_type, os_version, machine,
      1 AS events, name = 'user_prompt' AS prompts, name = 'api_request' AS api_requests,
      name = 'api_request' AND cost_usd IS NULL AS unpriced,
      CASE WHEN name = 'api_request' THEN coalesce(cost_usd, 0) ELSE 0 END AS cost_usd,
      CASE WHEN name = 'api_request' THEN coalesce(input_tokens, 0) ELSE 0 END AS input_tokens,
      CASE WHEN name = 'api_request' THEN coalesce(output_tokens, 0) ELSE 0 END AS output_tokens,
      CASE WHEN name = 'api_request' THEN coalesce(cache_read_tokens, 0) ELSE 0 END AS cache_read_tokens,
      CASE WHEN name = 'api_request' THEN coalesce(cache_creation_tokens, 0) ELSE 0 END AS cache_creation_tokens,
      name = 'tool_result' AS tool_calls,
      -- IS, not =: a tool_result with no success attribute is no error, and a NULL here fails the NOT NULL sum.
      name = 'api_error' OR (name = 'tool_result' AND is_success IS 0) AS errors
    FROM events WHERE session_id IS NOT NULL`,
};

const metricSessionStats: Rollup = {
  table: 'session_stats',
  keys: ['session_id'],
  columns: [
    ...min('first_ms', 'metric_first_ms'),
    ...max('last_ms', 'metric_last_ms', 'm_user_id', 'machine'),
    ...add('usage_points', 'm_cost_usd', 'm_input_tokens', 'm_output_tokens', 'm_cache_read_tokens', 'm_cache_creation_tokens', 'lines_added', 'lines_removed'),
  ],
  select: `
    SELECT p.id AS row_id, s.session_id, p.end_ms AS first_ms, p.end_ms AS metric_first_ms, p.end_ms AS last_ms, p.end_ms AS metric_last_ms,
      s.user_id AS m_user_id, p.machine,
      s.name IN ('${cost}', '${tokens}') AS usage_points,
      CASE WHEN s.name = '${cost}' THEN p.delta ELSE 0 END AS m_cost_usd,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.input}' THEN p.delta ELSE 0 END AS m_input_tokens,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.output}' THEN p.delta ELSE 0 END AS m_output_tokens,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.cacheRead}' THEN p.delta ELSE 0 END AS m_cache_read_tokens,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.cacheCreation}' THEN p.delta ELSE 0 END AS m_cache_creation_tokens,
      CASE WHEN s.name = '${linesOfCode}' AND s.type = '${linesType.added}' THEN p.delta ELSE 0 END AS lines_added,
      CASE WHEN s.name = '${linesOfCode}' AND s.type = '${linesType.removed}' THEN p.delta ELSE 0 END AS lines_removed
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.session_id IS NOT NULL`,
};

const eventModels: Rollup = {
  table: 'session_models',
  keys: ['session_id', 'source', 'model'],
  columns: add('cost_usd', 'requests'),
  select: `
    SELECT id AS row_id, session_id, 'events' AS source, model, coalesce(cost_usd, 0) AS cost_usd, 1 AS requests
    FROM events WHERE name = 'api_request' AND session_id IS NOT NULL AND model IS NOT NULL`,
};

const metricModels: Rollup = {
  table: 'session_models',
  keys: ['session_id', 'source', 'model'],
  columns: add('cost_usd', 'requests'),
  select: `
    SELECT p.id AS row_id, s.session_id, 'metrics' AS source, s.model, p.delta AS cost_usd, 1 AS requests
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id
    WHERE s.name = '${cost}' AND s.session_id IS NOT NULL AND s.model IS NOT NULL`,
};

const usageColumns = add('cost_usd', 'unpriced', 'input_tokens', 'output_tokens', 'cache_read_tokens', 'cache_creation_tokens', 'requests');
const usageKeys = ['hour_ms', 'session_id', 'source', 'model', 'query_class'] as const;

const eventUsage: Rollup = {
  table: 'usage_hours',
  keys: usageKeys,
  columns: usageColumns,
  select: `
    SELECT id AS row_id, (time_ms / ${hour}) * ${hour} AS hour_ms, coalesce(session_id, '') AS session_id, 'events' AS source,
      coalesce(model, '') AS model, query_class, coalesce(cost_usd, 0) AS cost_usd, cost_usd IS NULL AS unpriced,
      coalesce(input_tokens, 0) AS input_tokens, coalesce(output_tokens, 0) AS output_tokens,
      coalesce(cache_read_tokens, 0) AS cache_read_tokens, coalesce(cache_creation_tokens, 0) AS cache_creation_tokens, 1 AS requests
    FROM events WHERE name = 'api_request'`,
};

const metricUsage: Rollup = {
  table: 'usage_hours',
  keys: usageKeys,
  columns: usageColumns,
  select: `
    SELECT p.id AS row_id, (p.end_ms / ${hour}) * ${hour} AS hour_ms, coalesce(s.session_id, '') AS session_id, 'metrics' AS source,
      coalesce(s.model, '') AS model,
      CASE WHEN s.query_source IN ('subagent', 'auxiliary') THEN s.query_source ELSE 'main' END AS query_class,
      CASE WHEN s.name = '${cost}' THEN p.delta ELSE 0 END AS cost_usd, 0 AS unpriced,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.input}' THEN p.delta ELSE 0 END AS input_tokens,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.output}' THEN p.delta ELSE 0 END AS output_tokens,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.cacheRead}' THEN p.delta ELSE 0 END AS cache_read_tokens,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.cacheCreation}' THEN p.delta ELSE 0 END AS cache_creation_tokens,
      0 AS requests
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.name IN ('${cost}', '${tokens}')`,
};

// The events' share of usage_hours and decision_hours without the session (migration 014): an
// event always counts, so the summary reads a few rows per hour here instead of one per session.
const eventUsageTotals: Rollup = {
  table: 'event_usage_hours',
  keys: ['hour_ms', 'model', 'query_class'],
  columns: usageColumns,
  select: `
    SELECT id AS row_id, (time_ms / ${hour}) * ${hour} AS hour_ms, coalesce(model, '') AS model, query_class,
      coalesce(cost_usd, 0) AS cost_usd, cost_usd IS NULL AS unpriced,
      coalesce(input_tokens, 0) AS input_tokens, coalesce(output_tokens, 0) AS output_tokens,
      coalesce(cache_read_tokens, 0) AS cache_read_tokens, coalesce(cache_creation_tokens, 0) AS cache_creation_tokens, 1 AS requests
    FROM events WHERE name = 'api_request'`,
};

const toolHours: Rollup = {
  table: 'tool_hours',
  keys: ['hour_ms', 'tool_name'],
  columns: add('calls'),
  select: `
    SELECT id AS row_id, (time_ms / ${hour}) * ${hour} AS hour_ms, coalesce(tool_name, 'unknown') AS tool_name, 1 AS calls
    FROM events WHERE name = 'tool_result'`,
};

const eventDecisions: Rollup = {
  table: 'decision_hours',
  keys: ['hour_ms', 'session_id', 'source', 'decision'],
  columns: add('n'),
  select: `
    SELECT id AS row_id, (time_ms / ${hour}) * ${hour} AS hour_ms, coalesce(session_id, '') AS session_id, 'events' AS source,
      coalesce(decision, '') AS decision, 1 AS n
    FROM events WHERE name = 'tool_decision'`,
};

const metricDecisions: Rollup = {
  table: 'decision_hours',
  keys: ['hour_ms', 'session_id', 'source', 'decision'],
  columns: add('n'),
  select: `
    SELECT p.id AS row_id, (p.end_ms / ${hour}) * ${hour} AS hour_ms, coalesce(s.session_id, '') AS session_id, 'metrics' AS source,
      coalesce(json_extract(s.attributes_json, '$.decision'), '') AS decision, p.delta AS n
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.name = '${metricName.codeEditToolDecision}'`,
};

const eventDecisionTotals: Rollup = {
  table: 'event_decision_hours',
  keys: ['hour_ms', 'decision'],
  columns: add('n'),
  select: `
    SELECT id AS row_id, (time_ms / ${hour}) * ${hour} AS hour_ms, coalesce(decision, '') AS decision, 1 AS n
    FROM events WHERE name = 'tool_decision'`,
};

const metricHours: Rollup = {
  table: 'metric_hours',
  keys: ['hour_ms', 'name', 'type'],
  columns: add('value'),
  select: `
    SELECT p.id AS row_id, (p.end_ms / ${hour}) * ${hour} AS hour_ms, s.name, coalesce(s.type, '') AS type, p.delta AS value
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id
    WHERE s.name IN ('${metricName.activeTimeSeconds}', '${linesOfCode}', '${metricName.commits}', '${metricName.pullRequests}')`,
};

export const eventRollups: readonly Rollup[] = [
  eventSessionStats,
  eventModels,
  eventUsage,
  eventUsageTotals,
  toolHours,
  eventDecisions,
  eventDecisionTotals,
  ...attributionEventRollups,
];
export const pointRollups: readonly Rollup[] = [metricSessionStats, metricModels, metricUsage, metricDecisions, metricHours, ...attributionPointRollups];
const rollupTables = [
  'session_stats',
  'session_models',
  'usage_hours',
  'event_usage_hours',
  'tool_hours',
  'decision_hours',
  'event_decision_hours',
  'metric_hours',
  ...attributionRollupTables,
];

function mergeSql(r: Rollup): string {
  return r.columns
    .map(({ name, merge }) => {
      if (merge === 'add') return `${name} = ${name} + excluded.${name}`;
      // Scalar min/max are NULL when either side is; coalesce keeps whichever is known.
      return `${name} = coalesce(${merge}(${name}, excluded.${name}), ${name}, excluded.${name})`;
    })
    .join(', ');
}

const names = (r: Rollup) => [...r.keys, ...r.columns.map((c) => c.name)];

/** Adds (sign 1) or takes back (sign -1) one raw row's share. */
function rowSql(r: Rollup): string {
  const values = [...r.keys, ...r.columns.map((c) => (c.merge === 'add' ? `${c.name} * @sign` : c.name))];
  return `INSERT INTO ${r.table} (${names(r).join(', ')})
    SELECT ${values.join(', ')} FROM (${r.select}) WHERE row_id = @id
    ON CONFLICT (${r.keys.join(', ')}) DO UPDATE SET ${mergeSql(r)}`;
}

/** Each rollup's per-row update, for the query-plan test: every one must find its raw row by id. */
export const rollupRowSql = (): string[] => [...eventRollups, ...pointRollups].map(rowSql);

/** Adds the rows `select` yields, grouped by key: over every raw row (a rebuild) or over one transaction's (rollups-deferred.ts). */
export function rebuildSql(r: Rollup): string {
  const aggregates = r.columns.map((c) => `${c.merge === 'add' ? 'TOTAL' : c.merge.toUpperCase()}(${c.name})`);
  return `INSERT INTO ${r.table} (${names(r).join(', ')})
    SELECT ${[...r.keys, ...aggregates].join(', ')} FROM (${r.select}) WHERE true GROUP BY ${r.keys.join(', ')}
    ON CONFLICT (${r.keys.join(', ')}) DO UPDATE SET ${mergeSql(r)}`;
}

// Prompt text for the sessions filter (migrations 004, 008): each new user_prompt event indexed in
// the transaction that stores it, with the event's session and time beside it, so a match needs no
// lookup into the (wide) events rows.
export const promptTextSql = `
  SELECT id, json_extract(raw_json, '$.attributes.prompt') AS prompt, session_id, time_ms FROM events
  WHERE name = 'user_prompt' AND json_extract(raw_json, '$.attributes.prompt') IS NOT NULL
    AND json_extract(raw_json, '$.attributes.prompt') <> '<REDACTED>'`;

/** (Re)creates the prompt index in its current shape, filled from the stored events. */
export function rebuildPromptSearch(db: Db): void {
  db.exec(`DROP TABLE IF EXISTS prompt_search;
    CREATE VIRTUAL TABLE prompt_search USING fts5(prompt, session_id UNINDEXED, time_ms UNINDEXED, tokenize = 'trigram')`);
  db.prepare(`INSERT INTO prompt_search (rowid, prompt, session_id, time_ms) ${promptTextSql}`).run();
}

export interface RollupWriter {
  /** A new event row (inside the write transaction). */
  addEvent(rowId: number | bigint): void;
  /** A metric point's current delta, added (1) or taken back (-1), inside the write transaction. */
  applyPoint(pointId: number | bigint, sign: 1 | -1): void;
}

export function createRollupWriter(db: Db): RollupWriter {
  const eventStatements = [
    ...eventRollups.map((r) => db.prepare(rowSql(r))),
    db.prepare(`INSERT INTO prompt_search (rowid, prompt, session_id, time_ms) ${promptTextSql} AND id = @id AND @sign = 1`),
  ];
  const pointStatements = pointRollups.map((r) => db.prepare(rowSql(r)));
  return {
    addEvent(rowId) {
      for (const s of eventStatements) s.run({ id: rowId, sign: 1 });
    },
    applyPoint(pointId, sign) {
      for (const s of pointStatements) s.run({ id: pointId, sign });
    },
  };
}

/** Recomputes every rollup from the raw rows (after a prune). */
export function rebuildRollups(db: Db): void {
  for (const table of rollupTables) db.prepare(`DELETE FROM ${table}`).run();
  for (const r of [...eventRollups, ...pointRollups]) db.prepare(rebuildSql(r)).run();
}

/** Everything derived from raw rows (after a prune): the rollups and the prompt index. */
export function rebuildDerived(db: Db): void {
  rebuildRollups(db);
  rebuildPromptSearch(db);
}
