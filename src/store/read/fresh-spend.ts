// Today's spend and the burn rate as the status line shows them. Claude Code refreshes its status
// bar right after a turn, and our telemetry of that turn arrives up to one export interval later:
// its own session total on stdin is then the freshest figure. What it counts beyond the telemetry
// we hold for the session is added, limited to what that total grew by since the start of the day
// (for today) and over the burn window (for the burn rate), as the session's earlier snapshots show.
import { statement, type Db } from '../open.js';
import { spend, type Spend, type SpendQuery } from './spend.js';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
/** The burn rate's window (as burnRateUsdPerHour in summary.ts). */
const burnWindowMs = 15 * minuteMs;
/** Both totals add the same per-request costs in another order; less than this apart is the same. */
const sameUsd = 1e-6;

export interface ClaudeSessionTotal {
  sessionId: string;
  /** cost.total_cost_usd on stdin. */
  costUsd: number;
  /** cost.total_duration_ms on stdin: the session's age. null when not sent. */
  durationMs: number | null;
}

// A session's figures come from its events when it has api_request events, else from its metrics
// (as today's total counts it).
const sessionTelemetryUsdSql = `
  SELECT CASE WHEN api_requests > 0 THEN cost_usd ELSE m_cost_usd END FROM session_stats WHERE session_id = ?`;
export const totalAtOrBeforeSql = `
  SELECT cost_usd FROM statusline_snapshots WHERE session_id = ? AND time_ms <= ? AND cost_usd IS NOT NULL
  ORDER BY time_ms DESC LIMIT 1`;
export const firstTotalAfterSql = `
  SELECT cost_usd FROM statusline_snapshots WHERE session_id = ? AND time_ms > ? AND cost_usd IS NOT NULL
  ORDER BY time_ms LIMIT 1`;

/** spend(), never below what Claude Code's own session total says. */
export function freshSpend(db: Db, query: SpendQuery & { claude: ClaudeSessionTotal | null }): Spend {
  const base = spend(db, query);
  const claude = query.claude;
  if (claude === null) return base;
  const telemetryUsd = (statement(db, sessionTelemetryUsdSql).pluck().get(claude.sessionId) as number | undefined) ?? 0;
  const missingUsd = claude.costUsd - telemetryUsd;
  if (missingUsd < sameUsd) return base;
  const missingSince = (sinceMs: number) => Math.min(missingUsd, Math.max(0, claude.costUsd - claudeTotalAt(db, claude, sinceMs, query.nowMs)));
  const todayUsd = base.todayUsd + missingSince(query.day.startMs);
  const burnRateUsdPerHour = base.burnRateUsdPerHour + (missingSince(query.nowMs - burnWindowMs) * hourMs) / burnWindowMs;
  return { ...base, todayUsd, burnRateUsdPerHour, projectedDayUsd: todayUsd + burnRateUsdPerHour * base.hoursLeft };
}

/**
 * Claude Code's session total at sinceMs: its latest snapshot by then; 0 when the session started
 * after it; else the first snapshot after it (the growth since is then at least what is counted).
 */
function claudeTotalAt(db: Db, claude: ClaudeSessionTotal, sinceMs: number, nowMs: number): number {
  const before = statement(db, totalAtOrBeforeSql).pluck().get(claude.sessionId, sinceMs) as number | undefined;
  if (before !== undefined) return before;
  if (claude.durationMs !== null && nowMs - claude.durationMs >= sinceMs) return 0;
  return (statement(db, firstTotalAfterSql).pluck().get(claude.sessionId, sinceMs) as number | undefined) ?? claude.costUsd;
}
