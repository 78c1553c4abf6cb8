import { isColorEnabled } from '../present/color.js';

// Colours by role. With NO_COLOR set (any value), every role is undefined and Ink prints plain text.
export type Role = 'accent' | 'muted' | 'good' | 'bad' | 'warn' | 'live' | 'selected' | 'input' | 'output' | 'cache' | 'model' | 'tool' | 'wait' | 'hook';

const palette: Record<Role, string> = {
  accent: 'cyan',
  muted: 'gray',
  good: 'green',
  bad: 'red',
  warn: 'yellow',
  live: 'green',
  selected: 'cyan',
  input: 'blue',
  output: 'magenta',
  cache: 'yellow',
  // The waterfall's bars: model requests, tools running, waiting on the person (as the time line's
  // "waiting on you"), hooks.
  model: 'cyan',
  tool: 'green',
  wait: 'yellow',
  hook: 'magenta',
};

export function color(role: Role): string | undefined {
  return isColorEnabled() ? palette[role] : undefined;
}

/** Model names to chart colours, in a stable order. */
export const seriesColors = ['cyan', 'magenta', 'yellow', 'green', 'blue', 'red'] as const;
