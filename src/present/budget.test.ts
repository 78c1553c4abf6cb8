import { describe, expect, it } from 'vitest';
import { budgetAlarms, budgetLevel, budgetMarker, newCrossings, type BudgetLevel } from './budget.js';

describe('budget levels', () => {
  it.each([
    [null, 10, 'ok', ''],
    [5, undefined, 'ok', ''],
    [7.99, 10, 'ok', ''],
    [8, 10, 'warn', '!'],
    [9.99, 10, 'warn', '!'],
    [10, 10, 'over', '!!'],
    [25, 10, 'over', '!!'],
  ] as const)('%s of %s is %s', (spend, budget, level, marker) => {
    expect(budgetLevel(spend, budget)).toBe(level);
    expect(budgetMarker(budgetLevel(spend, budget))).toBe(marker);
  });
});

describe('crossings', () => {
  it('count each budget once per threshold, however often they are seen', () => {
    const rung = new Map<string, BudgetLevel>();
    const budgets = { dailyUsd: 10, sessionUsd: 2 };
    const seen = (today: number, sessions: { sessionId: string; costUsd: number }[]) =>
      newCrossings(budgetAlarms(today, 0, sessions, budgets), rung).map((a) => `${a.key} ${a.level}`);
    expect(seen(5, [{ sessionId: 'a', costUsd: 1 }])).toEqual([]);
    expect(seen(8, [{ sessionId: 'a', costUsd: 1.6 }])).toEqual(['daily:0 warn', 'session:a warn']);
    expect(seen(9, [{ sessionId: 'a', costUsd: 1.7 }])).toEqual([]);
    expect(
      seen(12, [
        { sessionId: 'a', costUsd: 1.7 },
        { sessionId: 'b', costUsd: 3 },
      ]),
    ).toEqual(['daily:0 over', 'session:b over']);
    expect(
      seen(12, [
        { sessionId: 'a', costUsd: 2 },
        { sessionId: 'b', costUsd: 3 },
      ]),
    ).toEqual(['session:a over']);
    expect(
      seen(13, [
        { sessionId: 'a', costUsd: 2 },
        { sessionId: 'b', costUsd: 3 },
      ]),
    ).toEqual([]);
    // A new day is a new period for the daily budget.
    expect(newCrossings(budgetAlarms(9, 86_400_000, [], budgets), rung).map((a) => a.key)).toEqual(['daily:86400000']);
  });
});
