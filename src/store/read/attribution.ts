// Cost and tokens by what requests were made for (Claude Code 2.1.332): skill, MCP server (and
// tool), agent type, plugin; and the 5-minute / 1-hour split of cache writes. Like the summary's
// other figures: whole hours from rollups (attribution_hours, cache_write_hours), the partial hours
// at a range's edges from raw rows, and each session from one source (its api_request events if it
// has any, else its cost/token metric points: usage-facts.ts decides).
// Parameters: @since, @until, @nullSessionMetrics.
import {
  attributionDetailSql,
  attributionNameSql,
  cacheWrite1hSql,
  cacheWrite5mSql,
  crossAttributionKinds,
  mayNameAttributionSql,
  type AttributionKind,
} from '../../vocabulary/attribution.js';
import { metricName, tokenType } from '../../vocabulary/metrics.js';
import { statement, type Db } from '../open.js';
import type { AttributionFigures, CacheWrites, McpFigures, SummaryAttribution } from './types.js';
import { metricsPriceSession } from './usage-facts.js';

const cost = metricName.costUsd;
const tokens = metricName.tokens;

const figures = `TOTAL(cost_usd) AS costUsd, SUM(unpriced) AS unpriced, TOTAL(input_tokens) AS input, TOTAL(output_tokens) AS output,
  TOTAL(cache_read_tokens) AS cacheRead, TOTAL(cache_creation_tokens) AS cacheCreation, SUM(requests) AS requests`;

export const rawAttributionSql = `
  SELECT kind, name, detail, ${figures} FROM (
    SELECT k.kind, ${attributionNameSql('e.raw_json', '$.attributes.')} AS name, ${attributionDetailSql('e.raw_json', '$.attributes.')} AS detail,
      coalesce(e.cost_usd, 0) AS cost_usd, e.cost_usd IS NULL AS unpriced, coalesce(e.input_tokens, 0) AS input_tokens,
      coalesce(e.output_tokens, 0) AS output_tokens, coalesce(e.cache_read_tokens, 0) AS cache_read_tokens,
      coalesce(e.cache_creation_tokens, 0) AS cache_creation_tokens, 1 AS requests
    FROM events e ${crossAttributionKinds}
    WHERE e.name = 'api_request' AND e.time_ms >= @since AND e.time_ms < @until AND ${mayNameAttributionSql('e.raw_json')}
    UNION ALL
    SELECT k.kind, ${attributionNameSql('s.attributes_json', '$.')}, ${attributionDetailSql('s.attributes_json', '$.')},
      CASE WHEN s.name = '${cost}' THEN p.delta ELSE 0 END, 0,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.input}' THEN p.delta ELSE 0 END,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.output}' THEN p.delta ELSE 0 END,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.cacheRead}' THEN p.delta ELSE 0 END,
      CASE WHEN s.name = '${tokens}' AND s.type = '${tokenType.cacheCreation}' THEN p.delta ELSE 0 END,
      0
    FROM metric_points p JOIN metric_series s ON s.id = p.series_id ${crossAttributionKinds}
    WHERE +s.name IN ('${cost}', '${tokens}') AND p.end_ms >= @since AND p.end_ms < @until
      AND CASE WHEN s.session_id IS NULL THEN @nullSessionMetrics ELSE ${metricsPriceSession('s.session_id')} END
  ) WHERE name IS NOT NULL GROUP BY kind, name, detail`;

export const rolledAttributionSql = `
  SELECT kind, name, detail, ${figures} FROM attribution_hours a
  WHERE a.hour_ms >= @since AND a.hour_ms < @until
    AND (a.source = 'events' OR CASE WHEN a.session_id = '' THEN @nullSessionMetrics ELSE ${metricsPriceSession('a.session_id')} END)
  GROUP BY kind, name, detail`;

export const rawCacheWritesSql = `
  SELECT TOTAL(m5) AS fiveMinute, TOTAL(h1) AS oneHour, count(*) AS requests FROM (
    SELECT ${cacheWrite5mSql('raw_json')} AS m5, ${cacheWrite1hSql('raw_json')} AS h1
    FROM events WHERE name = 'api_request' AND time_ms >= @since AND time_ms < @until
  ) WHERE m5 IS NOT NULL OR h1 IS NOT NULL`;

export const rolledCacheWritesSql = `
  SELECT TOTAL(five_minute_tokens) AS fiveMinute, TOTAL(one_hour_tokens) AS oneHour, TOTAL(requests) AS requests
  FROM cache_write_hours WHERE hour_ms >= @since AND hour_ms < @until`;

interface AttributionRow {
  kind: AttributionKind;
  name: string;
  detail: string;
  costUsd: number;
  unpriced: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  requests: number;
}

export interface AttributionSegment {
  kind: 'raw' | 'rolled';
  since: number;
  until: number;
}

const emptyFigures = (key: string): AttributionFigures => ({
  key,
  costUsd: 0,
  tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
  apiRequests: 0,
  unpricedRequests: 0,
});

function addTo(f: AttributionFigures, r: AttributionRow): void {
  f.costUsd += r.costUsd;
  f.unpricedRequests += r.unpriced;
  f.apiRequests += r.requests;
  f.tokens.input += r.input;
  f.tokens.output += r.output;
  f.tokens.cacheRead += r.cacheRead;
  f.tokens.cacheCreation += r.cacheCreation;
}

function rounded<T extends AttributionFigures>(f: T): T {
  const t = f.tokens;
  return {
    ...f,
    tokens: { input: Math.round(t.input), output: Math.round(t.output), cacheRead: Math.round(t.cacheRead), cacheCreation: Math.round(t.cacheCreation) },
  };
}

/** Costliest first; ties by name, so the order is stable. */
const byCost = (a: AttributionFigures, b: AttributionFigures) => b.costUsd - a.costUsd || a.key.localeCompare(b.key);

/** By-key figures and cache writes over the segments (which do not overlap) of one summary. */
export function attribution(db: Db, segments: readonly AttributionSegment[], nullSessionMetrics: 0 | 1): SummaryAttribution & { cacheWrites: CacheWrites } {
  const groups: Record<AttributionKind, Map<string, AttributionFigures>> = { skill: new Map(), mcp: new Map(), agent: new Map(), plugin: new Map() };
  const mcpTools = new Map<string, Map<string, AttributionFigures>>();
  const cache = { fiveMinute: 0, oneHour: 0, requests: 0 };
  for (const segment of segments) {
    const params = { since: segment.since, until: segment.until, nullSessionMetrics };
    const rows = statement(db, segment.kind === 'raw' ? rawAttributionSql : rolledAttributionSql).all(params) as AttributionRow[];
    for (const r of rows) {
      const group = groups[r.kind];
      if (group === undefined) continue;
      const f = group.get(r.name) ?? emptyFigures(r.name);
      group.set(r.name, f);
      addTo(f, r);
      if (r.kind !== 'mcp' || r.detail === '') continue;
      const tools = mcpTools.get(r.name) ?? new Map<string, AttributionFigures>();
      mcpTools.set(r.name, tools);
      const tool = tools.get(r.detail) ?? emptyFigures(r.detail);
      tools.set(r.detail, tool);
      addTo(tool, r);
    }
    const c = statement(db, segment.kind === 'raw' ? rawCacheWritesSql : rolledCacheWritesSql).get(params) as typeof cache;
    cache.fiveMinute += c.fiveMinute;
    cache.oneHour += c.oneHour;
    cache.requests += c.requests;
  }
  const list = (kind: AttributionKind) => [...groups[kind].values()].map(rounded).sort(byCost);
  const byMcp: McpFigures[] = list('mcp').map((server) => ({ ...server, tools: [...(mcpTools.get(server.key)?.values() ?? [])].map(rounded).sort(byCost) }));
  return {
    bySkill: list('skill'),
    byMcp,
    byAgent: list('agent'),
    byPlugin: list('plugin'),
    // Only api_request events split cache writes: no event that reported them, no figure.
    cacheWrites:
      cache.requests === 0
        ? { fiveMinuteTokens: null, oneHourTokens: null }
        : { fiveMinuteTokens: Math.round(cache.fiveMinute), oneHourTokens: Math.round(cache.oneHour) },
  };
}
