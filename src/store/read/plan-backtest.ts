// How good the plan forecast has been. For each stored sample, the forecast as it stood just before
// that sample arrived (from the samples before it and our spend up to its time, by the same rules
// as the live one), what it said, what happened, and how many minutes it was off. Recomputed from
// what the database holds now, so telemetry that arrived late counts. The README ("Plan forecast")
// defines the error.
import type { Db } from '../open.js';
import { forecastAt, forecastRules, round4, type ForecastBasis, type SpendBetween } from './plan-forecast.js';
import { planWindowKeys, planWindows, sampleRows, type PlanWindowKey, type PlanWindowSamples } from './plan-samples.js';
import { costBetween } from './spend.js';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;
const dayMs = 24 * hourMs;

/** How far back `status` looks. */
export const backtestDays = 30;

/**
 * filled: the window reached 100 % (said − when it did; "resets first" counts as saying the reset);
 * reset-unfilled: it said full at a time, and the window reset without filling (said − the reset);
 * next-sample: otherwise, the percentage it predicted at the next sample against the one observed,
 * in minutes at its pace.
 */
export type ErrorRule = 'filled' | 'reset-unfilled' | 'next-sample';

export interface BacktestRow {
  resetsAtMs: number;
  /** The sample the forecast is tested against; the forecast is as of just before it. */
  sampleMs: number;
  /** The latest sample the forecast knew. */
  previousMs: number;
  basis: ForecastBasis;
  pacePctPerHour: number;
  /** null: "resets before it fills". */
  saidFullAtMs: number | null;
  /** What the forecast put the window at, at sampleMs. */
  predictedPct: number;
  observedPct: number;
  /** The first sample at 100 % from this one on; null: none (yet). */
  happenedFullAtMs: number | null;
  /** Said − happened, in minutes: positive when the forecast was late. null: not scored. */
  errorMinutes: number | null;
  rule: ErrorRule | null;
}

export interface BacktestResult {
  rows: BacktestRow[];
  /** Rows with an error. */
  scored: number;
  /** Mean of |error|; null with nothing scored. */
  meanAbsErrorMinutes: number | null;
  /** Mean of the signed error: positive, the forecast tends to say too late. */
  meanErrorMinutes: number | null;
}

export interface PlanBacktest {
  sinceMs: number;
  fiveHour: BacktestResult;
  sevenDay: BacktestResult;
}

const round2 = (value: number) => Math.round(value * 100) / 100;

export function planBacktest(db: Db, query: { nowMs: number; sinceMs?: number }): PlanBacktest {
  const sinceMs = query.sinceMs ?? query.nowMs - backtestDays * dayMs;
  const spent = new Map<string, number>();
  const spendBetween: SpendBetween = (a, b) => {
    if (b <= a) return 0;
    const key = `${a}:${b}`;
    let usd = spent.get(key);
    if (usd === undefined) spent.set(key, (usd = costBetween(db, a, b)));
    return usd;
  };
  const lookbackMs = Math.max(...planWindowKeys.map((k) => forecastRules[k].lookbackMs));
  const rows = sampleRows(db, { sinceMs: sinceMs - lookbackMs, untilMs: query.nowMs });
  const result = (key: PlanWindowKey) => summarise(planWindows(rows, key).flatMap((w) => windowRows(w, key, sinceMs, query.nowMs, spendBetween)));
  return { sinceMs, fiveHour: result('fiveHour'), sevenDay: result('sevenDay') };
}

function windowRows(window: PlanWindowSamples, key: PlanWindowKey, sinceMs: number, nowMs: number, spendBetween: SpendBetween): BacktestRow[] {
  const { samples, resetsAtMs } = window;
  const out: BacktestRow[] = [];
  for (let i = 1; i < samples.length; i++) {
    const sample = samples[i];
    const previous = samples[i - 1];
    if (sample === undefined || previous === undefined || sample.timeMs < sinceMs || previous.usedPct >= 100) continue;
    const forecast = forecastAt(window, i - 1, sample.timeMs, forecastRules[key], spendBetween);
    if (forecast === null) continue;
    const full = samples.slice(i).find((s) => s.usedPct >= 100);
    const said = forecast.fullAtMs;
    let errorMs: number | null;
    let rule: ErrorRule | null;
    if (full !== undefined) {
      rule = 'filled';
      errorMs = (said ?? resetsAtMs) - full.timeMs;
    } else if (said !== null && nowMs >= resetsAtMs) {
      rule = 'reset-unfilled';
      errorMs = said - resetsAtMs;
    } else {
      rule = 'next-sample';
      errorMs = nextSampleErrorMs(
        sample.usedPct - forecast.estimatedPct,
        forecast.pacePctPerHour,
        sample.usedPct - previous.usedPct,
        sample.timeMs - previous.timeMs,
      );
      if (errorMs === null) rule = null;
    }
    out.push({
      resetsAtMs,
      sampleMs: sample.timeMs,
      previousMs: previous.timeMs,
      basis: forecast.basis,
      pacePctPerHour: round4(forecast.pacePctPerHour),
      saidFullAtMs: said,
      predictedPct: round4(forecast.estimatedPct),
      observedPct: sample.usedPct,
      happenedFullAtMs: full?.timeMs ?? null,
      errorMinutes: errorMs === null ? null : errorMs / minuteMs,
      rule,
    });
  }
  return out;
}

/**
 * Observed above predicted means the forecast would have reached the observed figure later than it
 * was reached: (observed − predicted) / pace. A forecast with no pace converts at the pace observed
 * over the gap; with neither, only an exact prediction scores (0).
 */
function nextSampleErrorMs(missPct: number, pacePctPerHour: number, risePct: number, gapMs: number): number | null {
  if (Math.abs(missPct) < 1e-9) return 0;
  const observedPctPerHour = gapMs > 0 ? (risePct / gapMs) * hourMs : 0;
  const pace = pacePctPerHour > 0 ? pacePctPerHour : observedPctPerHour > 0 ? observedPctPerHour : null;
  return pace === null ? null : (missPct / pace) * hourMs;
}

function summarise(rows: BacktestRow[]): BacktestResult {
  const errors = rows.flatMap((r) => (r.errorMinutes === null ? [] : [r.errorMinutes]));
  const mean = (values: number[]) => (values.length === 0 ? null : round2(values.reduce((a, b) => a + b, 0) / values.length));
  return {
    rows: rows.map((r) => ({ ...r, errorMinutes: r.errorMinutes === null ? null : round2(r.errorMinutes) })),
    scored: errors.length,
    meanAbsErrorMinutes: mean(errors.map(Math.abs)),
    meanErrorMinutes: mean(errors),
  };
}
