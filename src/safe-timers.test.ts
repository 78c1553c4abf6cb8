import { afterEach, describe, expect, it } from 'vitest';
import { maxTimerDelayMs, safeDelayMs, setSafeInterval, setSafeTimeout } from './safe-timers.js';

const warnings: string[] = [];
const onWarning = (warning: Error) => warnings.push(warning.name);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

/** Resolves after a plain 5 ms timer: a delay Node overflowed to 1 ms would have fired before it. */
function afterFiveMs(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

describe('safe timers', () => {
  it.each([
    [-5, 0],
    [0, 0],
    [1500, 1500],
    [maxTimerDelayMs, maxTimerDelayMs],
    [999_999_999_000, maxTimerDelayMs],
    [Number.POSITIVE_INFINITY, maxTimerDelayMs],
    [Number.NaN, maxTimerDelayMs],
  ])('a delay of %d ms is kept as %d ms', (asked, kept) => {
    expect(safeDelayMs(asked)).toBe(kept);
  });

  it.each([999_999_999_000, Number.POSITIVE_INFINITY, Number.NaN])('a timeout of %d ms does not fire at once and warns of nothing', async (delayMs) => {
    process.on('warning', onWarning);
    let fired = 0;
    const timeout = setSafeTimeout(() => (fired += 1), delayMs);
    const interval = setSafeInterval(() => (fired += 1), delayMs);
    await afterFiveMs();
    clearTimeout(timeout);
    clearInterval(interval);
    expect([fired, warnings]).toEqual([0, []]);
  });
});
