import type { Migration } from '../migrate.js';

export const initialSchema: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        dedup_key TEXT NOT NULL UNIQUE,
        session_id TEXT,
        prompt_id TEXT,
        name TEXT NOT NULL,
        time_ms INTEGER NOT NULL,
        sequence INTEGER,
        user_id TEXT,
        user_email TEXT,
        model TEXT,
        input_tokens INTEGER,
        output_tokens INTEGER,
        cache_read_tokens INTEGER,
        cache_creation_tokens INTEGER,
        cost_usd REAL,
        duration_ms REAL,
        tool_name TEXT,
        is_success INTEGER,
        decision TEXT,
        decision_source TEXT,
        error TEXT,
        status_code INTEGER,
        request_id TEXT,
        query_source TEXT,
        agent_name TEXT,
        terminal_type TEXT,
        app_version TEXT,
        os_type TEXT,
        os_version TEXT,
        raw_json TEXT NOT NULL,
        received_ms INTEGER NOT NULL
      );
      -- "events of a session in order" (timeline, per-session figures)
      CREATE INDEX events_by_session ON events (session_id, sequence, time_ms);
      -- "what happened in a time range" (sessions list, dashboard)
      CREATE INDEX events_by_time ON events (time_ms);
      -- "does this session have api_request events" (choosing events or metrics as its source)
      CREATE INDEX events_by_name_session ON events (name, session_id, time_ms);

      CREATE TABLE metric_series (
        id INTEGER PRIMARY KEY,
        series_key TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        unit TEXT NOT NULL,
        kind TEXT NOT NULL,
        temporality INTEGER NOT NULL,
        is_monotonic INTEGER NOT NULL,
        session_id TEXT,
        user_id TEXT,
        model TEXT,
        type TEXT,
        query_source TEXT,
        attributes_json TEXT NOT NULL,
        resource_json TEXT NOT NULL,
        scope_name TEXT NOT NULL
      );
      CREATE INDEX metric_series_by_session ON metric_series (session_id, name);
      CREATE INDEX metric_series_by_name ON metric_series (name);

      -- One row per data point; delta is what the point adds (cumulative points are differenced).
      -- Natural key: series + start + end, plus the value for delta points (dedup_value; 0 for
      -- cumulative ones). Exporters stamp whole milliseconds, so two delta exports in one
      -- millisecond share their times; only a retry also shares the value. Two cumulative points
      -- with one key are resolved by keeping the larger total, the later one of a monotonic sum.
      CREATE TABLE metric_points (
        id INTEGER PRIMARY KEY,
        series_id INTEGER NOT NULL REFERENCES metric_series (id),
        start_ns INTEGER NOT NULL,
        end_ns INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        value REAL NOT NULL,
        delta REAL NOT NULL,
        dedup_value REAL NOT NULL,
        count INTEGER,
        is_cumulative INTEGER NOT NULL,
        received_ms INTEGER NOT NULL,
        UNIQUE (series_id, start_ns, end_ns, dedup_value)
      );
      CREATE INDEX metric_points_by_time ON metric_points (end_ms);

      -- Spans are kept as they came (beta tracing); one row per distinct request body.
      CREATE TABLE trace_requests (
        id INTEGER PRIMARY KEY,
        body_sha256 TEXT NOT NULL UNIQUE,
        spans_json TEXT NOT NULL,
        span_count INTEGER NOT NULL,
        received_ms INTEGER NOT NULL
      );
    `);
  },
};
