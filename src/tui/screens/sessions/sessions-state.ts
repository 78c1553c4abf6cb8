import type { SessionSortKey } from '../../../store/read/types.js';

export interface SessionsState {
  selected: number;
  sort: SessionSortKey;
  /** The filter in force (passed to the read model). */
  filter: string;
  /** What is being typed after `/`, before enter. */
  draft: string;
  isEditingFilter: boolean;
  /** `p`: rows under a heading per project, the costliest project first. */
  isGroupedByProject: boolean;
  /**
   * enter, as state: keys that arrive together ("j" then enter, faster than a frame) are reduced in
   * order, so enter opens the row the moves before it selected, not the one the last frame showed.
   */
  openRequest: { index: number; serial: number } | null;
}

export type SessionsAction =
  | { type: 'move'; by: number; count: number }
  | { type: 'top' }
  | { type: 'bottom'; count: number }
  | { type: 'cycleSort' }
  | { type: 'toggleGroup' }
  | { type: 'open' }
  | { type: 'startFilter' }
  | { type: 'typeFilter'; text: string }
  | { type: 'backspaceFilter' }
  | { type: 'acceptFilter' }
  | { type: 'cancelFilter' }
  | { type: 'clearFilter' };

/** The order `s` cycles through; startTime (newest first) is the default. */
export const sortOrder: readonly SessionSortKey[] = [
  'startTime',
  'costUsd',
  'tokens',
  'durationMs',
  'prompts',
  'agents',
  'toolCalls',
  'errors',
  'project',
  'user',
  'model',
];

export const initialSessionsState: SessionsState = {
  selected: 0,
  sort: 'startTime',
  filter: '',
  draft: '',
  isEditingFilter: false,
  isGroupedByProject: false,
  openRequest: null,
};

export function sessionsReducer(state: SessionsState, action: SessionsAction): SessionsState {
  switch (action.type) {
    case 'move':
      return { ...state, selected: clamp(state.selected + action.by, action.count) };
    case 'top':
      return { ...state, selected: 0 };
    case 'bottom':
      return { ...state, selected: clamp(action.count - 1, action.count) };
    case 'cycleSort':
      return { ...state, sort: sortOrder[(sortOrder.indexOf(state.sort) + 1) % sortOrder.length]!, selected: 0 };
    case 'open':
      return { ...state, openRequest: { index: state.selected, serial: (state.openRequest?.serial ?? 0) + 1 } };
    case 'toggleGroup':
      return { ...state, isGroupedByProject: !state.isGroupedByProject, selected: 0 };
    case 'startFilter':
      return { ...state, isEditingFilter: true, draft: state.filter };
    case 'typeFilter':
      return { ...state, draft: state.draft + action.text };
    case 'backspaceFilter':
      return { ...state, draft: [...state.draft].slice(0, -1).join('') };
    case 'acceptFilter':
      return { ...state, isEditingFilter: false, filter: state.draft.trim(), selected: 0 };
    case 'cancelFilter':
      return { ...state, isEditingFilter: false, draft: '' };
    case 'clearFilter':
      return state.filter === '' ? state : { ...state, filter: '', draft: '', selected: 0 };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}

function clamp(index: number, count: number): number {
  return Math.max(0, Math.min(index, count - 1));
}
