// Plain text tables for the terminal. Telemetry text is stripped of control characters first, so
// a prompt or tool output cannot drive the terminal.

// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

export function safeText(value: string): string {
  return value.replace(controlCharacters, '');
}

export interface Column {
  header: string;
  align?: 'left' | 'right';
  /** Cut longer cells with "…". */
  maxWidth?: number;
}

export function renderTable(columns: readonly Column[], rows: readonly (readonly string[])[]): string {
  const cells = rows.map((row) => row.map((v, i) => truncate(safeText(v), columns[i]?.maxWidth)));
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

export function formatUsd(value: number | null): string {
  if (value === null) return 'unpriced';
  return `$${value.toFixed(value !== 0 && Math.abs(value) < 0.01 ? 4 : 2)}`;
}

export function formatCount(value: number | null): string {
  return value === null ? '—' : value.toLocaleString('en-US');
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

export function formatTime(iso: string): string {
  return iso.replace('T', ' ').replace(/:\d\d\.\d{3}Z$/, 'Z');
}
