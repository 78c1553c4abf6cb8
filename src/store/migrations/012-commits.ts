import type { Migration } from '../migrate.js';

/**
 * Commits Claude Code made (2.1.332 reports each `git commit` it runs: git_commit_id and git_branch
 * in the tool_result's tool_parameters). One row per commit id: the session that made it, when, on
 * which branch, and the command line (where the message is). What a commit cost is read from the
 * session's events at read time (store/read/commits.ts), so events that arrive after the commit
 * still count. The same commit reported twice keeps its earliest report (then the first stored).
 *
 * The backfill reads the events already stored with the rule of vocabulary/tool-parameters.ts, in
 * SQL: parameters that are a JSON object (or a string holding one); an id of 7 to 64 hex digits,
 * lower-cased; a branch and a command only when they are non-empty strings. Self-contained SQL: it
 * must never change.
 */
export const commits: Migration = {
  version: 12,
  name: 'commits',
  up(db) {
    db.exec(`
      CREATE TABLE commits (
        commit_id TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        branch TEXT,
        time_ms INTEGER NOT NULL,
        command TEXT
      );
      -- "the commits of a session in order" (where each commit's interval starts)
      CREATE INDEX commits_by_session ON commits (session_id, time_ms, commit_id);
      -- "commits in a time range" (the commits list, the dashboard tile)
      CREATE INDEX commits_by_time ON commits (time_ms);

      WITH parameters AS (
        SELECT e.id, e.session_id, e.time_ms,
          CASE json_type(e.raw_json, '$.attributes.tool_parameters')
            WHEN 'object' THEN json_extract(e.raw_json, '$.attributes.tool_parameters')
            WHEN 'text' THEN CASE
              WHEN json_valid(json_extract(e.raw_json, '$.attributes.tool_parameters'))
                AND json_type(json_extract(e.raw_json, '$.attributes.tool_parameters')) = 'object'
              THEN json_extract(e.raw_json, '$.attributes.tool_parameters') END
          END AS p
        FROM events e
        WHERE e.name = 'tool_result' AND e.session_id IS NOT NULL AND instr(e.raw_json, 'git_commit_id') > 0
      ),
      reported AS (
        SELECT id, session_id, time_ms, lower(json_extract(p, '$.git_commit_id')) AS commit_id,
          CASE WHEN json_type(p, '$.git_branch') = 'text' AND json_extract(p, '$.git_branch') <> '' THEN json_extract(p, '$.git_branch') END AS branch,
          CASE WHEN json_type(p, '$.full_command') = 'text' AND json_extract(p, '$.full_command') <> '' THEN json_extract(p, '$.full_command') END AS command
        FROM parameters
        WHERE p IS NOT NULL AND json_type(p, '$.git_commit_id') = 'text'
      ),
      ranked AS (
        SELECT *, ROW_NUMBER() OVER (PARTITION BY commit_id ORDER BY time_ms, id) AS n
        FROM reported
        WHERE length(commit_id) BETWEEN 7 AND 64 AND commit_id NOT GLOB '*[^0-9a-f]*'
      )
      INSERT INTO commits (commit_id, session_id, branch, time_ms, command)
      SELECT commit_id, session_id, branch, time_ms, command FROM ranked WHERE n = 1;
    `);
  },
};
