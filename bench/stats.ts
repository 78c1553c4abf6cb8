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
  /** What the issue asks for, as text, and whether the median meets it. */
  target?: string;
  isMet?: boolean;
  /** A paired baseline measured in the same run, when the figure is not itself a ratio. */
  baseline?: { label: string; median: number; unit: string };
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

export function figure(
  id: string,
  label: string,
  size: string,
  unit: string,
  samples: readonly number[],
  extra: Partial<Pick<Figure, 'target' | 'isMet' | 'baseline' | 'note'>> & { goal?: Goal } = {},
): Figure {
  const { goal, ...rest } = extra;
  const m = median(samples);
  const f: Figure = { id, label, size, unit, median: m, min: Math.min(...samples), max: Math.max(...samples), samples: [...samples], ...rest };
  if (goal !== undefined) {
    f.target = `${goal.op} ${goal.value} ${unit}`;
    f.isMet = goal.op === '<' ? m < goal.value : goal.op === '≤' ? m <= goal.value : m >= goal.value;
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
