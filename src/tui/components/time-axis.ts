// A time axis that fits a number of columns, its scale line, and bars drawn on it cell by cell:
// each cell shows the part of the bar that fills most of it, so a bar's parts (time to first token,
// a permission wait, the run) are told apart by glyph as far as the width allows, and never wrap.
import type { Role } from '../theme.js';
import type { Segment } from './styled-line.js';

export interface TimeAxis {
  /** What the columns show, from 0 ms. */
  spanMs: number;
  columns: number;
  /** Between two ticks of the scale line. */
  stepMs: number;
}

/** Tick steps a person reads at a glance: 1, 2, 5 (and 250 ms, 15 s, 30 s) per decade, then minutes and hours. */
const steps = [
  1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000,
  7_200_000, 21_600_000, 43_200_000, 86_400_000,
];

/** A tick's label: "0", "250ms", "1s", "1.5s", "2m", "1m30s", "1h". */
export function axisLabel(ms: number): string {
  if (ms === 0) return '0';
  if (ms < 1000) return `${ms}ms`;
  if (ms < 60_000) return `${Number((ms / 1000).toFixed(2))}s`;
  if (ms < 3_600_000) {
    const s = Math.round(ms / 1000);
    return s % 60 === 0 ? `${s / 60}m` : `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  }
  const m = Math.round(ms / 60_000);
  return m % 60 === 0 ? `${m / 60}h` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The smallest tick step whose labels ("|" and the label) fit between two ticks with a space to spare. */
export function timeAxis(spanMs: number, columns: number): TimeAxis {
  const span = Math.max(1, spanMs);
  const cols = Math.max(1, columns);
  const stepMs =
    steps.find((step) => {
      const cellsPerStep = (step / span) * cols;
      const widest = Math.max(axisLabel(step).length, axisLabel(Math.floor(span / step) * step).length);
      return cellsPerStep >= widest + 2;
    }) ?? steps[steps.length - 1]!;
  return { spanMs: span, columns: cols, stepMs };
}

const columnOf = (axis: TimeAxis, ms: number): number => Math.floor((ms / axis.spanMs) * axis.columns);

/** Exactly `columns` wide: "|" where each tick falls, its label after it (left out where it would not fit). */
export function scaleText(axis: TimeAxis): string {
  const cells = Array.from({ length: axis.columns }, () => ' ');
  for (let ms = 0; ms <= axis.spanMs; ms += axis.stepMs) {
    const at = columnOf(axis, ms);
    if (at >= axis.columns) break;
    // A label that does not fit before the right edge is left out, not cut: "1." would mislead.
    const tick = `|${axisLabel(ms)}`;
    [...(at + tick.length <= axis.columns ? tick : '|')].forEach((ch, i) => {
      cells[at + i] = ch;
    });
  }
  return cells.join('');
}

export interface BarPart {
  fromMs: number;
  toMs: number;
  glyph: string;
  role: Role;
}

/**
 * A bar from `startMs` to `endMs` on the axis, as exactly `columns` cells: blank before and after,
 * at least one cell for the bar itself, each cell the glyph of the part that covers most of it (the
 * earlier one on a tie, any part on a tie with the uncovered rest), else `fill`.
 */
export function barSegments(axis: TimeAxis, startMs: number, endMs: number, parts: readonly BarPart[], fill: Omit<BarPart, 'fromMs' | 'toMs'>): Segment[] {
  const cellMs = axis.spanMs / axis.columns;
  const first = Math.max(0, Math.min(axis.columns - 1, columnOf(axis, startMs)));
  const last = Math.min(axis.columns, Math.max(first + 1, Math.ceil((endMs / axis.spanMs) * axis.columns)));
  const segments: Segment[] = [];
  const push = (text: string, role?: Role) => {
    const previous = segments.at(-1);
    if (previous !== undefined && previous.role === role) previous.text += text;
    else segments.push(role === undefined ? { text } : { text, role });
  };
  if (first > 0) push(' '.repeat(first));
  for (let cell = first; cell < last; cell += 1) {
    const from = Math.max(startMs, cell * cellMs);
    const to = Math.min(endMs, (cell + 1) * cellMs);
    let best: BarPart | null = null;
    let bestOverlap = 0;
    let covered = 0;
    for (const part of parts) {
      const overlap = Math.max(0, Math.min(to, part.toMs) - Math.max(from, part.fromMs));
      covered += overlap;
      if (overlap > bestOverlap) [best, bestOverlap] = [part, overlap];
    }
    // A part wins a tie with the rest of the bar: the parts are what the bar is drawn to tell apart.
    if (best === null || bestOverlap < to - from - covered) best = { fromMs: from, toMs: to, ...fill };
    push(best.glyph, best.role);
  }
  if (last < axis.columns) push(' '.repeat(axis.columns - last));
  return segments;
}
