// Plain text tables for the terminal. Telemetry text goes through plainText() first, so a prompt or
// tool output cannot drive the terminal.
import { plainText } from '../../present/sanitize.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cut longer cells with "…". */
  maxWidth?: number;
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => row.map((v, i) => truncate(plainText(v), columns[i]?.maxWidth)));
  const widths = columns.map((c, i) => Math.max(c.header.length, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (columns[i]?.align === 'right' ? v.padStart(widths[i]!) : v.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

function truncate(value: string, maxWidth: number | undefined): string {
  if (maxWidth === undefined || value.length <= maxWidth) return value;
  return `${value.slice(0, Math.max(0, maxWidth - 1))}…`;
}

export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, 'Z');
}
