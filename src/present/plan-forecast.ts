// Plan windows and their forecast as every surface words them: the long form for the dashboard
// header and `summary`, the short one for the status line. Times are local wall-clock times.
import type { PlanForecast, PlanWindowForecast } from '../store/read/plan-forecast.js';

/** A window as a surface has it: the status line may hold one straight from stdin, with no forecast. */
export type PlanWindowFigures = Pick<PlanWindowForecast, 'usedPct' | 'resetsAtMs' | 'forecast'>;

const weekdays = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const dayMs = 86_400_000;

const pad = (n: number) => String(n).padStart(2, '0');

/** "15:40" on nowMs's day; "Sat 09:00" within the next six days; "11-30 09:00" otherwise. */
export function formatClock(ms: number, nowMs: number): string {
  const at = new Date(ms);
  const now = new Date(nowMs);
  const time = `${pad(at.getHours())}:${pad(at.getMinutes())}`;
  const startOf = (d: Date) => new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
  const daysAhead = Math.round((startOf(at) - startOf(now)) / dayMs);
  if (daysAhead === 0) return time;
  if (daysAhead > 0 && daysAhead < 7) return `${weekdays[at.getDay()]} ${time}`;
  return `${pad(at.getMonth() + 1)}-${pad(at.getDate())} ${time}`;
}

export const planLabels = { fiveHour: '5h', sevenDay: '7d' } as const;

/** The forecast says the window fills before it resets (or it is full). */
export function isFilling(w: PlanWindowFigures | null): boolean {
  return w !== null && w.forecast !== null && w.forecast.fullAtMs !== null;
}

/** "5h 62% → 100% at 15:40 (resets 16:05)", "5h 62%, resets before it fills (16:05)". */
export function planWindowText(label: string, w: PlanWindowFigures, nowMs: number): string {
  const head = `${label} ${Math.round(w.usedPct)}%`;
  const resets = w.resetsAtMs === null ? '' : formatClock(w.resetsAtMs, nowMs);
  const f = w.forecast;
  if (f === null) return resets === '' ? head : `${head}, no forecast yet (resets ${resets})`;
  if (f.fullAtMs === null) return `${head}, resets before it fills (${resets})`;
  if (w.usedPct >= 100) return `${head}, full since ${formatClock(f.fullAtMs, nowMs)} (resets ${resets})`;
  return `${head} → 100% at ${formatClock(f.fullAtMs, nowMs)} (resets ${resets})`;
}

/** What the status line adds after "5h 62%": "→full 15:40", "→reset 16:05", or nothing. */
export function planWindowShort(w: PlanWindowFigures, nowMs: number): string {
  const f = w.forecast;
  if (f === null || w.usedPct >= 100) return '';
  return f.fullAtMs === null ? `→reset ${formatClock(f.resetsAtMs, nowMs)}` : `→full ${formatClock(f.fullAtMs, nowMs)}`;
}

/** "plan 5h 62% → 100% at 15:40 (resets 16:05) · 7d 12%, …"; null when neither window is known. */
export function planLine(plan: PlanForecast, nowMs: number): string | null {
  const parts = (['fiveHour', 'sevenDay'] as const).flatMap((k) => {
    const w = plan[k];
    return w === null ? [] : [planWindowText(planLabels[k], w, nowMs)];
  });
  return parts.length === 0 ? null : `plan ${parts.join(' · ')}`;
}
