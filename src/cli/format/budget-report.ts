// Today's spend, its projection and budget use, as `summary` reports them (JSON and text).
import type { Spend } from '../../store/read/spend.js';
import type { Summary } from '../../store/read/types.js';
import { budgetLevel, budgetMarker, budgetPct, type BudgetLevel, type Budgets } from '../../present/budget.js';
import { formatUsd } from '../../present/format.js';

export interface TodayReport {
  costUsd: number;
  burnRateUsdPerHour: number;
  /** today + burn rate × hours left until local midnight; a projection, not a forecast. */
  projectedEndOfDayUsd: number;
  hoursLeft: number;
}

export interface BudgetReport {
  dailyUsd: number | null;
  todayUsd: number;
  dailyPct: number | null;
  dailyLevel: BudgetLevel;
  sessionUsd: number | null;
  /** The session in progress (activity in the last 5 minutes), if any. */
  currentSessionId: string | null;
  currentSessionUsd: number | null;
  sessionPct: number | null;
  sessionLevel: BudgetLevel;
}

export function todayReport(s: Spend): TodayReport {
  return { costUsd: s.todayUsd, burnRateUsdPerHour: s.burnRateUsdPerHour, projectedEndOfDayUsd: s.projectedDayUsd, hoursLeft: s.hoursLeft };
}

/** null when no budget is set. */
export function budgetReport(budgets: Budgets, s: Spend, current: Summary['currentSession']): BudgetReport | null {
  if (budgets.dailyUsd === undefined && budgets.sessionUsd === undefined) return null;
  const sessionSpend = current?.costUsd ?? null;
  return {
    dailyUsd: budgets.dailyUsd ?? null,
    todayUsd: s.todayUsd,
    dailyPct: budgetPct(s.todayUsd, budgets.dailyUsd),
    dailyLevel: budgetLevel(s.todayUsd, budgets.dailyUsd),
    sessionUsd: budgets.sessionUsd ?? null,
    currentSessionId: current?.sessionId ?? null,
    currentSessionUsd: sessionSpend,
    sessionPct: budgetPct(sessionSpend, budgets.sessionUsd),
    sessionLevel: budgetLevel(sessionSpend, budgets.sessionUsd),
  };
}

export function todayLine(t: TodayReport): string {
  return `today ${formatUsd(t.costUsd)}  burn ${formatUsd(t.burnRateUsdPerHour)}/h (last 15 min)  projected ${formatUsd(t.projectedEndOfDayUsd)} by midnight at that rate`;
}

export function budgetLine(b: BudgetReport): string {
  const part = (label: string, spend: number | null, budget: number | null, pct: number | null, level: BudgetLevel) =>
    budget === null
      ? null
      : `${label} ${spend === null ? '—' : formatUsd(spend)} of ${formatUsd(budget)}${pct === null ? '' : ` (${Math.round(pct)}%)`}${budgetMarker(level)}`;
  const parts = [
    part('daily', b.todayUsd, b.dailyUsd, b.dailyPct, b.dailyLevel),
    part(b.currentSessionId === null ? 'session (none in progress)' : 'session in progress', b.currentSessionUsd, b.sessionUsd, b.sessionPct, b.sessionLevel),
  ];
  return `budget: ${parts.filter((p): p is string => p !== null).join('  ')}`;
}
