import { describe, expect, it } from 'vitest';
import { initialSessionsState, sessionsReducer, sortOrder, type SessionsAction, type SessionsState } from './sessions-state.js';

const after = (actions: SessionsAction[], from: SessionsState = initialSessionsState) => actions.reduce(sessionsReducer, from);
const typed = (text: string): SessionsAction[] => [{ type: 'startFilter' }, ...[...text].map((t) => ({ type: 'typeFilter', text: t }) as const)];

describe('sessions state: selection', () => {
  it.each([
    [[{ type: 'move', by: 1, count: 5 }], 1],
    [[{ type: 'move', by: 10, count: 5 }], 4],
    [[{ type: 'move', by: -1, count: 5 }], 0],
    [[{ type: 'move', by: 3, count: 5 }, { type: 'top' }], 0],
    [[{ type: 'bottom', count: 7 }], 6],
    // No rows: the selection stays at 0, never -1.
    [[{ type: 'bottom', count: 0 }], 0],
    [[{ type: 'move', by: 1, count: 0 }], 0],
  ] as const)('%j selects row %i', (actions, selected) => {
    expect(after([...actions]).selected).toBe(selected);
  });

  it('enter asks to open the selected row, with a new serial each time (the same row opened twice is two requests)', () => {
    const once = after([{ type: 'move', by: 2, count: 5 }, { type: 'open' }]);
    expect(once.openRequest).toEqual({ index: 2, serial: 1 });
    expect(after([{ type: 'move', by: -1, count: 5 }, { type: 'open' }], once).openRequest).toEqual({ index: 1, serial: 2 });
  });

  it('keys that arrive together are reduced in order: j then enter opens the row j selected', () => {
    expect(after([{ type: 'move', by: 1, count: 3 }, { type: 'open' }, { type: 'move', by: 1, count: 3 }]).openRequest?.index).toBe(1);
  });
});

describe('sessions state: sort and group', () => {
  it('s cycles every sort key once, starting newest first, and goes back to the top', () => {
    const seen = Array.from({ length: sortOrder.length }, (_, n) => after(Array.from({ length: n + 1 }, () => ({ type: 'cycleSort' }) as const)).sort);
    expect(seen).toEqual([...sortOrder.slice(1), 'startTime']);
    expect(after([{ type: 'move', by: 3, count: 5 }, { type: 'cycleSort' }]).selected).toBe(0);
  });

  it('p groups by project and ungroups, back at the top', () => {
    const grouped = after([{ type: 'move', by: 2, count: 5 }, { type: 'toggleGroup' }]);
    expect(grouped).toMatchObject({ isGroupedByProject: true, selected: 0 });
    expect(after([{ type: 'toggleGroup' }], grouped).isGroupedByProject).toBe(false);
  });
});

describe('sessions state: the filter', () => {
  it('/ edits a draft; enter applies it trimmed and selects the first row', () => {
    const editing = after([{ type: 'move', by: 2, count: 5 }, ...typed(' opus ')]);
    expect(editing).toMatchObject({ isEditingFilter: true, draft: ' opus ', filter: '', selected: 2 });
    expect(after([{ type: 'acceptFilter' }], editing)).toMatchObject({ isEditingFilter: false, filter: 'opus', selected: 0 });
  });

  it('backspace removes one character, a whole emoji included', () => {
    expect(after([...typed('ab😀'), { type: 'backspaceFilter' }]).draft).toBe('ab');
    expect(after([{ type: 'startFilter' }, { type: 'backspaceFilter' }]).draft).toBe('');
  });

  it('esc while typing drops the draft and keeps the filter in force', () => {
    const applied = after([...typed('opus'), { type: 'acceptFilter' }]);
    const cancelled = after([...typed('x'), { type: 'cancelFilter' }], applied);
    expect(cancelled).toMatchObject({ isEditingFilter: false, filter: 'opus', draft: '' });
  });

  it('/ again starts from the filter in force', () => {
    expect(after([...typed('opus'), { type: 'acceptFilter' }, { type: 'startFilter' }]).draft).toBe('opus');
  });

  it('esc clears the filter and goes to the top; with no filter it changes nothing', () => {
    const applied = after([...typed('opus'), { type: 'acceptFilter' }, { type: 'move', by: 1, count: 3 }]);
    expect(after([{ type: 'clearFilter' }], applied)).toMatchObject({ filter: '', draft: '', selected: 0 });
    const unfiltered = after([{ type: 'move', by: 1, count: 3 }]);
    expect(after([{ type: 'clearFilter' }], unfiltered)).toBe(unfiltered);
  });
});
