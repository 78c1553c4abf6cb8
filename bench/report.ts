// The printed table: one line per figure, median with its spread, its ratio to the baseline measured
// in the same run (what the targets on time are set on), and the target where there is one.
import type { Figure } from './stats.js';

function num(value: number, unit: string): string {
  if (!Number.isFinite(value)) return '—';
  if (unit === 'records/s' || unit === 'req/s') return Math.round(value).toLocaleString('en-US');
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toFixed(digits);
}

function cut(text: string, width: number): string {
  return text.length <= width ? text.padEnd(width) : `${text.slice(0, width - 1)}…`;
}

function ratioText(f: Figure): string {
  if (f.ratio === undefined) return '';
  const spread = f.ratio.samples.length > 1 ? ` (${num(f.ratio.min, '×')}–${num(f.ratio.max, '×')})` : '';
  return `${num(f.ratio.median, '×')}×${spread}`;
}

export function renderTable(figures: readonly Figure[]): string {
  const header = ['figure', 'size', 'median', 'spread (min–max)', 'n', 'unit', '÷ baseline', 'target', ''];
  const rows = figures.map((f) => [
    f.label,
    f.size,
    num(f.median, f.unit),
    f.samples.length > 1 ? `${num(f.min, f.unit)}–${num(f.max, f.unit)}` : '',
    String(f.samples.length),
    f.unit,
    ratioText(f),
    f.target ?? '',
    f.isMet === undefined ? '' : f.isMet ? 'ok' : 'MISS',
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  widths[0] = Math.min(widths[0]!, 78);
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]!) : cut(c, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function renderBaselines(figures: readonly Figure[]): string {
  return figures
    .filter((f) => f.baseline !== undefined || f.note !== undefined)
    .map(
      (f) =>
        `  ${f.id} [${f.size}]: ${[f.baseline ? `${f.ratio === undefined ? '' : '÷ '}${f.baseline.label} ${num(f.baseline.median, f.baseline.unit)} ${f.baseline.unit}` : '', f.note ?? ''].filter((s) => s !== '').join('; ')}`,
    )
    .join('\n');
}
