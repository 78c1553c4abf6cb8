import type { Migration } from '../migrate.js';

/**
 * The dashboard summary over long ranges at a million events. usage_hours and decision_hours keep a
 * row per hour and session (a session's figures come from its events or, when it has none, from its
 * metrics), so 30 days of them are tens of thousands of rows, each sorted into its bucket, and each
 * metrics row checked against session_stats. Two rollups and two indexes make them small reads:
 *
 * - event_usage_hours, event_decision_hours: the api_request and tool_decision events per hour (and
 *   model and query class, or decision), without the session: events always count, so the sessions
 *   need not be told apart. A few rows per hour.
 * - usage_hours_by_session, decision_hours_by_session: the metrics rows of one session in a range,
 *   so a read visits the rows of the few sessions whose metrics count (no events), not all of them.
 *
 * The fill is this version's own SQL, frozen as it shipped (see migrate.ts).
 */
export const eventHours: Migration = {
  version: 14,
  name: 'event-hours',
  up(db) {
    db.exec(`
      CREATE TABLE event_usage_hours (
        hour_ms INTEGER NOT NULL,
        model TEXT NOT NULL,
        query_class TEXT NOT NULL,
        cost_usd REAL NOT NULL,
        unpriced INTEGER NOT NULL,
        input_tokens REAL NOT NULL,
        output_tokens REAL NOT NULL,
        cache_read_tokens REAL NOT NULL,
        cache_creation_tokens REAL NOT NULL,
        requests INTEGER NOT NULL,
        PRIMARY KEY (hour_ms, model, query_class)
      ) WITHOUT ROWID;

      CREATE TABLE event_decision_hours (
        hour_ms INTEGER NOT NULL,
        decision TEXT NOT NULL,
        n REAL NOT NULL,
        PRIMARY KEY (hour_ms, decision)
      ) WITHOUT ROWID;

      CREATE INDEX usage_hours_by_session ON usage_hours (source, session_id, hour_ms);
      CREATE INDEX decision_hours_by_session ON decision_hours (source, session_id, hour_ms);
    `);
    db.exec(eventHoursFillSql);
  },
};

export const eventHoursFillSql = `
  INSERT INTO event_usage_hours (hour_ms, model, query_class, cost_usd, unpriced, input_tokens, output_tokens,
    cache_read_tokens, cache_creation_tokens, requests)
  SELECT (time_ms / 3600000) * 3600000 AS hour_ms, coalesce(model, '') AS m, query_class,
    TOTAL(coalesce(cost_usd, 0)), TOTAL(cost_usd IS NULL), TOTAL(coalesce(input_tokens, 0)), TOTAL(coalesce(output_tokens, 0)),
    TOTAL(coalesce(cache_read_tokens, 0)), TOTAL(coalesce(cache_creation_tokens, 0)), TOTAL(1)
  FROM events WHERE name = 'api_request'
  GROUP BY hour_ms, m, query_class;

  INSERT INTO event_decision_hours (hour_ms, decision, n)
  SELECT (time_ms / 3600000) * 3600000 AS hour_ms, coalesce(decision, '') AS d, TOTAL(1)
  FROM events WHERE name = 'tool_decision'
  GROUP BY hour_ms, d;
`;
