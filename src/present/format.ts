// Numbers as every surface shows them (TUI, plain commands, status line). Unknown is "—" (cost:
// "unpriced"), never 0.

// One formatter for every count: toLocaleString() builds a new one (locale data and all) per call,
// and the dashboard's first frame formats hundreds of counts. Made at the first count, not when the
// module loads: building it costs ~12 ms, which `sessions --json` and other commands that print no
// count would pay at every start.
let formatter: Intl.NumberFormat | undefined;
const counts = { format: (value: number) => (formatter ??= new Intl.NumberFormat('en-US')).format(value) };

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

/** "11-26 14:37" in the local time zone (the TUI runs with the user's TZ; tests with TZ=UTC). */
export function formatShortTime(iso: string): string {
  const d = new Date(iso);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

export function formatPercent(ratio: number | null): string {
  return ratio === null ? '—' : `${(ratio * 100).toFixed(1)}%`;
}

/** Milliseconds as an event shows them: "84ms", "1.2s", then minutes. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The time since the session began: "+0.08s", "+12.40s", "+3m05s". */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  return abs < 60_000 ? `${sign}${(abs / 1000).toFixed(2)}s` : `${sign}${formatMs(abs)}`;
}

/** A commit as git abbreviates it: the first seven hex digits. */
export function shortCommitId(commitId: string): string {
  return commitId.slice(0, 7);
}
