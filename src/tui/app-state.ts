import type { View } from './components/header.js';
import { nextRange, type RangeKey } from './range.js';

export interface AppState {
  view: View;
  range: RangeKey;
  isHelpOpen: boolean;
  /** The session the drawer shows (view 3); null until one is opened. */
  openSessionId: string | null;
  /** One line for the footer (where an export went), until the next move between views. */
  notice: string | null;
}

export type AppAction =
  | { type: 'show'; view: View }
  | { type: 'nextView' }
  | { type: 'cycleRange' }
  | { type: 'toggleHelp' }
  | { type: 'openSession'; sessionId: string }
  | { type: 'notice'; text: string };

const views: readonly View[] = ['dashboard', 'sessions', 'session'];

export function initialAppState(range: RangeKey = '24h'): AppState {
  return { view: 'dashboard', range, isHelpOpen: false, openSessionId: null, notice: null };
}

export function appReducer(previous: AppState, action: AppAction): AppState {
  const state = action.type === 'notice' || action.type === 'toggleHelp' ? previous : { ...previous, notice: null };
  switch (action.type) {
    case 'show':
      // The drawer needs a session; until one is opened, 3 shows the list to pick from.
      return { ...state, view: action.view === 'session' && state.openSessionId === null ? 'sessions' : action.view };
    case 'nextView': {
      const order = state.openSessionId === null ? views.slice(0, 2) : views;
      return { ...state, view: order[(order.indexOf(state.view) + 1) % order.length]! };
    }
    case 'cycleRange':
      return { ...state, range: nextRange(state.range) };
    case 'toggleHelp':
      return { ...state, isHelpOpen: !state.isHelpOpen };
    case 'openSession':
      return { ...state, view: 'session', openSessionId: action.sessionId };
    case 'notice':
      return { ...state, notice: action.text };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
