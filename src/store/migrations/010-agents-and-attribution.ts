import type { Migration } from '../migrate.js';

/**
 * Claude Code 2.1.332 says which agent, skill, MCP server (and tool) or plugin a request was made
 * for, on its api_request event and on its cost/token metric points; splits cache writes into
 * 5-minute and 1-hour ones; and tags a subagent's requests, tools and hooks with its `agent_id`.
 * Three rollups keep what the summary and the sessions list read from these, so they stay rollup
 * lookups at millions of events instead of JSON reads of every stored record:
 *
 * - session_agents: per session and agent id, the events that carry it, and the user_prompt events
 *   that are the agent's <task-notification> (nobody typed those; `prompts` leaves them out).
 * - attribution_hours: cost, tokens and requests per hour, session, source and attribution (kind
 *   skill / mcp / agent / plugin; name; detail = the MCP tool), from events and from metric points,
 *   so reads can take each session from one source, as usage_hours does.
 * - cache_write_hours: the 5-minute and 1-hour cache writes of the api_request events that report
 *   them, per hour (metrics do not split cache writes).
 *
 * The fill is this version's own SQL, frozen as it shipped (see migrate.ts).
 */
export const agentsAndAttribution: Migration = {
  version: 10,
  name: 'agents-and-attribution',
  up(db) {
    db.exec(`
      CREATE TABLE session_agents (
        session_id TEXT NOT NULL,
        agent_id TEXT NOT NULL,
        events INTEGER NOT NULL,
        notifications INTEGER NOT NULL,
        PRIMARY KEY (session_id, agent_id)
      ) WITHOUT ROWID;

      CREATE TABLE attribution_hours (
        hour_ms INTEGER NOT NULL,
        session_id TEXT NOT NULL,
        source TEXT NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        detail TEXT NOT NULL,
        cost_usd REAL NOT NULL,
        unpriced INTEGER NOT NULL,
        input_tokens REAL NOT NULL,
        output_tokens REAL NOT NULL,
        cache_read_tokens REAL NOT NULL,
        cache_creation_tokens REAL NOT NULL,
        requests INTEGER NOT NULL,
        PRIMARY KEY (hour_ms, session_id, source, kind, name, detail)
      ) WITHOUT ROWID;

      CREATE TABLE cache_write_hours (
        hour_ms INTEGER PRIMARY KEY,
        five_minute_tokens REAL NOT NULL,
        one_hour_tokens REAL NOT NULL,
        requests INTEGER NOT NULL
      ) WITHOUT ROWID;
    `);
    db.exec(agentsAndAttributionFillSql);
  },
};

/**
 * The three rollups of the rows stored so far, as version 10 computes them (exported for the
 * upgrade tests, which build a version-9+ database the way that version's writer left it).
 */
export const agentsAndAttributionFillSql = `
  INSERT INTO session_agents (session_id, agent_id, events, notifications)
  SELECT session_id, agent_id, TOTAL(is_event), TOTAL(is_notification) FROM (
    SELECT session_id, agent_id, 1 AS is_event, 0 AS is_notification FROM (
      SELECT session_id, nullif(CAST(json_extract(raw_json, '$.attributes.agent_id') AS TEXT), '') AS agent_id FROM events WHERE session_id IS NOT NULL
    ) WHERE agent_id IS NOT NULL
    UNION ALL
    SELECT session_id, CASE WHEN a > 0 AND b > a THEN trim(substr(t, a + 9, b - a - 9)) ELSE '' END, 0, 1
    FROM (
      SELECT session_id, t, instr(t, '<task-id>') AS a, instr(t, '</task-id>') AS b FROM (
        SELECT session_id, CASE
            WHEN ltrim(json_extract(raw_json, '$.attributes.prompt'), ' ' || char(9, 10, 13)) LIKE '<task-notification>%' THEN json_extract(raw_json, '$.attributes.prompt')
            WHEN ltrim(json_extract(raw_json, '$.attributes.prompt_text'), ' ' || char(9, 10, 13)) LIKE '<task-notification>%' THEN json_extract(raw_json, '$.attributes.prompt_text')
          END AS t
        FROM events WHERE name = 'user_prompt' AND session_id IS NOT NULL
      ) WHERE t IS NOT NULL
    )
  ) GROUP BY session_id, agent_id;

  INSERT INTO attribution_hours (hour_ms, session_id, source, kind, name, detail, cost_usd, unpriced, input_tokens,
    output_tokens, cache_read_tokens, cache_creation_tokens, requests)
  SELECT hour_ms, session_id, 'events', kind, name, detail, TOTAL(cost_usd), TOTAL(unpriced), TOTAL(input_tokens),
    TOTAL(output_tokens), TOTAL(cache_read_tokens), TOTAL(cache_creation_tokens), TOTAL(1)
  FROM (
    SELECT (e.time_ms / 3600000) * 3600000 AS hour_ms, coalesce(e.session_id, '') AS session_id, k.kind,
      nullif(CAST(CASE k.kind
        WHEN 'skill' THEN json_extract(e.raw_json, '$.attributes."skill.name"')
        WHEN 'mcp' THEN json_extract(e.raw_json, '$.attributes."mcp_server.name"')
        WHEN 'agent' THEN json_extract(e.raw_json, '$.attributes."agent.name"')
        ELSE json_extract(e.raw_json, '$.attributes."plugin.name"') END AS TEXT), '') AS name,
      CASE k.kind WHEN 'mcp' THEN coalesce(CAST(json_extract(e.raw_json, '$.attributes."mcp_tool.name"') AS TEXT), '') ELSE '' END AS detail,
      coalesce(e.cost_usd, 0) AS cost_usd, e.cost_usd IS NULL AS unpriced, coalesce(e.input_tokens, 0) AS input_tokens,
      coalesce(e.output_tokens, 0) AS output_tokens, coalesce(e.cache_read_tokens, 0) AS cache_read_tokens,
      coalesce(e.cache_creation_tokens, 0) AS cache_creation_tokens
    FROM events e CROSS JOIN (SELECT 'skill' AS kind UNION ALL SELECT 'mcp' UNION ALL SELECT 'agent' UNION ALL SELECT 'plugin') k
    WHERE e.name = 'api_request'
  ) WHERE name IS NOT NULL
  GROUP BY hour_ms, session_id, kind, name, detail;

  INSERT INTO attribution_hours (hour_ms, session_id, source, kind, name, detail, cost_usd, unpriced, input_tokens,
    output_tokens, cache_read_tokens, cache_creation_tokens, requests)
  SELECT hour_ms, session_id, 'metrics', kind, name, detail, TOTAL(cost_usd), TOTAL(0), TOTAL(input_tokens),
    TOTAL(output_tokens), TOTAL(cache_read_tokens), TOTAL(cache_creation_tokens), TOTAL(0)
  FROM (
    SELECT (p.end_ms / 3600000) * 3600000 AS hour_ms, coalesce(s.session_id, '') AS session_id, k.kind,
      nullif(CAST(CASE k.kind
        WHEN 'skill' THEN json_extract(s.attributes_json, '$."skill.name"')
        WHEN 'mcp' THEN json_extract(s.attributes_json, '$."mcp_server.name"')
        WHEN 'agent' THEN json_extract(s.attributes_json, '$."agent.name"')
        ELSE json_extract(s.attributes_json, '$."plugin.name"') END AS TEXT), '') AS name,
      CASE k.kind WHEN 'mcp' THEN coalesce(CAST(json_extract(s.attributes_json, '$."mcp_tool.name"') AS TEXT), '') ELSE '' END AS detail,
      CASE WHEN s.name = 'claude_code.cost.usage' THEN p.delta ELSE 0 END AS cost_usd,
      CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'input' THEN p.delta ELSE 0 END AS input_tokens,
      CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'output' THEN p.delta ELSE 0 END AS output_tokens,
      CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'cacheRead' THEN p.delta ELSE 0 END AS cache_read_tokens,
      CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'cacheCreation' THEN p.delta ELSE 0 END AS cache_creation_tokens
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id
      CROSS JOIN (SELECT 'skill' AS kind UNION ALL SELECT 'mcp' UNION ALL SELECT 'agent' UNION ALL SELECT 'plugin') k
    WHERE s.name IN ('claude_code.cost.usage', 'claude_code.token.usage')
  ) WHERE name IS NOT NULL
  GROUP BY hour_ms, session_id, kind, name, detail;

  INSERT INTO cache_write_hours (hour_ms, five_minute_tokens, one_hour_tokens, requests)
  SELECT (time_ms / 3600000) * 3600000 AS hour_ms,
    TOTAL(CAST(json_extract(raw_json, '$.attributes.cache_creation_5m_tokens') AS REAL)),
    TOTAL(CAST(json_extract(raw_json, '$.attributes.cache_creation_1h_tokens') AS REAL)), TOTAL(1)
  FROM events
  WHERE name = 'api_request' AND (json_extract(raw_json, '$.attributes.cache_creation_5m_tokens') IS NOT NULL
    OR json_extract(raw_json, '$.attributes.cache_creation_1h_tokens') IS NOT NULL)
  GROUP BY hour_ms;
`;
