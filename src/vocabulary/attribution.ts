// What a request was made for (Claude Code 2.1.332): the attributes that name the skill, MCP server
// (and tool), agent type or plugin on an api_request event and on the cost/token metric points, and
// the cache writes' two lifetimes. store/ reads them in SQL through these (our constants, never input).

/** Attribution kinds, and the attribute each is read from. */
export const attributionKinds = { skill: 'skill.name', mcp: 'mcp_server.name', agent: 'agent.name', plugin: 'plugin.name' } as const;
export type AttributionKind = keyof typeof attributionKinds;

/** The MCP tool, under its server: the `detail` of an mcp attribution. */
const mcpToolAttribute = 'mcp_tool.name';

/** `CROSS JOIN` of one row per kind, as `k.kind`: each record yields a row per kind it names. */
export const crossAttributionKinds = `CROSS JOIN (${Object.keys(attributionKinds)
  .map((k, i) => (i === 0 ? `SELECT '${k}' AS kind` : `SELECT '${k}'`))
  .join(' UNION ALL ')}) k`;

/**
 * SQL: the name row `k.kind` is attributed to, from a JSON object of attributes at `prefix`
 * (`$.attributes.` for an event's record, `$.` for a series' attributes); NULL when not sent or empty.
 */
export function attributionNameSql(json: string, prefix: string): string {
  const cases = Object.entries(attributionKinds).map(([kind, key]) => `WHEN '${kind}' THEN json_extract(${json}, '${prefix}"${key}"')`);
  return `nullif(CAST(CASE k.kind ${cases.join(' ')} END AS TEXT), '')`;
}

/** SQL: the MCP tool of an mcp row, '' for every other kind (or no tool). */
export function attributionDetailSql(json: string, prefix: string): string {
  return `CASE k.kind WHEN 'mcp' THEN coalesce(CAST(json_extract(${json}, '${prefix}"${mcpToolAttribute}"') AS TEXT), '') ELSE '' END`;
}

/**
 * SQL: whether a JSON text may name any attribution, by its keys' text alone: a quick test that
 * spares parsing the records that name none (most of them). It has no false negatives (the key is
 * always written as `"skill.name"`); a false positive only costs the parse.
 */
export function mayNameAttributionSql(json: string): string {
  return `(${Object.values(attributionKinds)
    .map((key) => `instr(${json}, '"${key}"') > 0`)
    .join(' OR ')})`;
}

/** SQL: an api_request record's 5-minute and 1-hour cache writes as numbers (NULL when not sent). */
export const cacheWrite5mSql = (json: string): string => `CAST(json_extract(${json}, '$.attributes.cache_creation_5m_tokens') AS REAL)`;
export const cacheWrite1hSql = (json: string): string => `CAST(json_extract(${json}, '$.attributes.cache_creation_1h_tokens') AS REAL)`;
