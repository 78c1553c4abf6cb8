// Budget use as every surface shows it (dashboard, sessions, summary, status line): yellow from
// 80 %, red from 100 %, and a marker that says the same without colour.

export interface Budgets {
  dailyUsd?: number;
  sessionUsd?: number;
}

export type BudgetLevel = 'ok' | 'warn' | 'over';

export const warnRatio = 0.8;

export function budgetLevel(spendUsd: number | null, budgetUsd: number | undefined): BudgetLevel {
  if (spendUsd === null || budgetUsd === undefined) return 'ok';
  const ratio = spendUsd / budgetUsd;
  return ratio >= 1 ? 'over' : ratio >= warnRatio ? 'warn' : 'ok';
}

/** "!" from 80 %, "!!" from 100 %: visible under NO_COLOR. */
export function budgetMarker(level: BudgetLevel): string {
  switch (level) {
    case 'ok':
      return '';
    case 'warn':
      return '!';
    case 'over':
      return '!!';
    default: {
      const unreachable: never = level;
      return unreachable;
    }
  }
}

export function budgetPct(spendUsd: number | null, budgetUsd: number | undefined): number | null {
  return spendUsd === null || budgetUsd === undefined ? null : (spendUsd / budgetUsd) * 100;
}

export interface BudgetAlarm {
  /** One per budget and period: the day for the daily budget, the session for the session budget. */
  key: string;
  level: Exclude<BudgetLevel, 'ok'>;
}

/** Every budget at or past 80 % now. */
export function budgetAlarms(
  todayUsd: number,
  dayStartMs: number,
  sessions: readonly { sessionId: string; costUsd: number }[],
  budgets: Budgets,
): BudgetAlarm[] {
  const alarms: BudgetAlarm[] = [];
  const daily = budgetLevel(todayUsd, budgets.dailyUsd);
  if (daily !== 'ok') alarms.push({ key: `daily:${dayStartMs}`, level: daily });
  for (const s of sessions) {
    const level = budgetLevel(s.costUsd, budgets.sessionUsd);
    if (level !== 'ok') alarms.push({ key: `session:${s.sessionId}`, level });
  }
  return alarms;
}

const rank: Record<BudgetLevel, number> = { ok: 0, warn: 1, over: 2 };

/**
 * The alarms that reached a higher level than `rung` has seen for their key (which it records):
 * each is one crossing, one bell. Jumping from under 80 % straight past 100 % is one crossing.
 */
export function newCrossings(alarms: readonly BudgetAlarm[], rung: Map<string, BudgetLevel>): BudgetAlarm[] {
  const crossed = alarms.filter((a) => rank[a.level] > rank[rung.get(a.key) ?? 'ok']);
  for (const a of crossed) rung.set(a.key, a.level);
  return crossed;
}
