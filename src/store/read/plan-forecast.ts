// When a plan window fills, from the status line's samples and our own measured spend. Two bases:
// `samples`: the pace (percent per hour) between the window's recent samples, used while the
// latest sample is fresh; `spend`: percent per dollar between those samples × the burn rate since
// the latest one, so the forecast keeps moving between status line refreshes and through headless
// `-p` runs that never render one. The README ("Plan forecast") states the rules.
import type { Db } from '../open.js';
import { latestSample, planWindows, sampleRows, windowOf, type PlanWindowKey, type PlanWindowSamples } from './plan-samples.js';
import { costBetween } from './spend.js';

const minuteMs = 60_000;
const hourMs = 60 * minuteMs;

export interface ForecastRule {
  /** The samples the pace is measured over: those this long before the latest one. */
  lookbackMs: number;
  /** Less time than this between the first and the latest of them is too little to measure a pace. */
  minSpanMs: number;
}

export const forecastRules: Record<PlanWindowKey, ForecastRule> = {
  fiveHour: { lookbackMs: hourMs, minSpanMs: 10 * minuteMs },
  sevenDay: { lookbackMs: 24 * hourMs, minSpanMs: hourMs },
};

/** A sample younger than this is the forecast's starting point; an older one is moved on by spend. */
export const staleAfterMs = 5 * minuteMs;
/** The spend basis's burn rate: since the latest sample, over at most this long (as the burn rate elsewhere). */
export const forecastBurnWindowMs = 15 * minuteMs;

export type ForecastBasis = 'samples' | 'spend';

export interface Forecast {
  /** When the window reaches 100 %; null: it resets before it fills at this pace. */
  fullAtMs: number | null;
  resetsAtMs: number;
  pacePctPerHour: number;
  basis: ForecastBasis;
  /** The window's use at the forecast's time by this basis (the latest sample moved on by its pace or by spend). */
  estimatedPct: number;
}

/** Our measured cost in [sinceMs, untilMs). */
export type SpendBetween = (sinceMs: number, untilMs: number) => number;

/** Derived figures are shown with four decimals: enough for any display, and stable across float orderings. */
export const round4 = (value: number) => Math.round(value * 10_000) / 10_000;

export function roundForecast(f: Forecast): Forecast {
  return { ...f, pacePctPerHour: round4(f.pacePctPerHour), estimatedPct: round4(f.estimatedPct) };
}

/**
 * The forecast at nowMs from the window's samples up to `lastIndex` (the latest one known then), unrounded;
 * null when they are too few: fewer than two within the lookback, spanning less than minSpanMs,
 * or (for an old latest sample) no spend of ours between them to price a percent in dollars.
 */
export function forecastAt(window: PlanWindowSamples, lastIndex: number, nowMs: number, rule: ForecastRule, spendBetween: SpendBetween): Forecast | null {
  const samples = window.samples;
  const last = samples[lastIndex];
  if (last === undefined) return null;
  let firstIndex = lastIndex;
  while (firstIndex > 0 && (samples[firstIndex - 1]?.timeMs ?? -Infinity) >= last.timeMs - rule.lookbackMs) firstIndex--;
  const first = samples[firstIndex] ?? last;
  const spanMs = last.timeMs - first.timeMs;
  if (spanMs <= 0 || spanMs < rule.minSpanMs) return null;
  const risePct = last.usedPct - first.usedPct;
  const sinceLastMs = Math.max(0, nowMs - last.timeMs);

  const project = (estimatedPct: number, pacePctPerHour: number, basis: ForecastBasis): Forecast => {
    let fullAtMs: number | null = null;
    if (last.usedPct >= 100) fullAtMs = firstFullMs(samples, lastIndex);
    else if (estimatedPct >= 100) fullAtMs = nowMs;
    else if (pacePctPerHour > 0) fullAtMs = Math.round(nowMs + ((100 - estimatedPct) / pacePctPerHour) * hourMs);
    return {
      fullAtMs: fullAtMs !== null && fullAtMs < window.resetsAtMs ? fullAtMs : null,
      resetsAtMs: window.resetsAtMs,
      pacePctPerHour,
      basis,
      estimatedPct,
    };
  };

  if (sinceLastMs < staleAfterMs) {
    const pacePctPerHour = (risePct / spanMs) * hourMs;
    return project(last.usedPct + (pacePctPerHour * sinceLastMs) / hourMs, pacePctPerHour, 'samples');
  }
  const spentUsd = spendBetween(first.timeMs, last.timeMs);
  if (!(spentUsd > 0)) return null;
  const pctPerUsd = risePct / spentUsd;
  const burnSinceMs = Math.max(last.timeMs, nowMs - forecastBurnWindowMs);
  const burnUsdPerHour = (spendBetween(burnSinceMs, nowMs) * hourMs) / (nowMs - burnSinceMs);
  return project(last.usedPct + pctPerUsd * spendBetween(last.timeMs, nowMs), pctPerUsd * burnUsdPerHour, 'spend');
}

/** Samples never go down within a window: walk back to the first at 100 %. */
function firstFullMs(samples: PlanWindowSamples['samples'], lastIndex: number): number {
  let index = lastIndex;
  while (index > 0 && (samples[index - 1]?.usedPct ?? 0) >= 100) index--;
  return samples[index]?.timeMs ?? 0;
}

export interface PlanWindowForecast {
  /** The highest figure reported in the current window (see plan-samples.ts). */
  usedPct: number;
  /** null when Claude Code did not say: the window cannot be told apart from the next, so no forecast. */
  resetsAtMs: number | null;
  /** When the latest sample was reported. */
  sampleMs: number;
  forecast: Forecast | null;
}

export interface PlanForecast {
  /** null: never reported, or the window has reset since the latest report. */
  fiveHour: PlanWindowForecast | null;
  sevenDay: PlanWindowForecast | null;
}

export function planForecast(db: Db, query: { nowMs: number }): PlanForecast {
  const spendBetween: SpendBetween = (sinceMs, untilMs) => (untilMs > sinceMs ? costBetween(db, sinceMs, untilMs) : 0);
  return { fiveHour: windowForecast(db, 'fiveHour', query.nowMs, spendBetween), sevenDay: windowForecast(db, 'sevenDay', query.nowMs, spendBetween) };
}

function windowForecast(db: Db, key: PlanWindowKey, nowMs: number, spendBetween: SpendBetween): PlanWindowForecast | null {
  const latest = latestSample(db, key, nowMs);
  if (latest === null || (latest.resetsMs !== null && latest.resetsMs <= nowMs)) return null;
  if (latest.resetsMs === null) return { usedPct: latest.usedPct, resetsAtMs: null, sampleMs: latest.timeMs, forecast: null };
  const rule = forecastRules[key];
  const window = windowOf(planWindows(sampleRows(db, { sinceMs: latest.timeMs - rule.lookbackMs, untilMs: latest.timeMs }), key), latest.resetsMs);
  const last = window?.samples.at(-1);
  // The latest report named a window that had already reset when it was made: stale.
  if (window === undefined || last === undefined) return null;
  const forecast = forecastAt(window, window.samples.length - 1, nowMs, rule, spendBetween);
  return { usedPct: last.usedPct, resetsAtMs: window.resetsAtMs, sampleMs: last.timeMs, forecast: forecast === null ? null : roundForecast(forecast) };
}
