import { describe, expect, it } from 'vitest';
import { actionFor, bindingsFor, displayKeys, footerText, keyName, keymap, type KeyEvent, type Scope } from './keymap.js';

const noKey: KeyEvent = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageUp: false,
  pageDown: false,
  return: false,
  escape: false,
  ctrl: false,
  tab: false,
  backspace: false,
  delete: false,
};
const scopes: readonly Scope[] = ['global', 'dashboard', 'sessions', 'filter', 'session', 'waterfall', 'raw'];

describe('keymap', () => {
  it('binds no key twice within a scope, nor a global key again in a screen (only the focused scope would get it)', () => {
    const clashes = scopes.flatMap((scope) => {
      const keys = keymap.filter((b) => b.scope === scope).flatMap((b) => b.keys);
      return keys.filter((k, i) => keys.indexOf(k) !== i).map((k) => `${scope}:${k}`);
    });
    expect(clashes).toEqual([]);
    const global = keymap.filter((b) => b.scope === 'global').flatMap((b) => b.keys);
    // The filter scope takes every key as text, so it may bind what global binds (global is off while typing).
    const shadowed = keymap
      .filter((b) => b.scope !== 'global' && b.scope !== 'filter')
      .flatMap((b) => b.keys.filter((k) => global.includes(k)).map((k) => `${b.scope}:${k}`));
    expect(shadowed).toEqual([]);
  });

  it.each([
    ['j', {}, 'j'],
    ['', { downArrow: true }, 'down'],
    ['', { upArrow: true }, 'up'],
    ['', { pageDown: true }, 'pagedown'],
    ['\r', { return: true }, 'enter'],
    ['', { escape: true }, 'esc'],
    ['\t', { tab: true }, 'tab'],
    ['', { delete: true }, 'backspace'],
    ['c', { ctrl: true }, 'ctrl+c'],
    [' ', {}, 'space'],
    ['G', {}, 'G'],
  ])('names %j with %j as %s', (input, flags, name) => {
    expect(keyName(input, { ...noKey, ...flags })).toBe(name);
  });

  it('finds the action of a key in its scope only', () => {
    expect(actionFor('j', 'sessions')).toBe('down');
    expect(actionFor('enter', 'sessions')).toBe('open');
    expect(actionFor('enter', 'filter')).toBe('acceptFilter');
    expect(actionFor('w', 'session')).toBe('waterfall');
    expect(actionFor('w', 'waterfall')).toBe('back');
    expect(actionFor('space', 'raw')).toBe('pageDown');
    expect(actionFor('w', 'sessions')).toBeUndefined();
    expect(actionFor('q', 'sessions')).toBeUndefined();
  });

  it('lists bindings scope by scope, j and k once under their shared label', () => {
    const dashboard = bindingsFor(['dashboard', 'global']);
    expect(dashboard.map((b) => `${b.scope}:${b.label}`)).toEqual([
      'dashboard:scroll',
      'global:quit',
      'global:help',
      'global:view',
      'global:dashboard',
      'global:sessions',
      'global:session',
      'global:range',
    ]);
    expect(bindingsFor([])).toEqual([]);
  });

  it.each([
    // The arrow is left out where a letter says the same, and so are ctrl+c and space.
    ['sessions', 'down', 'j'],
    ['global', 'quit', 'q'],
    ['raw', 'pageDown', 'pgdn'],
    ['waterfall', 'back', 'w/esc'],
    ['sessions', 'pageUp', 'pgup'],
  ])('shows the keys of %s %s as %s in the footer and help', (scope, action, shown) => {
    const binding = keymap.find((b) => b.scope === scope && b.action === action);
    expect(displayKeys(binding!)).toBe(shown);
  });

  it('fits the footer to the width, ending in "…" when keys are left out', () => {
    const full = footerText(['dashboard', 'global'], 200);
    expect(full).toBe('j scroll  q quit  ? help  tab view  1 dashboard  2 sessions  3 session  r range');
    expect(footerText(['dashboard', 'global'], [...full].length)).toBe(full);
    const cut = footerText(['dashboard', 'global'], 40);
    expect(cut).toBe('j scroll  q quit  ? help  tab view …');
    expect([...cut].length).toBeLessThanOrEqual(40);
    expect(footerText(['dashboard', 'global'], 9)).toBe('j scroll');
    // Not even the first key fits: say that keys are left out, if that fits.
    expect(footerText(['dashboard', 'global'], 3)).toBe(' …');
    expect(footerText(['dashboard', 'global'], 1)).toBe('');
  });
});
