// The status line's rate-limit snapshots as samples of plan windows. A window is one 5-hour or
// 7-day period, named by when it resets; every sample that names the same reset (to within a
// minute) belongs to it. Each Claude Code process reports the figure from its own latest API
// answer, so an idle session can report a lower figure than one already seen in the window: use
// never goes down within a window, so a sample takes the highest figure up to its time.
import { statement, type Db } from '../open.js';

export type PlanWindowKey = 'fiveHour' | 'sevenDay';
export const planWindowKeys: readonly PlanWindowKey[] = ['fiveHour', 'sevenDay'];

export interface PlanSample {
  timeMs: number;
  /** The highest figure reported in this window up to timeMs. */
  usedPct: number;
}

export interface PlanWindowSamples {
  resetsAtMs: number;
  /** In time order. */
  samples: PlanSample[];
}

/** Two reports of one reset may differ by rounding; windows are hours apart. */
export const resetToleranceMs = 60_000;

const columns: Record<PlanWindowKey, { pct: string; resets: string }> = {
  fiveHour: { pct: 'five_hour_pct', resets: 'five_hour_resets_ms' },
  sevenDay: { pct: 'seven_day_pct', resets: 'seven_day_resets_ms' },
};

// The condition repeats the partial index's, so the planner may use statusline_rate_limits_by_time.
const hasRateLimits = '(five_hour_pct IS NOT NULL OR seven_day_pct IS NOT NULL)';

export const planSamplesSql = `
  SELECT time_ms AS timeMs, five_hour_pct AS fiveHourPct, five_hour_resets_ms AS fiveHourResetsMs,
    seven_day_pct AS sevenDayPct, seven_day_resets_ms AS sevenDayResetsMs
  FROM statusline_snapshots WHERE ${hasRateLimits} AND time_ms >= @since AND time_ms <= @until
  ORDER BY time_ms`;

/** The latest sample of one window kind at or before @until. */
export const latestSampleSql = (key: PlanWindowKey) => `
  SELECT time_ms AS timeMs, ${columns[key].pct} AS usedPct, ${columns[key].resets} AS resetsMs FROM statusline_snapshots
  WHERE ${hasRateLimits} AND ${columns[key].pct} IS NOT NULL AND time_ms <= @until
  ORDER BY time_ms DESC LIMIT 1`;

export interface SampleRow {
  timeMs: number;
  fiveHourPct: number | null;
  fiveHourResetsMs: number | null;
  sevenDayPct: number | null;
  sevenDayResetsMs: number | null;
}

export function sampleRows(db: Db, range: { sinceMs: number; untilMs: number }): SampleRow[] {
  return statement(db, planSamplesSql).all({ since: range.sinceMs, until: range.untilMs }) as SampleRow[];
}

export interface LatestSample {
  timeMs: number;
  usedPct: number;
  resetsMs: number | null;
}

export function latestSample(db: Db, key: PlanWindowKey, untilMs: number): LatestSample | null {
  return (statement(db, latestSampleSql(key)).get({ until: untilMs }) as LatestSample | undefined) ?? null;
}

const pctOf = (row: SampleRow, key: PlanWindowKey) => (key === 'fiveHour' ? row.fiveHourPct : row.sevenDayPct);
const resetsOf = (row: SampleRow, key: PlanWindowKey) => (key === 'fiveHour' ? row.fiveHourResetsMs : row.sevenDayResetsMs);

/**
 * The rows (in time order) as windows of one kind, in order of their reset. A row without a reset
 * time cannot be placed, and one whose window had already reset when it was reported is stale:
 * both are left out.
 */
export function planWindows(rows: readonly SampleRow[], key: PlanWindowKey): PlanWindowSamples[] {
  const windows: PlanWindowSamples[] = [];
  for (const row of rows) {
    const pct = pctOf(row, key);
    const resetsAtMs = resetsOf(row, key);
    if (pct === null || resetsAtMs === null || resetsAtMs <= row.timeMs) continue;
    let window = windows.find((w) => Math.abs(w.resetsAtMs - resetsAtMs) <= resetToleranceMs);
    if (window === undefined) {
      window = { resetsAtMs, samples: [] };
      windows.push(window);
    }
    const previous = window.samples.at(-1);
    window.samples.push({ timeMs: row.timeMs, usedPct: Math.max(pct, previous?.usedPct ?? pct) });
  }
  return windows.sort((a, b) => a.resetsAtMs - b.resetsAtMs);
}

/** The window `resetsAtMs` names, among `windows`. */
export function windowOf(windows: readonly PlanWindowSamples[], resetsAtMs: number): PlanWindowSamples | undefined {
  return windows.find((w) => Math.abs(w.resetsAtMs - resetsAtMs) <= resetToleranceMs);
}
