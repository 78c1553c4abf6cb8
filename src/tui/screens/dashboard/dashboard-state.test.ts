import { describe, expect, it } from 'vitest';
import { dashboardReducer, initialDashboardState, type DashboardAction } from './dashboard-state.js';

const after = (actions: DashboardAction[]) => actions.reduce(dashboardReducer, initialDashboardState);

describe('dashboard state', () => {
  it.each([
    [[{ by: 1, max: 3 }], 1],
    [
      [
        { by: 1, max: 3 },
        { by: 1, max: 3 },
        { by: -1, max: 3 },
      ],
      1,
    ],
    // Never past the last useful row, never above the first.
    [[{ by: 5, max: 3 }], 3],
    [[{ by: -1, max: 3 }], 0],
    // Nothing to scroll (everything fits).
    [[{ by: 1, max: 0 }], 0],
    // A terminal made taller: the next key brings the scroll back within the new maximum.
    [
      [
        { by: 4, max: 4 },
        { by: 1, max: 2 },
      ],
      2,
    ],
  ])('scrolls by %j to row %i', (moves, scroll) => {
    expect(after(moves.map((m) => ({ type: 'scroll', ...m }))).scroll).toBe(scroll);
  });
});
