import type { Migration } from '../migrate.js';

/**
 * Rollup tables (per-session figures, hourly buckets for the dashboard), filled from the rows already
 * stored. The fill is this version's own SQL, frozen as it shipped: the live rollups (rollups.ts) may
 * change, and a change comes with a migration of its own that rebuilds them in its own SQL.
 */
export const rollups: Migration = {
  version: 3,
  name: 'rollups',
  up(db) {
    db.exec(`
      -- The main loop, a subagent, or an auxiliary call (titles, compaction), as the cost metric's
      -- query_source names them. Generated, so raw queries and rollups classify alike.
      ALTER TABLE events ADD COLUMN query_class TEXT GENERATED ALWAYS AS (
        CASE
          WHEN name <> 'api_request' THEN NULL
          WHEN agent_name IS NOT NULL OR query_source = 'subagent' OR query_source LIKE 'agent%' THEN 'subagent'
          WHEN query_source IS NULL OR query_source IN ('sdk', 'repl_main_thread', 'main') OR query_source LIKE 'repl_main_thread%' THEN 'main'
          ELSE 'auxiliary'
        END) VIRTUAL;

      -- "api_request events in a time range" (burn rate, the partial hours of the dashboard);
      -- whether a session has them is now a session_stats lookup.
      DROP INDEX events_by_name_session;
      CREATE INDEX events_by_name_time ON events (name, time_ms);

      CREATE TABLE session_stats (
        session_id TEXT PRIMARY KEY,
        first_ms INTEGER NOT NULL,
        last_ms INTEGER NOT NULL,
        event_first_ms INTEGER,
        event_last_ms INTEGER,
        events INTEGER NOT NULL DEFAULT 0,
        prompts INTEGER NOT NULL DEFAULT 0,
        api_requests INTEGER NOT NULL DEFAULT 0,
        unpriced INTEGER NOT NULL DEFAULT 0,
        cost_usd REAL NOT NULL DEFAULT 0,
        input_tokens REAL NOT NULL DEFAULT 0,
        output_tokens REAL NOT NULL DEFAULT 0,
        cache_read_tokens REAL NOT NULL DEFAULT 0,
        cache_creation_tokens REAL NOT NULL DEFAULT 0,
        tool_calls INTEGER NOT NULL DEFAULT 0,
        errors INTEGER NOT NULL DEFAULT 0,
        user_email TEXT,
        user_id TEXT,
        app_version TEXT,
        terminal_type TEXT,
        os_type TEXT,
        os_version TEXT,
        metric_first_ms INTEGER,
        metric_last_ms INTEGER,
        usage_points INTEGER NOT NULL DEFAULT 0,
        m_cost_usd REAL NOT NULL DEFAULT 0,
        m_input_tokens REAL NOT NULL DEFAULT 0,
        m_output_tokens REAL NOT NULL DEFAULT 0,
        m_cache_read_tokens REAL NOT NULL DEFAULT 0,
        m_cache_creation_tokens REAL NOT NULL DEFAULT 0,
        lines_added REAL NOT NULL DEFAULT 0,
        lines_removed REAL NOT NULL DEFAULT 0,
        m_user_id TEXT
      );
      CREATE INDEX session_stats_by_last ON session_stats (last_ms);
      CREATE INDEX session_stats_by_first ON session_stats (first_ms);

      CREATE TABLE session_models (
        session_id TEXT NOT NULL,
        source TEXT NOT NULL,
        model TEXT NOT NULL,
        cost_usd REAL NOT NULL,
        requests INTEGER NOT NULL,
        PRIMARY KEY (session_id, source, model)
      ) WITHOUT ROWID;

      -- '' stands for "none" in key columns (no session id, no model), since keys cannot be NULL.
      CREATE TABLE usage_hours (
        hour_ms INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        source TEXT NOT NULL,
        model TEXT NOT NULL,
        query_class TEXT NOT NULL,
        cost_usd REAL NOT NULL,
        unpriced INTEGER NOT NULL,
        input_tokens REAL NOT NULL,
        output_tokens REAL NOT NULL,
        cache_read_tokens REAL NOT NULL,
        cache_creation_tokens REAL NOT NULL,
        requests INTEGER NOT NULL,
        PRIMARY KEY (hour_ms, session_id, source, model, query_class)
      ) WITHOUT ROWID;

      CREATE TABLE tool_hours (
        hour_ms INTEGER NOT NULL,
        tool_name TEXT NOT NULL,
        calls INTEGER NOT NULL,
        PRIMARY KEY (hour_ms, tool_name)
      ) WITHOUT ROWID;

      CREATE TABLE decision_hours (
        hour_ms INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        source TEXT NOT NULL,
        decision TEXT NOT NULL,
        n REAL NOT NULL,
        PRIMARY KEY (hour_ms, session_id, source, decision)
      ) WITHOUT ROWID;

      CREATE TABLE metric_hours (
        hour_ms INTEGER NOT NULL,
        name TEXT NOT NULL,
        type TEXT NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (hour_ms, name, type)
      ) WITHOUT ROWID;
    `);
    db.exec(rollupsFillSql);
  },
};

/**
 * The rollups of the rows stored so far, as version 3 computed them. Sums are TOTAL (0.0 over no rows,
 * and NULL-blind), as the writer's row-by-row upkeep adds them. A session's figures come from its
 * events, then its metric points merge into the same row. Exported for the upgrade tests, which
 * build a version-3..8 database the way that version's writer left it.
 */
export const rollupsFillSql = `
  INSERT INTO session_stats (session_id, first_ms, event_first_ms, last_ms, event_last_ms, user_email, user_id,
    app_version, terminal_type, os_type, os_version, events, prompts, api_requests, unpriced, cost_usd,
    input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, tool_calls, errors)
  SELECT session_id, MIN(time_ms), MIN(time_ms), MAX(time_ms), MAX(time_ms), MAX(user_email), MAX(user_id),
    MAX(app_version), MAX(terminal_type), MAX(os_type), MAX(os_version),
    TOTAL(1), TOTAL(name = 'user_prompt'), TOTAL(name = 'api_request'), TOTAL(name = 'api_request' AND cost_usd IS NULL),
    TOTAL(CASE WHEN name = 'api_request' THEN coalesce(cost_usd, 0) ELSE 0 END),
    TOTAL(CASE WHEN name = 'api_request' THEN coalesce(input_tokens, 0) ELSE 0 END),
    TOTAL(CASE WHEN name = 'api_request' THEN coalesce(output_tokens, 0) ELSE 0 END),
    TOTAL(CASE WHEN name = 'api_request' THEN coalesce(cache_read_tokens, 0) ELSE 0 END),
    TOTAL(CASE WHEN name = 'api_request' THEN coalesce(cache_creation_tokens, 0) ELSE 0 END),
    TOTAL(name = 'tool_result'), TOTAL(name = 'api_error' OR (name = 'tool_result' AND is_success = 0))
  FROM events WHERE session_id IS NOT NULL GROUP BY session_id;

  INSERT INTO session_stats (session_id, first_ms, metric_first_ms, last_ms, metric_last_ms, m_user_id, usage_points,
    m_cost_usd, m_input_tokens, m_output_tokens, m_cache_read_tokens, m_cache_creation_tokens, lines_added, lines_removed)
  SELECT s.session_id, MIN(p.end_ms), MIN(p.end_ms), MAX(p.end_ms), MAX(p.end_ms), MAX(s.user_id),
    TOTAL(s.name IN ('claude_code.cost.usage', 'claude_code.token.usage')),
    TOTAL(CASE WHEN s.name = 'claude_code.cost.usage' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'input' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'output' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'cacheRead' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'cacheCreation' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.lines_of_code.count' AND s.type = 'added' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.lines_of_code.count' AND s.type = 'removed' THEN p.delta ELSE 0 END)
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE s.session_id IS NOT NULL GROUP BY s.session_id
  ON CONFLICT (session_id) DO UPDATE SET
    first_ms = min(first_ms, excluded.first_ms), last_ms = max(last_ms, excluded.last_ms),
    metric_first_ms = excluded.metric_first_ms, metric_last_ms = excluded.metric_last_ms, m_user_id = excluded.m_user_id,
    usage_points = excluded.usage_points, m_cost_usd = excluded.m_cost_usd, m_input_tokens = excluded.m_input_tokens,
    m_output_tokens = excluded.m_output_tokens, m_cache_read_tokens = excluded.m_cache_read_tokens,
    m_cache_creation_tokens = excluded.m_cache_creation_tokens, lines_added = excluded.lines_added,
    lines_removed = excluded.lines_removed;

  INSERT INTO session_models (session_id, source, model, cost_usd, requests)
  SELECT session_id, 'events', model, TOTAL(coalesce(cost_usd, 0)), TOTAL(1)
  FROM events WHERE name = 'api_request' AND session_id IS NOT NULL AND model IS NOT NULL
  GROUP BY session_id, model;

  INSERT INTO session_models (session_id, source, model, cost_usd, requests)
  SELECT s.session_id, 'metrics', s.model, TOTAL(p.delta), TOTAL(1)
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE s.name = 'claude_code.cost.usage' AND s.session_id IS NOT NULL AND s.model IS NOT NULL
  GROUP BY s.session_id, s.model;

  INSERT INTO usage_hours (hour_ms, session_id, source, model, query_class, cost_usd, unpriced, input_tokens,
    output_tokens, cache_read_tokens, cache_creation_tokens, requests)
  SELECT (time_ms / 3600000) * 3600000 AS hour_ms, coalesce(session_id, '') AS sid, 'events', coalesce(model, '') AS m, query_class,
    TOTAL(coalesce(cost_usd, 0)), TOTAL(cost_usd IS NULL), TOTAL(coalesce(input_tokens, 0)), TOTAL(coalesce(output_tokens, 0)),
    TOTAL(coalesce(cache_read_tokens, 0)), TOTAL(coalesce(cache_creation_tokens, 0)), TOTAL(1)
  FROM events WHERE name = 'api_request'
  GROUP BY hour_ms, sid, m, query_class;

  INSERT INTO usage_hours (hour_ms, session_id, source, model, query_class, cost_usd, unpriced, input_tokens,
    output_tokens, cache_read_tokens, cache_creation_tokens, requests)
  SELECT (p.end_ms / 3600000) * 3600000 AS hour_ms, coalesce(s.session_id, '') AS sid, 'metrics', coalesce(s.model, '') AS m,
    CASE WHEN s.query_source IN ('subagent', 'auxiliary') THEN s.query_source ELSE 'main' END AS qc,
    TOTAL(CASE WHEN s.name = 'claude_code.cost.usage' THEN p.delta ELSE 0 END), TOTAL(0),
    TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'input' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'output' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'cacheRead' THEN p.delta ELSE 0 END),
    TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'cacheCreation' THEN p.delta ELSE 0 END), TOTAL(0)
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE s.name IN ('claude_code.cost.usage', 'claude_code.token.usage')
  GROUP BY hour_ms, sid, m, qc;

  INSERT INTO tool_hours (hour_ms, tool_name, calls)
  SELECT (time_ms / 3600000) * 3600000 AS hour_ms, coalesce(tool_name, 'unknown') AS tool, TOTAL(1)
  FROM events WHERE name = 'tool_result'
  GROUP BY hour_ms, tool;

  INSERT INTO decision_hours (hour_ms, session_id, source, decision, n)
  SELECT (time_ms / 3600000) * 3600000 AS hour_ms, coalesce(session_id, '') AS sid, 'events', coalesce(decision, '') AS d, TOTAL(1)
  FROM events WHERE name = 'tool_decision'
  GROUP BY hour_ms, sid, d;

  INSERT INTO decision_hours (hour_ms, session_id, source, decision, n)
  SELECT (p.end_ms / 3600000) * 3600000 AS hour_ms, coalesce(s.session_id, '') AS sid, 'metrics',
    coalesce(json_extract(s.attributes_json, '$.decision'), '') AS d, TOTAL(p.delta)
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE s.name = 'claude_code.code_edit_tool.decision'
  GROUP BY hour_ms, sid, d;

  INSERT INTO metric_hours (hour_ms, name, type, value)
  SELECT (p.end_ms / 3600000) * 3600000 AS hour_ms, s.name, coalesce(s.type, '') AS t, TOTAL(p.delta)
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE s.name IN ('claude_code.active_time.total', 'claude_code.lines_of_code.count', 'claude_code.commit.count', 'claude_code.pull_request.count')
  GROUP BY hour_ms, s.name, t;
`;
