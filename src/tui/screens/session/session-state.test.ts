import { describe, expect, it } from 'vitest';
import { initialSessionState, sessionReducer, type SessionAction, type SessionState } from './session-state.js';

const after = (actions: SessionAction[], from: SessionState = initialSessionState) => actions.reduce(sessionReducer, from);

describe('session state: the waterfall', () => {
  it('opens on a turn at its first row, and closes back to the event list where the cursor was', () => {
    const state = after([
      { type: 'move', by: 3, count: 10 },
      { type: 'openWaterfall', turnKey: 'p1' },
    ]);
    expect(state).toMatchObject({ cursor: 3, waterfall: { turnKey: 'p1', cursor: 0 } });
    expect(after([{ type: 'closeWaterfall' }], state)).toMatchObject({ cursor: 3, waterfall: null });
  });

  it('moves between its rows within their count', () => {
    const open = after([{ type: 'openWaterfall', turnKey: 'p1' }]);
    expect(
      after(
        [
          { type: 'moveBar', by: 1, count: 3 },
          { type: 'moveBar', by: 5, count: 3 },
        ],
        open,
      ).waterfall?.cursor,
    ).toBe(2);
    expect(after([{ type: 'moveBar', by: -1, count: 3 }], open).waterfall?.cursor).toBe(0);
    expect(after([{ type: 'barBottom', count: 12 }], open).waterfall?.cursor).toBe(11);
    expect(after([{ type: 'moveBar', by: 1, count: 3 }])).toBe(after([]));
  });

  it("a bar's raw JSON closes back to the waterfall, not the event list", () => {
    const raw = after([{ type: 'openWaterfall', turnKey: 'p1' }, { type: 'moveBar', by: 2, count: 5 }, { type: 'openRaw' }]);
    expect(after([{ type: 'closeRaw' }], raw)).toMatchObject({ isRawOpen: false, waterfall: { turnKey: 'p1', cursor: 2 } });
  });

  it('resets with the session (another one opened)', () => {
    expect(after([{ type: 'openWaterfall', turnKey: 'p1' }, { type: 'reset' }]).waterfall).toBeNull();
  });
});

describe('session state: the event list', () => {
  it.each([
    [[{ type: 'move', by: 1, count: 4 }], 1],
    [[{ type: 'move', by: 9, count: 4 }], 3],
    [[{ type: 'move', by: -1, count: 4 }], 0],
    [[{ type: 'bottom', count: 4 }, { type: 'top' }], 0],
    [[{ type: 'bottom', count: 4 }], 3],
    // An empty timeline keeps the cursor at 0.
    [[{ type: 'bottom', count: 0 }], 0],
    [[{ type: 'move', by: 1, count: 0 }], 0],
  ] as const)('%j puts the cursor on row %i', (actions, cursor) => {
    expect(after([...actions]).cursor).toBe(cursor);
  });

  it('enter on a turn folds it and again unfolds it, each turn apart', () => {
    const folded = after([
      { type: 'toggleTurn', key: 'p1' },
      { type: 'toggleTurn', key: 'p2' },
    ]);
    expect(folded.collapsed).toEqual(['p1', 'p2']);
    expect(after([{ type: 'toggleTurn', key: 'p1' }], folded).collapsed).toEqual(['p2']);
  });

  it('start-up lines are folded until enter unfolds one', () => {
    expect(initialSessionState.expanded).toEqual([]);
    const unfolded = after([{ type: 'toggleStartup', key: 'outside:0#startup' }]);
    expect(unfolded.expanded).toEqual(['outside:0#startup']);
    expect(after([{ type: 'toggleStartup', key: 'outside:0#startup' }], unfolded).expanded).toEqual([]);
  });
});

describe('session state: the raw JSON', () => {
  it('opens at the top and scrolls within its length', () => {
    const open = after([{ type: 'openRaw' }]);
    expect(open).toMatchObject({ isRawOpen: true, rawScroll: 0 });
    expect(after([{ type: 'scrollRaw', by: 5, max: 3 }], open).rawScroll).toBe(3);
    expect(
      after(
        [
          { type: 'scrollRaw', by: 2, max: 9 },
          { type: 'scrollRaw', by: -5, max: 9 },
        ],
        open,
      ).rawScroll,
    ).toBe(0);
  });

  it('says "copied" until the next key, and closes back at the top', () => {
    const copied = after([{ type: 'openRaw' }, { type: 'scrollRaw', by: 2, max: 9 }, { type: 'copied' }]);
    expect(copied).toMatchObject({ isCopied: true, rawScroll: 2 });
    expect(after([{ type: 'scrollRaw', by: 1, max: 9 }], copied).isCopied).toBe(false);
    expect(after([{ type: 'closeRaw' }], copied)).toMatchObject({ isRawOpen: false, rawScroll: 0, isCopied: false });
    expect(after([{ type: 'openRaw' }], copied)).toMatchObject({ rawScroll: 0, isCopied: false });
  });
});
