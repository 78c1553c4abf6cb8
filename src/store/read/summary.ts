// Every figure of the dashboard's panels for a time range, with time buckets for the charts.
import { statement, type Db } from '../open.js';
import type { CountByName, ModelFigures, Summary, SummaryBucket, TimeRange } from './types.js';
import { attribution } from './attribution.js';
import { sessionAggregatesInRange } from './session-aggregates.js';
import { sourceRows } from './summary-sources.js';
import { rangeParams, usageFactsSql } from './usage-facts.js';
import { activeTimeType, linesType, metricName } from '../../vocabulary/metrics.js';

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

const hourMs = 60 * minute;

// The 15-minute burn rate and the null-session rule need only raw facts over a short window.
const costSinceSql = `SELECT TOTAL(f.cost_usd) FROM (${usageFactsSql}) f`;
const hasApiRequestsSql = `SELECT EXISTS (SELECT 1 FROM events WHERE name = 'api_request' AND time_ms >= @since AND time_ms < @until)`;
const hasEventsSql = `SELECT EXISTS (SELECT 1 FROM events WHERE time_ms >= @since AND time_ms < @until)`;
const sessionsStartedSql = `SELECT COUNT(*) FROM session_stats WHERE first_ms >= @since AND first_ms < @until`;
const firstActivitySql = `
  SELECT MIN(t) FROM (SELECT MIN(time_ms) AS t FROM events UNION ALL SELECT MIN(end_ms) FROM metric_points)`;

export interface Segment {
  kind: 'raw' | 'rolled';
  since: number;
  until: number;
}

/**
 * Whole hours come from the hourly rollups when buckets are whole hours; the partial hours at the
 * edges (and every range with finer buckets) from the raw rows. The pieces do not overlap.
 */
export function segments(since: number, until: number, bucket: number): Segment[] {
  const firstHour = Math.ceil(since / hourMs) * hourMs;
  const lastHour = Math.floor(Math.min(until, Number.MAX_SAFE_INTEGER) / hourMs) * hourMs;
  if (bucket % hourMs !== 0 || firstHour >= lastHour) return [{ kind: 'raw', since, until }];
  return [
    { kind: 'raw', since, until: firstHour },
    { kind: 'rolled', since: firstHour, until: lastHour },
    { kind: 'raw', since: lastHour, until },
  ].filter((s): s is Segment => s.since < s.until);
}

export function summary(db: Db, query: SummaryQuery): Summary {
  const explicit = rangeParams(query);
  const first = statement(db, firstActivitySql).pluck().get() as number | null;
  // The chart origin: the range start, or the first data when the range is "all".
  const start = query.sinceMs ?? first ?? query.nowMs;
  const end = query.untilMs ?? query.nowMs;
  const bucket = query.bucketMs ?? bucketFor(Math.max(end - start, minute));
  // Buckets sit on whole multiples of their width (UTC days, hours), so charts line up with clocks.
  const origin = Math.floor(start / bucket) * bucket;
  const bucketCount = Math.max(1, Math.ceil((end - origin) / bucket));
  const buckets: SummaryBucket[] = Array.from({ length: bucketCount }, (_, i) => emptyBucket(origin + i * bucket));
  const at = (b: number): SummaryBucket => {
    // Data past the range end (clock skew, `all`) extends the chart rather than being dropped.
    while (b >= buckets.length) buckets.push(emptyBucket(origin + buckets.length * bucket));
    return buckets[Math.max(0, b)]!;
  };
  const flag = (sql: string) => ((statement(db, sql).pluck().get(explicit) as number) === 1 ? 0 : 1);
  const rules = { nullSessionMetrics: flag(hasApiRequestsSql), nullSessionDecisions: flag(hasEventsSql) } as const;

  const byModel = new Map<string, ModelFigures>();
  const costSplit = { main: 0, subagent: 0, auxiliary: 0 };
  let costUsd = 0;
  let unpricedRequests = 0;
  const tokens = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 };
  let commits = 0;
  let pullRequests = 0;
  const activeTime = { userSeconds: 0, cliSeconds: 0 };
  const lines = { added: 0, removed: 0 };
  const toolCounts = new Map<string, number>();
  let toolTotal = 0;
  const decisions = { accept: 0, reject: 0 };

  const pieces = segments(explicit.since, explicit.until, bucket);
  for (const segment of pieces) {
    const rows = sourceRows(db, segment.kind, { since: segment.since, until: segment.until, origin, bucket, ...rules });
    for (const r of rows.usage) {
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
      costSplit[r.queryClass] += r.costUsd;
      unpricedRequests += r.unpriced;
      tokens.input += r.input;
      tokens.output += r.output;
      tokens.cacheRead += r.cacheRead;
      tokens.cacheCreation += r.cacheCreation;
      const m = byModel.get(r.model) ?? {
        model: r.model,
        costUsd: 0,
        unpricedRequests: 0,
        apiRequests: 0,
        tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 },
      };
      m.costUsd += r.costUsd;
      m.unpricedRequests += r.unpriced;
      m.apiRequests += r.requests;
      m.tokens.input += r.input;
      m.tokens.output += r.output;
      m.tokens.cacheRead += r.cacheRead;
      m.tokens.cacheCreation += r.cacheCreation;
      byModel.set(r.model, m);
    }
    for (const r of rows.metrics) {
      const bk = at(r.b);
      if (r.name === metricName.activeTimeSeconds && r.type === activeTimeType.user) {
        bk.activeUserSeconds += r.value;
        activeTime.userSeconds += r.value;
      } else if (r.name === metricName.activeTimeSeconds && r.type === activeTimeType.cli) {
        bk.activeCliSeconds += r.value;
        activeTime.cliSeconds += r.value;
      } else if (r.name === metricName.linesOfCode && r.type === linesType.added) {
        bk.linesAdded += r.value;
        lines.added += r.value;
      } else if (r.name === metricName.linesOfCode && r.type === linesType.removed) {
        bk.linesRemoved += r.value;
        lines.removed += r.value;
      } else if (r.name === metricName.commits) commits += r.value;
      else if (r.name === metricName.pullRequests) pullRequests += r.value;
    }
    for (const r of rows.tools) {
      const tool = r.key ?? 'unknown';
      at(r.b).toolCalls += r.n;
      toolCounts.set(tool, (toolCounts.get(tool) ?? 0) + r.n);
      toolTotal += r.n;
    }
    for (const r of rows.decisions) {
      if (r.key === 'accept') {
        at(r.b).accepts += r.n;
        decisions.accept += r.n;
      } else if (r.key === 'reject') {
        at(r.b).rejects += r.n;
        decisions.reject += r.n;
      }
    }
  }
  tokens.total = tokens.input + tokens.output;
  const { cacheWrites, ...byKey } = attribution(db, pieces, rules.nullSessionMetrics);

  const inputSide = tokens.input + tokens.cacheRead + tokens.cacheCreation;
  // The session in progress: the one with the latest activity in the last few minutes.
  const live = sessionAggregatesInRange(db, { since: query.nowMs - liveWindowMs, until: query.nowMs + 1, nowMs: query.nowMs }).sort((a, b) =>
    b.endTime.localeCompare(a.endTime),
  )[0];

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
    sessions: statement(db, sessionsStartedSql).pluck().get(explicit) as number,
    commits: Math.round(commits),
    pullRequests: Math.round(pullRequests),
    activeTime,
    lines: { added: Math.round(lines.added), removed: Math.round(lines.removed) },
    toolCalls: { total: toolTotal, byTool: sortedCounts(toolCounts) },
    apiRequests: {
      total: models.reduce((n, m) => n + m.apiRequests, 0),
      byModel: models
        .filter((m) => m.apiRequests > 0)
        .map((m) => ({ name: m.model, count: m.apiRequests }))
        .sort((a, b) => b.count - a.count),
    },
    decisions: { accept: Math.round(decisions.accept), reject: Math.round(decisions.reject) },
    byModel: models.map((m) => ({ ...m, tokens: roundTokens(m.tokens) })),
    costSplit,
    ...byKey,
    cacheWrites,
    cacheHitRatio: inputSide > 0 ? tokens.cacheRead / inputSide : null,
    burnRateUsdPerHour: burnRateUsdPerHour(db, query.nowMs),
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

const burnWindowMs = 15 * minute;

/** Cost of the 15 minutes before nowMs, per hour. */
export function burnRateUsdPerHour(db: Db, nowMs: number): number {
  const window = { since: nowMs - burnWindowMs, until: nowMs + 1 };
  return (rawCost(db, window, nullSessionMetricsRule(db, window)) * hourMs) / burnWindowMs;
}

/** Metric points without a session id count only when the window has no api_request event. */
export function nullSessionMetricsRule(db: Db, window: { since: number; until: number }): 0 | 1 {
  return (statement(db, hasApiRequestsSql).pluck().get(window) as number) === 1 ? 0 : 1;
}

/** Cost in [since, until) from the raw rows. */
export function rawCost(db: Db, window: { since: number; until: number }, nullSessionMetrics: 0 | 1): number {
  return statement(db, costSinceSql)
    .pluck()
    .get({ ...window, nullSessionMetrics }) as number;
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
