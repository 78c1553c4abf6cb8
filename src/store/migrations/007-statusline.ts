import type { Migration } from '../migrate.js';

/**
 * What Claude Code pipes to a statusLine command: the only source of plan (rate limit) utilisation,
 * and of a session's working directory. One row per change of a session's figures; the session's
 * folders also go to session_workspaces, one row per session, for project attribution.
 */
export const statusline: Migration = {
  version: 7,
  name: 'statusline',
  up(db) {
    db.exec(`
      CREATE TABLE statusline_snapshots (
        session_id TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        model_id TEXT,
        model_name TEXT,
        cost_usd REAL,
        duration_ms INTEGER,
        lines_added INTEGER,
        lines_removed INTEGER,
        context_input_tokens INTEGER,
        context_output_tokens INTEGER,
        context_window_tokens INTEGER,
        context_used_pct REAL,
        five_hour_pct REAL,
        five_hour_resets_ms INTEGER,
        seven_day_pct REAL,
        seven_day_resets_ms INTEGER,
        PRIMARY KEY (session_id, time_ms)
      ) WITHOUT ROWID;
      -- "The latest plan utilisation" (the dashboard): only rows that carry rate limits.
      CREATE INDEX statusline_rate_limits_by_time ON statusline_snapshots (time_ms)
        WHERE five_hour_pct IS NOT NULL OR seven_day_pct IS NOT NULL;

      CREATE TABLE session_workspaces (
        session_id TEXT PRIMARY KEY,
        cwd TEXT,
        project_dir TEXT,
        transcript_path TEXT,
        first_ms INTEGER NOT NULL,
        last_ms INTEGER NOT NULL
      );
    `);
  },
};
