import asciichart from 'asciichart';
import { formatShortTime } from '../../present/format.js';
import { padStart } from '../../present/sanitize.js';
import { color } from '../theme.js';
import { textLength, type Segment, type StyledLine } from './styled-line.js';

// Time series through asciichart's plot, fitted to a width: each series is resampled to one value
// per column, and the plot's cells are coloured through Ink (not raw escapes) so NO_COLOR holds.

export interface ChartSeries {
  values: readonly number[];
  /** A theme colour; undefined under NO_COLOR. */
  color: string | undefined;
}

export interface LineChartOptions {
  series: readonly ChartSeries[];
  /** Start of the first bucket and the width of one, for the time axis. */
  startMs: number;
  bucketMs: number;
  width: number;
  /** Plot rows; a time-axis line is added below. */
  rows: number;
  /** A short y-axis label: "21.3k", "$0.18". */
  label: (value: number) => string;
}

/** One value per column: the mean of the buckets a column covers, or the bucket it falls in. */
export function resample(values: readonly number[], columns: number): number[] {
  if (values.length === 0 || columns <= 0) return [];
  return Array.from({ length: columns }, (_, c) => {
    const from = Math.floor((c * values.length) / columns);
    const to = Math.max(from + 1, Math.floor(((c + 1) * values.length) / columns));
    let sum = 0;
    for (let i = from; i < to; i++) sum += values[i] ?? 0;
    return sum / (to - from);
  });
}

// Private-use characters as asciichart "colours": they mark which series drew each cell.
const markerBase = 0xe000;
const cells = /([\ue000-\ue0ff])([^\u001b])\u001b\[0m|([^])/gu;

export function lineChart({ series, startMs, bucketMs, width, rows, label }: LineChartOptions): StyledLine[] {
  // The axis starts at 0; a negative or missing figure (bad data) is drawn as 0 rather than shifting it.
  const clean = series.map((s) => s.values.map((v) => (Number.isFinite(v) && v > 0 ? v : 0)));
  const all = clean.flat();
  const max = Math.max(0, ...all);
  const top = max > 0 ? max : 1;
  const height = Math.max(1, rows - 1);
  const labels = Array.from({ length: height + 1 }, (_, i) => label(top - (i * top) / height));
  const labelWidth = Math.max(...labels.map(textLength));
  // The plot is label + axis + (columns - 1) cells; its last, always blank, cell is dropped.
  const columns = Math.max(2, width - labelWidth);
  const fitted = clean.map((values) => resample(values.length > 0 ? values : [0], columns));
  const text = asciichart.plot(fitted.length > 0 ? fitted : [[0, 0]], {
    min: 0,
    max: top,
    height,
    offset: 2,
    format: (value) => padStart(label(value), labelWidth),
    colors: series.map((_, i) => String.fromCodePoint(markerBase + i)),
  });
  const lines = text.split('\n').map((row, r, all) => styledRow(row, labelWidth, r === all.length - 1, series));
  return [...lines.map((l) => trimTo(l, width)), timeAxis(startMs, bucketMs, fitted[0]?.length ?? 0, series[0]?.values.length ?? 0, labelWidth, width)];
}

function styledRow(row: string, labelWidth: number, isBottom: boolean, series: readonly ChartSeries[]): StyledLine {
  const out: Segment[] = [];
  let column = 0;
  const push = (text: string, c: string | undefined) => {
    const last = out[out.length - 1];
    if (last !== undefined && last.color === c) out[out.length - 1] = { ...last, text: last.text + text };
    else out.push({ text, color: c });
  };
  for (const m of row.matchAll(cells)) {
    const marker = m[1];
    if (marker !== undefined) push(m[2] ?? '', series[marker.codePointAt(0)! - markerBase]?.color);
    // asciichart marks the row of value 0 with ┼ counted from the top; the axis reads better with ┼ at the bottom only.
    else if (column === labelWidth) push(isBottom ? '┼' : '┤', color('muted'));
    else push(m[3] ?? '', color('muted'));
    column += 1;
  }
  return out;
}

function trimTo(line: StyledLine, width: number): StyledLine {
  const out: Segment[] = [];
  let room = width;
  for (const s of line) {
    const chars = [...s.text];
    if (room <= 0) break;
    out.push(chars.length <= room ? s : { ...s, text: chars.slice(0, room).join('') });
    room -= Math.min(room, chars.length);
  }
  return out;
}

/** First and last time under the plot, e.g. "11-25 14:37 … 14:40". */
function timeAxis(startMs: number, bucketMs: number, columns: number, buckets: number, labelWidth: number, width: number): StyledLine {
  const endMs = startMs + buckets * bucketMs;
  const from = formatShortTime(new Date(startMs).toISOString());
  const to = formatShortTime(new Date(endMs).toISOString());
  const sameDay = from.slice(0, 5) === to.slice(0, 5);
  const right = sameDay ? to.slice(6) : to;
  const room = Math.min(columns, width - labelWidth);
  const gap = room - textLength(from) - textLength(right);
  if (gap < 1) return [{ text: `${' '.repeat(labelWidth)}${from}`.slice(0, width), color: color('muted') }];
  return [{ text: `${' '.repeat(labelWidth)}${from}${' '.repeat(gap)}${right}`, color: color('muted') }];
}
