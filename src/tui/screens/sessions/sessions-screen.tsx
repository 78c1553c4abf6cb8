import { useEffect, useMemo, useRef, type Dispatch } from 'react';
import type { DataFeed } from '../../../store/changes.js';
import { groupByProject } from '../../../store/read/projects.js';
import { sessions } from '../../../store/read/sessions.js';
import { liveWindowMs } from '../../../store/read/summary.js';
import { exportNotice } from '../../export/export-file.js';
import { sessionsCsv } from '../../export/sessions-csv.js';
import { useKeys } from '../../hooks/use-keys.js';
import { plainText } from '../../plain-text.js';
import { useNow } from '../../hooks/use-now.js';
import { useReadModel } from '../../hooks/use-read-model.js';
import { sinceFor, type RangeKey } from '../../range.js';
import type { SessionsAction, SessionsState } from './sessions-state.js';
import { SessionsView } from './sessions-view.js';

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

export function SessionsScreen({ feed, range, sessionBudgetUsd, state, dispatch, isFocused, onOpen, exportDir, onNotice, width, height }: SessionsScreenProps) {
  const nowMs = useNow();
  const sinceMs = sinceFor(range, nowMs);
  const sorted = useReadModel(feed, sessions, { ...(sinceMs === undefined ? {} : { sinceMs }), sort: state.sort, ...(state.filter ? { filter: state.filter } : {}), nowMs });
  // Grouped, the rows run project by project (each still in the chosen order): the selection moves
  // through that order, and enter opens what is highlighted.
  const groups = useMemo(() => (state.isGroupedByProject ? groupByProject(sorted) : null), [sorted, state.isGroupedByProject]);
  const rows = useMemo(() => (groups === null ? sorted : groups.flatMap((g) => g.rows)), [groups, sorted]);
  const count = rows.length;
  const page = Math.max(1, height - 3);
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
    export: () => onNotice(exportNotice({ dir: exportDir, what: 'sessions', extension: 'csv', text: sessionsCsv(rows), nowMs }, `${count} ${count === 1 ? 'session' : 'sessions'}`)),
    open: () => dispatch({ type: 'open' }),
  });
  // An open request is acted on once: a screen that mounts again does not reopen the last one.
  const handledSerial = useRef(state.openRequest?.serial ?? 0);
  useEffect(() => {
    const request = state.openRequest;
    if (request === null || request.serial === handledSerial.current) return;
    handledSerial.current = request.serial;
    const row = rows[Math.min(request.index, rows.length - 1)];
    if (row !== undefined) onOpen(row.sessionId);
  }, [state.openRequest, rows, onOpen]);
  useKeys(
    'filter',
    isFocused && state.isEditingFilter,
    { acceptFilter: () => dispatch({ type: 'acceptFilter' }), cancelFilter: () => dispatch({ type: 'cancelFilter' }) },
    (name, text) => {
      if (name === 'backspace') dispatch({ type: 'backspaceFilter' });
      else if (text !== null && text !== '') dispatch({ type: 'typeFilter', text: plainText(text) });
    },
  );
  const selected = Math.min(state.selected, Math.max(0, count - 1));
  return <SessionsView rows={rows} groups={groups} state={selected === state.selected ? state : { ...state, selected }} nowMs={nowMs} liveWindowMs={liveWindowMs} sessionBudgetUsd={sessionBudgetUsd} width={width} height={height} />;
}
