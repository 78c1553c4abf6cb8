import { useEffect, useRef } from 'react';
import type { DataFeed } from '../../store/changes.js';
import { budgetWatch, localDay, type BudgetWatch } from '../../store/read/spend.js';
import { budgetAlarms, newCrossings, warnRatio, type BudgetLevel, type Budgets } from '../../present/budget.js';
import { useReadModel } from './use-read-model.js';

const nothingWatched = (): null => null;

/**
 * Today's spend and the sessions near their budget, and the bell: once per crossing of 80 % and of
 * 100 % per budget and period, for the life of this process (a restart rings again for a budget
 * that is still past a threshold); crossings that arrive in the same update ring once.
 */
export function useBudgetAlerts(feed: DataFeed, budgets: Budgets, nowMs: number, bell: () => void): BudgetWatch | null {
  const day = localDay(nowMs);
  const isWatching = budgets.dailyUsd !== undefined || budgets.sessionUsd !== undefined;
  const watch = useReadModel(feed, isWatching ? budgetWatch : nothingWatched, {
    nowMs,
    day,
    sessionWarnUsd: budgets.sessionUsd === undefined ? null : budgets.sessionUsd * warnRatio,
  });
  const rung = useRef(new Map<string, BudgetLevel>());
  useEffect(() => {
    if (watch === null) return;
    // Crossings seen together (a start with several of today's sessions past their budget) ring once.
    if (newCrossings(budgetAlarms(watch.todayUsd, day.startMs, watch.sessions, budgets), rung.current).length > 0) bell();
  }, [watch, day.startMs, budgets, bell]);
  return watch;
}
