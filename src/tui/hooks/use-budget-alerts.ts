import { useEffect, useRef } from 'react';
import type { DataFeed } from '../../store/changes.js';
import { budgetWatch, localDay, type BudgetWatch } from '../../store/read/spend.js';
import { budgetAlarms, newCrossings, warnRatio, type BudgetLevel, type Budgets } from '../../present/budget.js';
import { useShownTime } from './use-now.js';
import { useTimedReadModel } from './use-read-model.js';

const nothingWatched = (): null => null;

/**
 * Today's spend and the sessions near their budget, and the bell: once per crossing of 80 % and of
 * 100 % per budget and period, for the life of this process (a restart rings again for a budget
 * that is still past a threshold); crossings that arrive in the same update ring once.
 */
export function useBudgetAlerts(feed: DataFeed, budgets: Budgets, bell: () => void): BudgetWatch | null {
  const isWatching = budgets.dailyUsd !== undefined || budgets.sessionUsd !== undefined;
  const sessionWarnUsd = budgets.sessionUsd === undefined ? null : budgets.sessionUsd * warnRatio;
  const watch = useTimedReadModel(feed, isWatching ? budgetWatch : nothingWatched, (nowMs) => ({ nowMs, day: localDay(nowMs), sessionWarnUsd }));
  const dayStartMs = useShownTime((shownMs) => localDay(shownMs).startMs);
  const rung = useRef(new Map<string, BudgetLevel>());
  useEffect(() => {
    if (watch === null) return;
    // Crossings seen together (a start with several of today's sessions past their budget) ring once.
    if (newCrossings(budgetAlarms(watch.todayUsd, dayStartMs, watch.sessions, budgets), rung.current).length > 0) bell();
  }, [watch, dayStartMs, budgets, bell]);
  return watch;
}
