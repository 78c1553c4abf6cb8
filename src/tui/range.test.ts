import { describe, expect, it } from 'vitest';
import { nextRange, ranges, sinceFor } from './range.js';

const nowMs = Date.parse('2026-11-25T14:40:30.500Z');

describe('ranges', () => {
  it('r cycles 15m → 1h → 24h → 7d → 30d → all and back', () => {
    expect(ranges.map(nextRange)).toEqual(['1h', '24h', '7d', '30d', 'all', '15m']);
  });

  it.each([
    ['15m', '2026-11-25T14:25:00.000Z'],
    ['1h', '2026-11-25T13:40:00.000Z'],
    ['24h', '2026-11-24T14:40:00.000Z'],
    ['7d', '2026-11-18T14:40:00.000Z'],
    ['30d', '2026-10-26T14:40:00.000Z'],
  ] as const)('%s starts at %s: now less the range, down to the minute (the same read for a minute)', (range, since) => {
    expect(new Date(sinceFor(range, nowMs)!).toISOString()).toBe(since);
    expect(sinceFor(range, nowMs + 29_000)).toBe(sinceFor(range, nowMs));
  });

  it('all has no start', () => {
    expect(sinceFor('all', nowMs)).toBeUndefined();
  });
});
