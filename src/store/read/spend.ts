// Spend against the clock: today's cost, the burn rate, a projection to midnight, one session's
// cost. Cheap enough for the status line (rollups for whole hours, raw rows for the edges only).
import { statement, type Db } from '../open.js';
import { sessionAggregate } from './session-aggregates.js';
import { rolledUsageSql } from './summary-sources.js';
import { burnRateUsdPerHour, nullSessionMetricsRule, rawCost, segments } from './summary.js';

const hourMs = 3_600_000;

export interface LocalDay {
  startMs: number;
  endMs: number;
}

/** The local calendar day (the process's TZ) around nowMs. */
export function localDay(nowMs: number): LocalDay {
  const start = new Date(nowMs);
  start.setHours(0, 0, 0, 0);
  const end = new Date(start);
  end.setDate(end.getDate() + 1);
  return { startMs: start.getTime(), endMs: end.getTime() };
}

export interface SpendQuery {
  nowMs: number;
  day: LocalDay;
  /** Also read this session's cost from telemetry. */
  sessionId?: string;
}

export interface Spend {
  todayUsd: number;
  burnRateUsdPerHour: number;
  /** todayUsd + burn rate × the hours left until local midnight: a projection, not a forecast. */
  projectedDayUsd: number;
  hoursLeft: number;
  /** null: no session asked for, none recorded, or unpriced requests in it. */
  sessionUsd: number | null;
}

export function spend(db: Db, query: SpendQuery): Spend {
  const until = query.nowMs + 1;
  const todayUsd = costBetween(db, query.day.startMs, until);
  const burn = burnRateUsdPerHour(db, query.nowMs);
  const hoursLeft = Math.max(0, query.day.endMs - query.nowMs) / hourMs;
  const session = query.sessionId === undefined ? null : sessionAggregate(db, query.sessionId, query.nowMs);
  return { todayUsd, burnRateUsdPerHour: burn, projectedDayUsd: todayUsd + burn * hoursLeft, hoursLeft, sessionUsd: session?.costUsd ?? null };
}

/** Cost in [since, until): whole hours from the usage rollup, the partial hours from raw rows. */
export function costBetween(db: Db, since: number, until: number): number {
  // As in summary(): the null-session rule is decided once, over the whole window.
  const nullSessionMetrics = nullSessionMetricsRule(db, { since, until });
  let total = 0;
  for (const segment of segments(since, until, hourMs)) {
    const window = { since: segment.since, until: segment.until };
    if (segment.kind === 'raw') total += rawCost(db, window, nullSessionMetrics);
    else {
      const rows = statement(db, rolledUsageSql).all({ ...window, origin: segment.since, bucket: hourMs, nullSessionMetrics }) as { costUsd: number }[];
      total += rows.reduce((n, r) => n + r.costUsd, 0);
    }
  }
  return total;
}

export interface SessionCost {
  sessionId: string;
  costUsd: number;
}

// A session's figures come from its events when it has api_request events, else from its metrics.
const sessionCostsSql = `
  SELECT session_id AS sessionId, CASE WHEN api_requests > 0 THEN cost_usd ELSE m_cost_usd END AS costUsd
  FROM session_stats WHERE last_ms >= @since AND costUsd >= @minCostUsd`;

/** Sessions active since sinceMs that cost at least minCostUsd (priced requests only), for budget alerts. */
export function sessionCostsSince(db: Db, query: { sinceMs: number; minCostUsd: number }): SessionCost[] {
  return statement(db, sessionCostsSql).all({ since: query.sinceMs, minCostUsd: query.minCostUsd }) as SessionCost[];
}

export interface BudgetWatch {
  todayUsd: number;
  /** Sessions active today at or above the session warning threshold. */
  sessions: SessionCost[];
}

/** What the dashboard's budget alerts watch: today's cost, and today's sessions near their budget. */
export function budgetWatch(db: Db, query: { nowMs: number; day: LocalDay; sessionWarnUsd: number | null }): BudgetWatch {
  return {
    todayUsd: costBetween(db, query.day.startMs, query.nowMs + 1),
    sessions: query.sessionWarnUsd === null ? [] : sessionCostsSince(db, { sinceMs: query.day.startMs, minCostUsd: query.sessionWarnUsd }),
  };
}
