import { useMemo, type Dispatch } from 'react';
import type { DataFeed } from '../../../store/changes.js';
import { branchCosts } from '../../../store/read/branches.js';
import { commitCosts } from '../../../store/read/commits.js';
import { planUsage } from '../../../store/read/plan-usage.js';
import { projectCosts } from '../../../store/read/projects.js';
import { localDay, spend } from '../../../store/read/spend.js';
import { untrackedUsage } from '../../../store/read/transcript-coverage.js';
import { summary, type SummaryQuery } from '../../../store/read/summary.js';
import type { Summary } from '../../../store/read/types.js';
import type { HeaderStatus } from '../../components/header.js';
import { useKeys } from '../../hooks/use-keys.js';
import { useTimedReadModel } from '../../hooks/use-read-model.js';
import { sinceFor, type RangeKey } from '../../range.js';
import { dashboardLayout, hasData } from './dashboard-layout.js';
import type { DashboardAction, DashboardState } from './dashboard-state.js';
import { DashboardView } from './dashboard-view.js';

export interface DashboardScreenProps {
  feed: DataFeed;
  range: RangeKey;
  status: HeaderStatus;
  state: DashboardState;
  dispatch: Dispatch<DashboardAction>;
  isFocused: boolean;
  /** The app's first frame: the tiles only (no panel is read or drawn), the rest right after. */
  isTilesOnly?: boolean;
  width: number;
  height: number;
}

/** Stands in for the all-time summary while the range has data: nothing to read then. */
const notNeeded = (): null => null;
const atNow = (nowMs: number) => ({ nowMs });

export function DashboardScreen({ feed, range, status, state, dispatch, isFocused, isTilesOnly = false, width, height }: DashboardScreenProps) {
  const inRange = (nowMs: number) => {
    const sinceMs = sinceFor(range, nowMs);
    return sinceMs === undefined ? {} : { sinceMs };
  };
  const figures = useTimedReadModel(feed, summary, (nowMs) => ({ ...inRange(nowMs), nowMs }));
  // An empty range may mean an empty database (show how to point Claude Code here) or just the wrong range.
  const needsAllTime = range !== 'all' && !hasData(figures);
  const allTime = useTimedReadModel<SummaryQuery, Summary | null>(feed, needsAllTime ? summary : notNeeded, atNow);
  const today = useTimedReadModel(feed, spend, (nowMs) => ({ nowMs, day: localDay(nowMs) }));
  const plan = useTimedReadModel(feed, planUsage, atNow);
  const untracked = useTimedReadModel(feed, untrackedUsage, inRange);
  const projects = useTimedReadModel(feed, isTilesOnly ? notNeeded : projectCosts, inRange);
  const commits = useTimedReadModel(feed, commitCosts, inRange);
  const branches = useTimedReadModel(feed, isTilesOnly ? notNeeded : branchCosts, inRange);
  const day = useMemo(
    () => ({ spend: today, plan, untracked, projects, commitCosts: commits, branches }),
    [today, plan, untracked, projects, commits, branches],
  );
  const maxScroll = useMemo(() => (hasData(figures) ? dashboardLayout(figures, width, height, 0, day).maxScroll : 0), [figures, width, height, day]);
  useKeys('dashboard', isFocused, {
    down: () => dispatch({ type: 'scroll', by: 1, max: maxScroll }),
    up: () => dispatch({ type: 'scroll', by: -1, max: maxScroll }),
  });
  return <DashboardView summary={figures} allTime={allTime} day={day} status={status} state={state} isTilesOnly={isTilesOnly} width={width} height={height} />;
}
