export interface SessionState {
  /** Index into the visible timeline rows (turn headers and events). */
  cursor: number;
  /** Keys of folded turns (promptId, or "outside:<n>" for a prompt-less turn). */
  collapsed: readonly string[];
  /** Keys of unfolded start-up rows (folded by default). */
  expanded: readonly string[];
  isRawOpen: boolean;
  rawScroll: number;
  /** The raw JSON was just copied; cleared by the next key, since views run no timers. */
  isCopied: boolean;
  /** The turn shown as a waterfall instead of the event list (by its key), and the row selected in it; null: the event list. */
  waterfall: { turnKey: string; cursor: number } | null;
}

export type SessionAction =
  | { type: 'reset' }
  | { type: 'move'; by: number; count: number }
  | { type: 'top' }
  | { type: 'bottom'; count: number }
  | { type: 'toggleTurn'; key: string }
  | { type: 'toggleStartup'; key: string }
  | { type: 'openRaw' }
  | { type: 'closeRaw' }
  | { type: 'scrollRaw'; by: number; max: number }
  | { type: 'copied' }
  | { type: 'openWaterfall'; turnKey: string }
  | { type: 'closeWaterfall' }
  | { type: 'moveBar'; by: number; count: number }
  | { type: 'barBottom'; count: number };

export const initialSessionState: SessionState = { cursor: 0, collapsed: [], expanded: [], isRawOpen: false, rawScroll: 0, isCopied: false, waterfall: null };

export function sessionReducer(state: SessionState, action: SessionAction): SessionState {
  switch (action.type) {
    case 'reset':
      return initialSessionState;
    case 'move':
      return { ...state, cursor: Math.max(0, Math.min(state.cursor + action.by, action.count - 1)), isCopied: false };
    case 'top':
      return { ...state, cursor: 0 };
    case 'bottom':
      return { ...state, cursor: Math.max(0, action.count - 1) };
    case 'toggleTurn':
      return {
        ...state,
        collapsed: state.collapsed.includes(action.key) ? state.collapsed.filter((k) => k !== action.key) : [...state.collapsed, action.key],
      };
    case 'toggleStartup':
      return { ...state, expanded: state.expanded.includes(action.key) ? state.expanded.filter((k) => k !== action.key) : [...state.expanded, action.key] };
    case 'openRaw':
      return { ...state, isRawOpen: true, rawScroll: 0, isCopied: false };
    case 'closeRaw':
      return { ...state, isRawOpen: false, rawScroll: 0, isCopied: false };
    case 'scrollRaw':
      return { ...state, rawScroll: Math.max(0, Math.min(state.rawScroll + action.by, action.max)), isCopied: false };
    case 'copied':
      return { ...state, isCopied: true };
    case 'openWaterfall':
      return { ...state, waterfall: { turnKey: action.turnKey, cursor: 0 } };
    case 'closeWaterfall':
      return { ...state, waterfall: null };
    case 'moveBar':
      return state.waterfall === null
        ? state
        : { ...state, waterfall: { ...state.waterfall, cursor: Math.max(0, Math.min(state.waterfall.cursor + action.by, action.count - 1)) } };
    case 'barBottom':
      return state.waterfall === null ? state : { ...state, waterfall: { ...state.waterfall, cursor: Math.max(0, action.count - 1) } };
    default: {
      const unreachable: never = action;
      return unreachable;
    }
  }
}
