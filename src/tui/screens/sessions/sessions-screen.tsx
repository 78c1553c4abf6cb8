import { useEffect, useMemo, useRef, type Dispatch } from 'react';
import type { DataFeed } from '../../../store/changes.js';
import { hasOtherMachines } from '../../../store/read/machines.js';
import { groupByProject } from '../../../store/read/projects.js';
import { sessions, sessionsOverview, type SessionsOverview } from '../../../store/read/sessions.js';
import type { SessionRow, SessionsQuery } from '../../../store/read/types.js';
import { liveWindowMs } from '../../../store/read/summary.js';
import { exportNotice } from '../../export/export-file.js';
import { sessionsCsv } from '../../../present/export/sessions-csv.js';
import { useKeys } from '../../hooks/use-keys.js';
import { plainText } from '../../../present/sanitize.js';
import { useClock, useShownTime } from '../../hooks/use-now.js';
import { useReadModel, useTimedReadModel } from '../../hooks/use-read-model.js';
import { sinceFor, type RangeKey } from '../../range.js';
import type { SessionsAction, SessionsState } from './sessions-state.js';
import { SessionsView, sessionsBodyHeight, windowTop } from './sessions-view.js';

export interface SessionsScreenProps {
  feed: DataFeed;
  range: RangeKey;
  /** Rows at 80 % and 100 % of it are marked. */
  sessionBudgetUsd?: number | undefined;
  state: SessionsState;
  dispatch: Dispatch<SessionsAction>;
  isFocused: boolean;
  onOpen: (sessionId: string) => void;
  /** Where `e` writes, and how it reports the path (or error). */
  exportDir: string;
  onNotice: (text: string) => void;
  width: number;
  height: number;
}

/** Stands in for a read the current mode does not need. */
const noRows = (): SessionRow[] => [];
const noOverview = (): SessionsOverview => ({ total: 0, flagged: 0 });

export function SessionsScreen({ feed, range, sessionBudgetUsd, state, dispatch, isFocused, onOpen, exportDir, onNotice, width, height }: SessionsScreenProps) {
  const clock = useClock();
  const queryAt = (nowMs: number): SessionsQuery => {
    const sinceMs = sinceFor(range, nowMs);
    return { ...(sinceMs === undefined ? {} : { sinceMs }), sort: state.sort, ...(state.filter ? { filter: state.filter } : {}), nowMs };
  };
  const isGrouped = state.isGroupedByProject;
  // Ungrouped, only the rows in view are read (plus two counts); grouped, the per-project sums need
  // every row, so they are all read while grouping is on.
  const overview = useTimedReadModel(feed, isGrouped ? noOverview : sessionsOverview, queryAt);
  const all = useTimedReadModel(feed, isGrouped ? sessions : noRows, queryAt);
  // Grouped, the rows run project by project (each still in the chosen order): the selection moves
  // through that order, and enter opens what is highlighted.
  const groups = useMemo(() => (isGrouped ? groupByProject(all) : null), [all, isGrouped]);
  const grouped = useMemo(() => (groups === null ? [] : groups.flatMap((g) => g.rows)), [groups]);
  const count = isGrouped ? grouped.length : overview.total;
  const selected = Math.min(state.selected, Math.max(0, count - 1));
  const bodyHeight = sessionsBodyHeight(height, state);
  const firstIndex = isGrouped ? 0 : windowTop(selected, count, bodyHeight);
  const inView = useTimedReadModel(feed, isGrouped ? noRows : sessions, (nowMs) => ({ ...queryAt(nowMs), offset: firstIndex, limit: bodyHeight }));
  const rows = isGrouped ? grouped : inView;
  // The live dot is the only thing here that moves with the clock: a tick renders only when it moves.
  const liveIds = useShownTime((shownMs) => new Set(rows.filter((r) => shownMs - Date.parse(r.endTime) <= liveWindowMs).map((r) => r.sessionId)));
  const showsMachine = useReadModel(feed, hasOtherMachines, undefined);
  const page = Math.max(1, height - 3);
  // `e` writes every row the list shows, not just those in view: read once, on the key.
  const exportRows = () => (isGrouped ? grouped : sessions(feed.db, queryAt(clock.now())));
  useKeys('sessions', isFocused && !state.isEditingFilter, {
    down: () => dispatch({ type: 'move', by: 1, count }),
    up: () => dispatch({ type: 'move', by: -1, count }),
    top: () => dispatch({ type: 'top' }),
    bottom: () => dispatch({ type: 'bottom', count }),
    pageDown: () => dispatch({ type: 'move', by: page, count }),
    pageUp: () => dispatch({ type: 'move', by: -page, count }),
    sort: () => dispatch({ type: 'cycleSort' }),
    group: () => dispatch({ type: 'toggleGroup' }),
    filter: () => dispatch({ type: 'startFilter' }),
    back: () => dispatch({ type: 'clearFilter' }),
    export: () =>
      onNotice(
        exportNotice(
          { dir: exportDir, what: 'sessions', extension: 'csv', text: sessionsCsv(exportRows()), nowMs: clock.now() },
          `${count} ${count === 1 ? 'session' : 'sessions'}`,
        ),
      ),
    open: () => dispatch({ type: 'open' }),
  });
  // An open request is acted on once: a screen that mounts again does not reopen the last one.
  const handledSerial = useRef(state.openRequest?.serial ?? 0);
  useEffect(() => {
    const request = state.openRequest;
    if (request === null || request.serial === handledSerial.current) return;
    handledSerial.current = request.serial;
    const row = rows[Math.min(request.index, count - 1) - firstIndex];
    if (row !== undefined) onOpen(row.sessionId);
  }, [state.openRequest, rows, count, firstIndex, onOpen]);
  useKeys(
    'filter',
    isFocused && state.isEditingFilter,
    { acceptFilter: () => dispatch({ type: 'acceptFilter' }), cancelFilter: () => dispatch({ type: 'cancelFilter' }) },
    (name, text) => {
      if (name === 'backspace') dispatch({ type: 'backspaceFilter' });
      else if (text !== null && text !== '') dispatch({ type: 'typeFilter', text: plainText(text) });
    },
  );
  const flagged = isGrouped ? grouped.filter((r) => r.integrity.status === 'flagged').length : overview.flagged;
  return (
    <SessionsView
      rows={rows}
      groups={groups}
      firstIndex={firstIndex}
      total={count}
      flagged={flagged}
      state={selected === state.selected ? state : { ...state, selected }}
      liveIds={liveIds}
      sessionBudgetUsd={sessionBudgetUsd}
      showsMachine={showsMachine}
      width={width}
      height={height}
    />
  );
}
