// Every key, declared once: the footer and the `?` overlay are drawn from this list, and screens bind
// handlers to its actions through useKeys, so no key exists that the help cannot show.

export type Scope = 'global' | 'dashboard' | 'sessions' | 'filter' | 'session' | 'waterfall' | 'raw';

export type Action =
  | 'quit'
  | 'help'
  | 'nextView'
  | 'showDashboard'
  | 'showSessions'
  | 'showSession'
  | 'cycleRange'
  | 'up'
  | 'down'
  | 'top'
  | 'bottom'
  | 'pageUp'
  | 'pageDown'
  | 'open'
  | 'back'
  | 'filter'
  | 'sort'
  | 'group'
  | 'copy'
  | 'export'
  | 'waterfall'
  | 'acceptFilter'
  | 'cancelFilter';

export interface Binding {
  keys: readonly string[];
  /** Short, for the footer. */
  label: string;
  /** Longer, for the `?` overlay. */
  description: string;
  scope: Scope;
  action: Action;
}

export const keymap: readonly Binding[] = [
  { keys: ['q', 'ctrl+c'], label: 'quit', description: 'quit', scope: 'global', action: 'quit' },
  { keys: ['?'], label: 'help', description: 'show or hide every key', scope: 'global', action: 'help' },
  { keys: ['tab'], label: 'view', description: 'next view', scope: 'global', action: 'nextView' },
  { keys: ['1'], label: 'dashboard', description: 'dashboard', scope: 'global', action: 'showDashboard' },
  { keys: ['2'], label: 'sessions', description: 'sessions', scope: 'global', action: 'showSessions' },
  { keys: ['3'], label: 'session', description: 'the open session', scope: 'global', action: 'showSession' },
  { keys: ['r'], label: 'range', description: 'time range: 15m, 1h, 24h, 7d, 30d, all', scope: 'global', action: 'cycleRange' },

  { keys: ['j', 'down'], label: 'scroll', description: 'next row of panels', scope: 'dashboard', action: 'down' },
  { keys: ['k', 'up'], label: 'scroll', description: 'previous row of panels', scope: 'dashboard', action: 'up' },

  { keys: ['j', 'down'], label: 'down', description: 'next session', scope: 'sessions', action: 'down' },
  { keys: ['k', 'up'], label: 'up', description: 'previous session', scope: 'sessions', action: 'up' },
  { keys: ['g'], label: 'top', description: 'first session', scope: 'sessions', action: 'top' },
  { keys: ['G'], label: 'bottom', description: 'last session', scope: 'sessions', action: 'bottom' },
  { keys: ['enter'], label: 'open', description: 'open the session', scope: 'sessions', action: 'open' },
  { keys: ['/'], label: 'filter', description: 'filter by project, user, model, id or prompt text', scope: 'sessions', action: 'filter' },
  { keys: ['s'], label: 'sort', description: 'sort by the next column', scope: 'sessions', action: 'sort' },
  { keys: ['p'], label: 'projects', description: 'group the sessions by project (again: ungroup)', scope: 'sessions', action: 'group' },
  { keys: ['e'], label: 'export', description: 'export the rows shown (filter, sort, range) to a CSV file', scope: 'sessions', action: 'export' },
  { keys: ['esc'], label: 'clear', description: 'clear the filter', scope: 'sessions', action: 'back' },
  { keys: ['pagedown'], label: 'page', description: 'page down', scope: 'sessions', action: 'pageDown' },
  { keys: ['pageup'], label: 'page up', description: 'page up', scope: 'sessions', action: 'pageUp' },

  { keys: ['enter'], label: 'apply', description: 'keep the filter', scope: 'filter', action: 'acceptFilter' },
  { keys: ['esc'], label: 'cancel', description: 'drop the filter', scope: 'filter', action: 'cancelFilter' },

  { keys: ['j', 'down'], label: 'down', description: 'next event', scope: 'session', action: 'down' },
  { keys: ['k', 'up'], label: 'up', description: 'previous event', scope: 'session', action: 'up' },
  { keys: ['g'], label: 'top', description: 'first event', scope: 'session', action: 'top' },
  { keys: ['G'], label: 'bottom', description: 'last event', scope: 'session', action: 'bottom' },
  { keys: ['enter'], label: 'expand', description: 'fold a turn, unfold the start-up line, or show an event as raw JSON', scope: 'session', action: 'open' },
  {
    keys: ['w'],
    label: 'waterfall',
    description: 'the selected turn as a waterfall: its requests, tools and hooks on a time axis',
    scope: 'session',
    action: 'waterfall',
  },
  { keys: ['e'], label: 'export', description: "export the session's timeline to a JSON file", scope: 'session', action: 'export' },
  { keys: ['esc'], label: 'back', description: 'back to sessions', scope: 'session', action: 'back' },

  { keys: ['j', 'down'], label: 'down', description: 'next bar', scope: 'waterfall', action: 'down' },
  { keys: ['k', 'up'], label: 'up', description: 'previous bar', scope: 'waterfall', action: 'up' },
  { keys: ['g'], label: 'top', description: 'first bar', scope: 'waterfall', action: 'top' },
  { keys: ['G'], label: 'bottom', description: 'last bar', scope: 'waterfall', action: 'bottom' },
  { keys: ['enter'], label: 'raw', description: "the bar's span as raw JSON (its event's, without traces)", scope: 'waterfall', action: 'open' },
  { keys: ['w', 'esc'], label: 'events', description: "back to the turn's event list", scope: 'waterfall', action: 'back' },

  { keys: ['j', 'down'], label: 'scroll', description: 'scroll down', scope: 'raw', action: 'down' },
  { keys: ['k', 'up'], label: 'scroll', description: 'scroll up', scope: 'raw', action: 'up' },
  { keys: ['pagedown', 'space'], label: 'page', description: 'page down', scope: 'raw', action: 'pageDown' },
  { keys: ['pageup'], label: 'page up', description: 'page up', scope: 'raw', action: 'pageUp' },
  { keys: ['y'], label: 'copy', description: 'copy the JSON to the clipboard (OSC 52)', scope: 'raw', action: 'copy' },
  { keys: ['esc'], label: 'back', description: 'back to the timeline', scope: 'raw', action: 'back' },
];

/** Ink's key event as a name: "j", "G", "enter", "esc", "down", "ctrl+c", … */
export interface KeyEvent {
  upArrow: boolean;
  downArrow: boolean;
  leftArrow: boolean;
  rightArrow: boolean;
  pageUp: boolean;
  pageDown: boolean;
  return: boolean;
  escape: boolean;
  ctrl: boolean;
  tab: boolean;
  backspace: boolean;
  delete: boolean;
}

export function keyName(input: string, key: KeyEvent): string {
  if (key.upArrow) return 'up';
  if (key.downArrow) return 'down';
  if (key.leftArrow) return 'left';
  if (key.rightArrow) return 'right';
  if (key.pageUp) return 'pageup';
  if (key.pageDown) return 'pagedown';
  if (key.return) return 'enter';
  if (key.escape) return 'esc';
  if (key.tab) return 'tab';
  if (key.backspace || key.delete) return 'backspace';
  if (key.ctrl) return `ctrl+${input}`;
  if (input === ' ') return 'space';
  return input;
}

export function actionFor(name: string, scope: Scope): Action | undefined {
  return keymap.find((b) => b.scope === scope && b.keys.includes(name))?.action;
}

export function bindingsFor(scopes: readonly Scope[]): Binding[] {
  const seen = new Set<string>();
  return scopes
    .flatMap((scope) => keymap.filter((b) => b.scope === scope))
    .filter((b) => {
      // j and k share a label; show it once.
      const id = `${b.scope}:${b.label}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
}

/** The footer line: "key label" pairs for the active scopes, cut to width with "…". */
export function footerText(scopes: readonly Scope[], width: number): string {
  const parts = bindingsFor(scopes).map((b) => `${displayKeys(b)} ${b.label}`);
  let line = '';
  for (const part of parts) {
    const next = line === '' ? part : `${line}  ${part}`;
    if ([...next].length > width) return [...line].length + 2 <= width ? `${line} …` : line;
    line = next;
  }
  return line;
}

export function displayKeys(b: Binding): string {
  return b.keys
    .filter((k) => !['down', 'up', 'space', 'ctrl+c'].includes(k) || b.keys.length === 1)
    .map((k) => (k === 'down' ? '↓' : k === 'up' ? '↑' : k === 'pagedown' ? 'pgdn' : k === 'pageup' ? 'pgup' : k))
    .join('/');
}
