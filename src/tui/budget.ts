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
