import { describe, expect, it } from 'vitest';
import { formatStatusline, type StatuslineFigures } from './format-line.js';

const figures: StatuslineFigures = { sessionUsd: 1.7, todayUsd: 10.5, burnRateUsdPerHour: 2.25, fiveHour: { usedPct: 91.6, resetsAtMs: null }, sevenDay: { usedPct: 12, resetsAtMs: null }, budgets: { dailyUsd: 10, sessionUsd: 2 } };

describe('the status line text', () => {
  it('marks budgets and plan windows without colour', () => {
    expect(formatStatusline(figures, false)).toBe('session $1.70/$2.00 85%! · today $10.50/$10.00 105%!! · $2.25/h · 5h 92%! · 7d 12%');
  });

  it('colours only what is near or past its limit', () => {
    expect(formatStatusline(figures, true)).toBe(
      '\u001b[33msession $1.70/$2.00 85%!\u001b[39m · \u001b[31mtoday $10.50/$10.00 105%!!\u001b[39m · $2.25/h · \u001b[33m5h 92%!\u001b[39m · 7d 12%',
    );
  });

  it('leaves out what is not known', () => {
    expect(formatStatusline({ sessionUsd: null, todayUsd: null, burnRateUsdPerHour: null, fiveHour: null, sevenDay: null, budgets: {} }, true)).toBe('today —');
  });
});
