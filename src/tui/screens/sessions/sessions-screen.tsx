import type { Dispatch } from 'react';
import type { DataFeed } from '../../../store/changes.js';
import { sessions } from '../../../store/read/sessions.js';
import { liveWindowMs } from '../../../store/read/summary.js';
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
  width: number;
  height: number;
}

export function SessionsScreen({ feed, range, sessionBudgetUsd, state, dispatch, isFocused, onOpen, width, height }: SessionsScreenProps) {
  const nowMs = useNow();
  const sinceMs = sinceFor(range, nowMs);
  const rows = useReadModel(feed, sessions, { ...(sinceMs === undefined ? {} : { sinceMs }), sort: state.sort, ...(state.filter ? { filter: state.filter } : {}) });
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
    filter: () => dispatch({ type: 'startFilter' }),
    back: () => dispatch({ type: 'clearFilter' }),
    open: () => {
      const row = rows[Math.min(state.selected, count - 1)];
      if (row !== undefined) onOpen(row.sessionId);
    },
  });
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
  return <SessionsView rows={rows} state={selected === state.selected ? state : { ...state, selected }} nowMs={nowMs} liveWindowMs={liveWindowMs} sessionBudgetUsd={sessionBudgetUsd} width={width} height={height} />;
}
