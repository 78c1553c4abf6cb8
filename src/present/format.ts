// Numbers as the TUI shows them. Unknown is "—" (cost: "unpriced"), never 0.

// One formatter for every count: toLocaleString() builds a new one (locale data and all) per call,
// and the dashboard's first frame formats hundreds of counts.
const counts = new Intl.NumberFormat('en-US');

export function formatUsd(value: number | null): string {
  if (value === null) return 'unpriced';
  if (value !== 0 && Math.abs(value) < 0.01) return `$${value.toFixed(4)}`;
  if (Math.abs(value) >= 1000) return `$${counts.format(Math.round(value))}`;
  return `$${value.toFixed(2)}`;
}

export function formatCount(value: number | null): string {
  if (value === null) return '—';
  if (Math.abs(value) >= 10_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  return counts.format(Math.round(value));
}

export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** "11-26 14:37" in UTC-free local display: the TUI runs with the user's TZ. */
export function formatShortTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(1)}%`;
}
