// The time ranges `r` cycles through.
export const ranges = ['15m', '1h', '24h', '7d', '30d', 'all'] as const;
export type RangeKey = (typeof ranges)[number];

const durations: Record<Exclude<RangeKey, 'all'>, number> = {
  '15m': 15 * 60_000,
  '1h': 60 * 60_000,
  '24h': 24 * 60 * 60_000,
  '7d': 7 * 24 * 60 * 60_000,
  '30d': 30 * 24 * 60 * 60_000,
};

export function nextRange(range: RangeKey): RangeKey {
  return ranges[(ranges.indexOf(range) + 1) % ranges.length]!;
}

/** The range's start for a given now; undefined for all. Rounded to the minute so reads are cacheable. */
export function sinceFor(range: RangeKey, nowMs: number): number | undefined {
  if (range === 'all') return undefined;
  return Math.floor((nowMs - durations[range]) / 60_000) * 60_000;
}
