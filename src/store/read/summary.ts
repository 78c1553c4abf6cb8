// Every figure of the dashboard's panels for a time range, with time buckets for the charts.
import { statement, type Db } from '../open.js';
import type { CountByName, ModelFigures, Summary, SummaryBucket, TimeRange } from './types.js';
import { sessionAggregatesInRange } from './session-aggregates.js';
import { activeSessionsSql, metricIsSourceSql, rangeParams, usageFactsSql } from './usage-facts.js';

export interface SummaryQuery extends TimeRange {
  /** The clock, for ranges that end now; injected so tests are exact. */
  nowMs: number;
  /** Bucket width; chosen from the range when absent (about 60 buckets). */
  bucketMs?: number;
}

const minute = 60_000;
/** A session with activity this recent is "live": Claude Code exports metrics every minute by default. */
export const liveWindowMs = 5 * minute;
const niceBuckets = [minute, 5 * minute, 15 * minute, 60 * minute, 3 * 60 * minute, 6 * 60 * minute, 12 * 60 * minute, 24 * 60 * minute, 7 * 24 * 60 * minute];

export function bucketFor(spanMs: number): number {
  return niceBuckets.find((b) => spanMs / b <= 60) ?? niceBuckets[niceBuckets.length - 1]!;
}

const usageByBucketSql = `
  SELECT CAST((f.time_ms - @origin) / @bucket AS INTEGER) AS b, COALESCE(f.model, 'unknown') AS model,
    TOTAL(f.cost_usd) AS costUsd, SUM(f.unpriced) AS unpriced, TOTAL(f.input_tokens) AS input,
    TOTAL(f.output_tokens) AS output, TOTAL(f.cache_read_tokens) AS cacheRead,
    TOTAL(f.cache_creation_tokens) AS cacheCreation, SUM(f.requests) AS requests
  FROM (${usageFactsSql}) f GROUP BY b, model`;

const costSplitSql = `SELECT f.query_class AS queryClass, TOTAL(f.cost_usd) AS costUsd FROM (${usageFactsSql}) f GROUP BY f.query_class`;

const costSinceSql = `SELECT TOTAL(f.cost_usd) FROM (${usageFactsSql}) f`;

const metricPanelsSql = `
  SELECT CAST((p.end_ms - @origin) / @bucket AS INTEGER) AS b, s.name AS name, s.type AS type, TOTAL(p.delta) AS value
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE s.name IN ('claude_code.active_time.total', 'claude_code.lines_of_code.count',
                   'claude_code.commit.count', 'claude_code.pull_request.count')
    AND p.end_ms >= @since AND p.end_ms < @until
  GROUP BY b, s.name, s.type`;

const toolCallsSql = `
  SELECT CAST((time_ms - @origin) / @bucket AS INTEGER) AS b, COALESCE(tool_name, 'unknown') AS tool, COUNT(*) AS n
  FROM events WHERE name = 'tool_result' AND time_ms >= @since AND time_ms < @until
  GROUP BY b, tool`;

// Decisions: tool_decision events; the edit-tool decision metric only for sessions without events.
const decisionsSql = `
  SELECT CAST((time_ms - @origin) / @bucket AS INTEGER) AS b, decision, COUNT(*) AS n
  FROM events WHERE name = 'tool_decision' AND time_ms >= @since AND time_ms < @until
  GROUP BY b, decision
  UNION ALL
  SELECT CAST((p.end_ms - @origin) / @bucket AS INTEGER), json_extract(s.attributes_json, '$.decision'), TOTAL(p.delta)
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE s.name = 'claude_code.code_edit_tool.decision' AND p.end_ms >= @since AND p.end_ms < @until
    AND ${metricIsSourceSql.replaceAll("x.name = 'api_request' AND ", '')}
  GROUP BY 1, 2`;

// Sessions that started in the range: active in it, and with nothing earlier.
const sessionsStartedSql = `
  SELECT COUNT(*) FROM (${activeSessionsSql}) c
  WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.session_id = c.session_id AND e.time_ms < @since)
    AND NOT EXISTS (SELECT 1 FROM metric_series s JOIN metric_points p ON p.series_id = s.id
                    WHERE s.session_id = c.session_id AND p.end_ms < @since)`;

const firstActivitySql = `
  SELECT MIN(t) FROM (SELECT MIN(time_ms) AS t FROM events UNION ALL SELECT MIN(end_ms) FROM metric_points)`;

export function summary(db: Db, query: SummaryQuery): Summary {
  const explicit = rangeParams(query);
  const first = statement(db, firstActivitySql).pluck().get() as number | null;
  // The chart origin: the range start, or the first data when the range is "all".
  const start = query.sinceMs ?? first ?? query.nowMs;
  const end = query.untilMs ?? query.nowMs;
  const bucket = query.bucketMs ?? bucketFor(Math.max(end - start, minute));
  // Buckets sit on whole multiples of their width (UTC days, hours), so charts line up with clocks.
  const origin = Math.floor(start / bucket) * bucket;
  const params = { ...explicit, origin, bucket };
  const bucketCount = Math.max(1, Math.ceil((end - origin) / bucket));
  const buckets: SummaryBucket[] = Array.from({ length: bucketCount }, (_, i) => emptyBucket(origin + i * bucket));
  const at = (b: number): SummaryBucket => {
    // Data past the range end (clock skew, `all`) extends the chart rather than being dropped.
    while (b >= buckets.length) buckets.push(emptyBucket(origin + buckets.length * bucket));
    return buckets[Math.max(0, b)]!;
  };

  const byModel = new Map<string, ModelFigures>();
  let costUsd = 0;
  let unpricedRequests = 0;
  const tokens = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 };
  for (const r of statement(db, usageByBucketSql).all(params) as UsageRow[]) {
    const bk = at(r.b);
    bk.costUsd += r.costUsd;
    bk.costByModel[r.model] = (bk.costByModel[r.model] ?? 0) + r.costUsd;
    bk.inputTokens += r.input;
    bk.outputTokens += r.output;
    bk.cacheReadTokens += r.cacheRead;
    bk.cacheCreationTokens += r.cacheCreation;
    bk.apiRequests += r.requests;
    if (r.requests > 0) bk.apiRequestsByModel[r.model] = (bk.apiRequestsByModel[r.model] ?? 0) + r.requests;
    costUsd += r.costUsd;
    unpricedRequests += r.unpriced;
    tokens.input += r.input;
    tokens.output += r.output;
    tokens.cacheRead += r.cacheRead;
    tokens.cacheCreation += r.cacheCreation;
    const m = byModel.get(r.model) ?? { model: r.model, costUsd: 0, unpricedRequests: 0, apiRequests: 0, tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 } };
    m.costUsd += r.costUsd;
    m.unpricedRequests += r.unpriced;
    m.apiRequests += r.requests;
    m.tokens.input += r.input;
    m.tokens.output += r.output;
    m.tokens.cacheRead += r.cacheRead;
    m.tokens.cacheCreation += r.cacheCreation;
    m.tokens.total = m.tokens.input + m.tokens.output;
    byModel.set(r.model, m);
  }
  tokens.total = tokens.input + tokens.output;

  let commits = 0;
  let pullRequests = 0;
  const activeTime = { userSeconds: 0, cliSeconds: 0 };
  const lines = { added: 0, removed: 0 };
  for (const r of statement(db, metricPanelsSql).all(params) as MetricPanelRow[]) {
    const bk = at(r.b);
    if (r.name === 'claude_code.active_time.total' && r.type === 'user') (bk.activeUserSeconds += r.value), (activeTime.userSeconds += r.value);
    else if (r.name === 'claude_code.active_time.total' && r.type === 'cli') (bk.activeCliSeconds += r.value), (activeTime.cliSeconds += r.value);
    else if (r.name === 'claude_code.lines_of_code.count' && r.type === 'added') (bk.linesAdded += r.value), (lines.added += r.value);
    else if (r.name === 'claude_code.lines_of_code.count' && r.type === 'removed') (bk.linesRemoved += r.value), (lines.removed += r.value);
    else if (r.name === 'claude_code.commit.count') commits += r.value;
    else if (r.name === 'claude_code.pull_request.count') pullRequests += r.value;
  }

  const toolCounts = new Map<string, number>();
  let toolTotal = 0;
  for (const r of statement(db, toolCallsSql).all(params) as { b: number; tool: string; n: number }[]) {
    at(r.b).toolCalls += r.n;
    toolCounts.set(r.tool, (toolCounts.get(r.tool) ?? 0) + r.n);
    toolTotal += r.n;
  }

  const decisions = { accept: 0, reject: 0 };
  for (const r of statement(db, decisionsSql).all(params) as { b: number; decision: string | null; n: number }[]) {
    if (r.decision === 'accept') (at(r.b).accepts += r.n), (decisions.accept += r.n);
    else if (r.decision === 'reject') (at(r.b).rejects += r.n), (decisions.reject += r.n);
  }

  const costSplit = { main: 0, subagent: 0, auxiliary: 0 };
  for (const r of statement(db, costSplitSql).all(explicit) as { queryClass: keyof typeof costSplit; costUsd: number }[]) costSplit[r.queryClass] += r.costUsd;

  const burnWindowMs = 15 * minute;
  const burnCost = statement(db, costSinceSql).pluck().get({ since: query.nowMs - burnWindowMs, until: query.nowMs + 1 }) as number;
  const inputSide = tokens.input + tokens.cacheRead + tokens.cacheCreation;
  // The session in progress: the one with the latest activity in the last few minutes.
  const live = sessionAggregatesInRange(db, query.nowMs - liveWindowMs, query.nowMs + 1).sort((a, b) => b.endTime.localeCompare(a.endTime))[0];

  const models = [...byModel.values()].sort((a, b) => b.costUsd - a.costUsd || a.model.localeCompare(b.model));
  return {
    range: {
      since: query.sinceMs === undefined ? null : new Date(query.sinceMs).toISOString(),
      until: query.untilMs === undefined ? null : new Date(query.untilMs).toISOString(),
      bucketMs: bucket,
    },
    costUsd,
    unpricedRequests,
    tokens: roundTokens(tokens),
    sessions: statement(db, sessionsStartedSql).pluck().get(params) as number,
    commits: Math.round(commits),
    pullRequests: Math.round(pullRequests),
    activeTime,
    lines: { added: Math.round(lines.added), removed: Math.round(lines.removed) },
    toolCalls: { total: toolTotal, byTool: sortedCounts(toolCounts) },
    apiRequests: {
      total: models.reduce((n, m) => n + m.apiRequests, 0),
      byModel: models.filter((m) => m.apiRequests > 0).map((m) => ({ name: m.model, count: m.apiRequests })).sort((a, b) => b.count - a.count),
    },
    decisions: { accept: Math.round(decisions.accept), reject: Math.round(decisions.reject) },
    byModel: models.map((m) => ({ ...m, tokens: roundTokens(m.tokens) })),
    costSplit,
    cacheHitRatio: inputSide > 0 ? tokens.cacheRead / inputSide : null,
    burnRateUsdPerHour: (burnCost * 3_600_000) / burnWindowMs,
    currentSession:
      live === undefined
        ? null
        : {
            sessionId: live.sessionId,
            costUsd: live.costUsd,
            usdPerHour: live.costUsd === null ? null : (live.costUsd * 3_600_000) / Math.max(live.durationMs, minute),
          },
    buckets,
  };
}

interface UsageRow {
  b: number;
  model: string;
  costUsd: number;
  unpriced: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  requests: number;
}

interface MetricPanelRow {
  b: number;
  name: string;
  type: string | null;
  value: number;
}

function emptyBucket(startMs: number): SummaryBucket {
  return {
    startMs,
    costUsd: 0,
    costByModel: {},
    inputTokens: 0,
    outputTokens: 0,
    cacheReadTokens: 0,
    cacheCreationTokens: 0,
    activeUserSeconds: 0,
    activeCliSeconds: 0,
    linesAdded: 0,
    linesRemoved: 0,
    toolCalls: 0,
    apiRequests: 0,
    apiRequestsByModel: {},
    accepts: 0,
    rejects: 0,
  };
}

function roundTokens(t: { input: number; output: number; cacheRead: number; cacheCreation: number }) {
  const input = Math.round(t.input);
  const output = Math.round(t.output);
  return { input, output, cacheRead: Math.round(t.cacheRead), cacheCreation: Math.round(t.cacheCreation), total: input + output };
}

function sortedCounts(counts: Map<string, number>): CountByName[] {
  return [...counts].map(([name, count]) => ({ name, count })).sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
}
