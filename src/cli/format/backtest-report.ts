// How good the plan forecast has been, as `status` reports it: per window kind, how many forecasts
// the stored samples allow, how many could be scored, and the mean error in minutes.
import type { BacktestResult, PlanBacktest } from '../../store/read/plan-backtest.js';
import { backtestDays } from '../../store/read/plan-backtest.js';

export interface BacktestReport {
  forecasts: number;
  scored: number;
  /** Mean of |forecast − what happened|; null with nothing scored. */
  meanAbsErrorMinutes: number | null;
  /** The signed mean: positive, the forecast tends to say too late. */
  meanErrorMinutes: number | null;
}

const report = (r: BacktestResult): BacktestReport => ({
  forecasts: r.rows.length,
  scored: r.scored,
  meanAbsErrorMinutes: r.meanAbsErrorMinutes,
  meanErrorMinutes: r.meanErrorMinutes,
});

export function backtestJson(b: PlanBacktest): { since: string; fiveHour: BacktestReport; sevenDay: BacktestReport } {
  return { since: new Date(b.sinceMs).toISOString(), fiveHour: report(b.fiveHour), sevenDay: report(b.sevenDay) };
}

const minutes = (value: number) => `${value.toFixed(1)} min`;

function windowText(label: string, r: BacktestResult): string {
  if (r.meanAbsErrorMinutes === null || r.meanErrorMinutes === null) return `${label} nothing to score yet`;
  const sign = r.meanErrorMinutes > 0 ? '+' : '';
  return `${label} mean error ${minutes(r.meanAbsErrorMinutes)} (bias ${sign}${minutes(r.meanErrorMinutes)}) over ${r.scored} of ${r.rows.length} forecasts`;
}

/** "forecast  5h mean error 12.5 min (bias +3.0 min) over 40 of 41 forecasts · 7d nothing to score yet (last 30 days)" */
export function backtestLine(b: PlanBacktest): string {
  return `forecast  ${windowText('5h', b.fiveHour)} · ${windowText('7d', b.sevenDay)} (last ${backtestDays} days)`;
}
