import { describe, expect, it } from 'vitest';
import { formatStatusline, type StatuslineFigures } from './format-line.js';

const figures: StatuslineFigures = {
  sessionUsd: 1.7,
  todayUsd: 10.5,
  burnRateUsdPerHour: 2.25,
  fiveHour: { usedPct: 91.6, resetsAtMs: null, forecast: null },
  sevenDay: { usedPct: 12, resetsAtMs: null, forecast: null },
  budgets: { dailyUsd: 10, sessionUsd: 2 },
  nowMs: 0,
};

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
    expect(formatStatusline({ sessionUsd: null, todayUsd: null, burnRateUsdPerHour: null, fiveHour: null, sevenDay: null, budgets: {}, nowMs: 0 }, true)).toBe(
      'today —',
    );
  });

  it('adds the forecast: when a window fills (marked, as near its limit), or that it resets first', () => {
    const nowMs = Date.parse('2026-12-01T12:00:00Z');
    const forecast = (fullAtMs: number | null, resetsAtMs: number) => ({
      fullAtMs,
      resetsAtMs,
      pacePctPerHour: 30,
      basis: 'samples' as const,
      estimatedPct: 50,
    });
    const fills = { usedPct: 50, resetsAtMs: nowMs + 4 * 3_600_000, forecast: forecast(nowMs + 2 * 3_600_000, nowMs + 4 * 3_600_000) };
    const lasts = { usedPct: 12, resetsAtMs: nowMs + 3 * 86_400_000, forecast: forecast(null, nowMs + 3 * 86_400_000) };
    const line = { sessionUsd: null, todayUsd: 1, burnRateUsdPerHour: null, fiveHour: fills, sevenDay: lasts, budgets: {}, nowMs };
    expect(formatStatusline(line, false)).toBe('today $1.00 · 5h 50%!→full 14:00 · 7d 12%→reset Fri 12:00');
    expect(formatStatusline(line, true)).toBe('today $1.00 · \u001b[33m5h 50%!→full 14:00\u001b[39m · 7d 12%→reset Fri 12:00');
  });
});
