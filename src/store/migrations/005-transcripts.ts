import type { Migration } from '../migrate.js';

/**
 * What Claude Code's own transcripts (~/.claude/projects/<dir>/<session>.jsonl) say about a session:
 * where it ran (cwd, git root, branch) and which API requests it made. Telemetry has neither the
 * working directory nor a second opinion on the requests; the transcript has both.
 *
 * transcript_files remembers how far each file was read, so a scan reads only what was appended.
 * transcript_requests holds one row per API request (a streamed message is written as several lines
 * with the same requestId; they collapse here). A request belongs to the session its line names: a
 * resumed session's transcript repeats earlier lines with their original sessionId. session_labels holds a project named by the user's
 * own resource attribute (OTEL_RESOURCE_ATTRIBUTES=project=x), which wins over the transcript.
 */
export const transcripts: Migration = {
  version: 5,
  name: 'transcripts',
  up(db) {
    db.exec(`
      CREATE TABLE transcript_files (
        path TEXT PRIMARY KEY,
        session_id TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        offset_bytes INTEGER NOT NULL,
        scanned_ms INTEGER NOT NULL
      );
      CREATE INDEX transcript_files_by_session ON transcript_files (session_id);

      CREATE TABLE transcript_sessions (
        session_id TEXT PRIMARY KEY,
        cwd TEXT,
        project_path TEXT,
        project_name TEXT,
        git_branch TEXT,
        first_ms INTEGER,
        last_ms INTEGER
      );

      CREATE TABLE transcript_requests (
        session_id TEXT NOT NULL,
        request_id TEXT NOT NULL,
        model TEXT,
        time_ms INTEGER NOT NULL,
        input_tokens INTEGER NOT NULL,
        output_tokens INTEGER NOT NULL,
        cache_read_tokens INTEGER NOT NULL,
        cache_creation_tokens INTEGER NOT NULL,
        is_sidechain INTEGER NOT NULL,
        is_synthetic INTEGER NOT NULL,
        PRIMARY KEY (session_id, request_id)
      ) WITHOUT ROWID;

      CREATE TABLE session_labels (
        session_id TEXT PRIMARY KEY,
        project TEXT NOT NULL
      );
      INSERT INTO session_labels (session_id, project)
        SELECT session_id, max(coalesce(json_extract(raw_json, '$.resource.project'), json_extract(raw_json, '$.resource."project.name"')))
        FROM events
        WHERE session_id IS NOT NULL
          AND coalesce(json_extract(raw_json, '$.resource.project'), json_extract(raw_json, '$.resource."project.name"')) IS NOT NULL
        GROUP BY session_id;
    `);
  },
};
