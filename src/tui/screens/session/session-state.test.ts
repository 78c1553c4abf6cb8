import { describe, expect, it } from 'vitest';
import { initialSessionState, sessionReducer, type SessionAction, type SessionState } from './session-state.js';

const after = (actions: SessionAction[], from: SessionState = initialSessionState) => actions.reduce(sessionReducer, from);

describe('session state: the waterfall', () => {
  it('opens on a turn at its first row, and closes back to the event list where the cursor was', () => {
    const state = after([{ type: 'move', by: 3, count: 10 }, { type: 'openWaterfall', turnKey: 'p1' }]);
    expect(state).toMatchObject({ cursor: 3, waterfall: { turnKey: 'p1', cursor: 0 } });
    expect(after([{ type: 'closeWaterfall' }], state)).toMatchObject({ cursor: 3, waterfall: null });
  });

  it('moves between its rows within their count', () => {
    const open = after([{ type: 'openWaterfall', turnKey: 'p1' }]);
    expect(after([{ type: 'moveBar', by: 1, count: 3 }, { type: 'moveBar', by: 5, count: 3 }], open).waterfall?.cursor).toBe(2);
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
