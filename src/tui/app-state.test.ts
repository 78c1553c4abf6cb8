import { describe, expect, it } from 'vitest';
import { appReducer, initialAppState, type AppAction, type AppState } from './app-state.js';

const after = (actions: AppAction[], from: AppState = initialAppState()) => actions.reduce(appReducer, from);

describe('app state', () => {
  it('starts on the dashboard, 24h unless told, help closed, no session', () => {
    expect(initialAppState()).toEqual({ view: 'dashboard', range: '24h', isHelpOpen: false, openSessionId: null, notice: null });
    expect(initialAppState('all').range).toBe('all');
  });

  it('tab cycles dashboard and sessions until a session is open, then the drawer too', () => {
    expect([1, 2, 3].map((n) => after(Array.from({ length: n }, () => ({ type: 'nextView' }) as const)).view)).toEqual(['sessions', 'dashboard', 'sessions']);
    const open = after([{ type: 'openSession', sessionId: 's1' }]);
    expect(open).toMatchObject({ view: 'session', openSessionId: 's1' });
    expect(
      [1, 2, 3].map(
        (n) =>
          after(
            Array.from({ length: n }, () => ({ type: 'nextView' }) as const),
            open,
          ).view,
      ),
    ).toEqual(['dashboard', 'sessions', 'session']);
  });

  it('3 shows the sessions list while no session was opened, and the drawer once one was', () => {
    expect(after([{ type: 'show', view: 'session' }]).view).toBe('sessions');
    expect(
      after([
        { type: 'openSession', sessionId: 's1' },
        { type: 'show', view: 'dashboard' },
        { type: 'show', view: 'session' },
      ]),
    ).toMatchObject({ view: 'session', openSessionId: 's1' });
    expect(after([{ type: 'show', view: 'sessions' }]).view).toBe('sessions');
  });

  it('r cycles the range and comes back round', () => {
    expect(after([{ type: 'cycleRange' }]).range).toBe('7d');
    expect(after(Array.from({ length: 6 }, () => ({ type: 'cycleRange' }) as const)).range).toBe('24h');
  });

  it('? opens and closes help without touching the view', () => {
    const open = after([{ type: 'show', view: 'sessions' }, { type: 'toggleHelp' }]);
    expect(open).toMatchObject({ isHelpOpen: true, view: 'sessions' });
    expect(after([{ type: 'toggleHelp' }], open).isHelpOpen).toBe(false);
  });

  it('keeps a notice through help, and drops it on the next move', () => {
    const noticed = after([{ type: 'notice', text: 'wrote sessions.csv' }]);
    expect(noticed.notice).toBe('wrote sessions.csv');
    expect(after([{ type: 'toggleHelp' }, { type: 'toggleHelp' }], noticed).notice).toBe('wrote sessions.csv');
    expect(after([{ type: 'nextView' }], noticed).notice).toBeNull();
    expect(after([{ type: 'cycleRange' }], noticed).notice).toBeNull();
    expect(after([{ type: 'openSession', sessionId: 's2' }], noticed).notice).toBeNull();
  });

  it('never changes the state it is given', () => {
    const before = initialAppState();
    const frozen = Object.freeze({ ...before });
    expect(() => after([{ type: 'nextView' }, { type: 'toggleHelp' }, { type: 'notice', text: 'x' }], frozen)).not.toThrow();
    expect(frozen).toEqual(before);
  });
});
