import type { Migration } from '../migrate.js';
import { rebuildRollups } from '../rollups.js';

/**
 * Rollup tables, filled from the rows already stored. Later code changes to the rollups come with
 * their own migration that rebuilds them, so this one stays as shipped.
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
    rebuildRollups(db);
  },
};
