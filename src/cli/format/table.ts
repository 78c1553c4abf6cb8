// Plain text tables for the terminal. Telemetry text goes through plainText() first, so a prompt or
// tool output cannot drive the terminal.
import { fit, padEnd, padStart, plainText } from '../../present/sanitize.js';

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cut longer cells with "…". */
  maxWidth?: number;
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  // Widths in code points, as fit() cuts, so a cut never splits a character in two.
  const cells = rows.map((row) => row.map((v, i) => fit(plainText(v), columns[i]?.maxWidth ?? Number.POSITIVE_INFINITY)));
  const widths = columns.map((c, i) => Math.max([...c.header].length, ...cells.map((r) => [...(r[i] ?? '')].length)));
  const line = (values: readonly string[]) =>
    values
      .map((v, i) => (columns[i]?.align === 'right' ? padStart(v, widths[i]!) : padEnd(v, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n') + '\n';
}

export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, 'Z');
}
