// The one line we print into Claude Code's status bar: plain text, coloured only where a budget or
// a plan window is near or past its limit, or forecast to fill before it resets (the markers say
// the same without colour).
import { budgetLevel, budgetMarker, budgetPct, type BudgetLevel, type Budgets } from '../../present/budget.js';
import { formatUsd } from '../../present/format.js';
import { isFilling, planWindowShort, type PlanWindowFigures } from '../../present/plan-forecast.js';

export interface StatuslineFigures {
  /** Claude Code's own session total, else our telemetry's; null when neither knows. */
  sessionUsd: number | null;
  /** null: the database could not be read. */
  todayUsd: number | null;
  burnRateUsdPerHour: number | null;
  fiveHour: PlanWindowFigures | null;
  sevenDay: PlanWindowFigures | null;
  budgets: Budgets;
  /** For the forecast's clock times. */
  nowMs: number;
}

const sgr: Record<Exclude<BudgetLevel, 'ok'>, string> = { warn: '\u001b[33m', over: '\u001b[31m' };
export const separator = ' · ';

export function formatStatusline(f: StatuslineFigures, isColor: boolean): string {
  const paint = (text: string, level: BudgetLevel) => (isColor && level !== 'ok' ? `${sgr[level]}${text}\u001b[39m` : text);
  const spent = (label: string, usd: number | null, budget: number | undefined) => {
    const level = budgetLevel(usd, budget);
    const pct = budgetPct(usd, budget);
    const use = budget === undefined ? '' : `/${formatUsd(budget)}${pct === null ? '' : ` ${Math.round(pct)}%`}${budgetMarker(level)}`;
    return paint(`${label} ${usd === null ? '—' : formatUsd(usd)}${use}`, level);
  };
  const plan = (label: string, w: PlanWindowFigures | null) => {
    if (w === null) return null;
    const used = budgetLevel(w.usedPct, 100);
    const level = used === 'ok' && isFilling(w) ? 'warn' : used;
    return paint(`${label} ${Math.round(w.usedPct)}%${budgetMarker(level)}${planWindowShort(w, f.nowMs)}`, level);
  };
  return [
    f.sessionUsd === null ? null : spent('session', f.sessionUsd, f.budgets.sessionUsd),
    spent('today', f.todayUsd, f.budgets.dailyUsd),
    f.burnRateUsdPerHour === null ? null : `${formatUsd(f.burnRateUsdPerHour)}/h`,
    plan('5h', f.fiveHour),
    plan('7d', f.sevenDay),
  ]
    .filter((p): p is string => p !== null)
    .join(separator);
}
