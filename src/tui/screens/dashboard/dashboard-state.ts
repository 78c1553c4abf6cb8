export interface DashboardState {
  /** First panel row shown, when the panels are taller than the screen. */
  scroll: number;
}

export type DashboardAction = { type: 'scroll'; by: number; max: number };

export const initialDashboardState: DashboardState = { scroll: 0 };

export function dashboardReducer(state: DashboardState, action: DashboardAction): DashboardState {
  switch (action.type) {
    case 'scroll':
      return { ...state, scroll: Math.max(0, Math.min(state.scroll + action.by, action.max)) };
    default: {
      const unreachable: never = action.type;
      return unreachable;
    }
  }
}
