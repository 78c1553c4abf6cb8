// Plan (subscription) utilisation: only the statusLine JSON carries it, so it is as fresh as the
// latest status line refresh that had it.
import { statement, type Db } from '../open.js';

export interface PlanWindow {
  usedPct: number;
  /** null when Claude Code did not say. */
  resetsAtMs: number | null;
}

export interface PlanUsage {
  /** When Claude Code last reported it. */
  timeMs: number;
  sessionId: string;
  /** null: not reported, or its window has reset since (the figure is stale). */
  fiveHour: PlanWindow | null;
  sevenDay: PlanWindow | null;
}

export const latestPlanUsageSql = `
  SELECT session_id AS sessionId, time_ms AS timeMs, five_hour_pct AS fivePct, five_hour_resets_ms AS fiveResetsMs,
    seven_day_pct AS sevenPct, seven_day_resets_ms AS sevenResetsMs
  FROM statusline_snapshots WHERE five_hour_pct IS NOT NULL OR seven_day_pct IS NOT NULL
  ORDER BY time_ms DESC LIMIT 1`;

interface Row {
  sessionId: string;
  timeMs: number;
  fivePct: number | null;
  fiveResetsMs: number | null;
  sevenPct: number | null;
  sevenResetsMs: number | null;
}

export function planUsage(db: Db, query: { nowMs: number }): PlanUsage | null {
  const row = statement(db, latestPlanUsageSql).get() as Row | undefined;
  if (row === undefined) return null;
  const window = (usedPct: number | null, resetsAtMs: number | null): PlanWindow | null =>
    usedPct === null || (resetsAtMs !== null && resetsAtMs <= query.nowMs) ? null : { usedPct, resetsAtMs };
  return { timeMs: row.timeMs, sessionId: row.sessionId, fiveHour: window(row.fivePct, row.fiveResetsMs), sevenDay: window(row.sevenPct, row.sevenResetsMs) };
}
