// Figures are medians of several runs with their spread, because the machines are shared and noisy.
import { performance } from 'node:perf_hooks';

export interface Figure {
  id: string;
  label: string;
  /** The dataset the figure was measured on ('small', 'large', '0', …). */
  size: string;
  unit: string;
  median: number;
  min: number;
  max: number;
  samples: number[];
  /** What the issue asks for, as text, and whether the median meets it (of the ratio, when there is one). */
  target?: string;
  isMet?: boolean;
  /** A paired baseline measured in the same run, when the figure is not itself a ratio. */
  baseline?: { label: string; median: number; unit: string };
  /**
   * The figure over that baseline, per pair of samples when they were taken in pairs: what a target on
   * time is set on, because a slower machine moves both alike (absolute times are for reading).
   */
  ratio?: { median: number; min: number; max: number; samples: number[] };
  note?: string;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Nearest-rank percentile (p in 0..100) of an unsorted list. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/**
 * One figure from its samples. `ratioTo`: the baseline's samples, measured in the same run (paired
 * with `samples` when there are as many, each in the same repetition); the goal is then on the ratio.
 * Without it the goal is on the value itself: use that only for what a machine's speed does not move
 * (MiB, % of a core, a ratio already).
 */
export function figure(
  id: string,
  label: string,
  size: string,
  unit: string,
  samples: readonly number[],
  extra: Partial<Pick<Figure, 'baseline' | 'note'>> & { goal?: Goal; ratioTo?: { label: string; samples: readonly number[]; unit: string } } = {},
): Figure {
  const { goal, ratioTo, ...rest } = extra;
  const m = median(samples);
  const f: Figure = { id, label, size, unit, median: m, min: Math.min(...samples), max: Math.max(...samples), samples: [...samples], ...rest };
  if (ratioTo !== undefined) {
    const base = median(ratioTo.samples);
    f.baseline = { label: ratioTo.label, median: base, unit: ratioTo.unit };
    const ratios = ratioTo.samples.length === samples.length ? samples.map((s, i) => s / ratioTo.samples[i]!) : [m / base];
    f.ratio = { median: median(ratios), min: Math.min(...ratios), max: Math.max(...ratios), samples: ratios };
  }
  if (goal !== undefined) {
    const value = f.ratio?.median ?? m;
    f.target = f.ratio === undefined ? `${goal.op} ${goal.value} ${unit}` : `${goal.op} ${goal.value}×`;
    f.isMet = goal.op === '<' ? value < goal.value : goal.op === '≤' ? value <= goal.value : value >= goal.value;
  }
  return f;
}

export interface Goal {
  op: '<' | '≤' | '≥';
  value: number;
}

export function nowMs(): number {
  return performance.now();
}

/** Wall time of a synchronous function, in ms. */
export function timeSync<T>(fn: () => T): { ms: number; value: T } {
  const start = performance.now();
  const value = fn();
  return { ms: performance.now() - start, value };
}

/**
 * A fixed amount of CPU and SQLite work (an in-memory aggregate over 300k generated rows), run beside
 * the absolute timings so a reader can tell a slow query from a busy machine.
 */
export function calibrationSql(): string {
  return `WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300000)
    SELECT SUM(i % 7), COUNT(DISTINCT i % 1000) FROM n`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls until `check` returns a value, or fails after `timeoutMs` with `what`. */
export async function waitFor<T>(check: () => T | undefined, timeoutMs: number, what: string, pollMs = 5): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(pollMs);
  }
}
