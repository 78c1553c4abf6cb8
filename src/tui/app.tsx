import { Box, useApp, useInput } from 'ink';
import { useReducer } from 'react';
import type { DataFeed } from '../store/changes.js';
import { forwardTotals } from '../store/read/forward-status.js';
import { planForecast } from '../store/read/plan-forecast.js';
import { appReducer, initialAppState } from './app-state.js';
import { Footer } from './components/footer.js';
import { Header, headerHeight, planTextAt, type HeaderStatus } from './components/header.js';
import { HelpOverlay } from './components/help-overlay.js';
import type { Budgets } from '../present/budget.js';
import { useBudgetAlerts } from './hooks/use-budget-alerts.js';
import { useIsFirstFrame } from './hooks/use-first-frame.js';
import { useKeys } from './hooks/use-keys.js';
import { useReadModel, useTimedReadModel } from './hooks/use-read-model.js';
import { useShownTime } from './hooks/use-now.js';
import { useTerminalSize } from './hooks/use-terminal-size.js';
import type { Scope } from './keymap.js';
import type { RangeKey } from './range.js';
import { DashboardScreen } from './screens/dashboard/dashboard-screen.js';
import { initialDashboardState, dashboardReducer } from './screens/dashboard/dashboard-state.js';
import { SessionScreen } from './screens/session/session-screen.js';
import { initialSessionState, sessionReducer } from './screens/session/session-state.js';
import { SessionsScreen } from './screens/sessions/sessions-screen.js';
import { initialSessionsState, sessionsReducer } from './screens/sessions/sessions-state.js';

export interface AppProps {
  feed: DataFeed;
  status: HeaderStatus;
  initialRange?: RangeKey;
  /** Where `e` writes its files (the current folder unless given). */
  exportDir?: string;
  /** Fixed size for tests; the terminal's otherwise. */
  size?: { width: number; height: number };
  budgets?: Budgets;
  /** Rings the terminal bell; injected so tests can count. */
  bell?: () => void;
}

const noBudgets: Budgets = {};
const terminalBell = () => process.stdout.write('\u0007');

const footerHeight = 1;
const planAt = (nowMs: number) => ({ nowMs });

export function App({ feed, status, initialRange, exportDir = process.cwd(), size, budgets = noBudgets, bell = terminalBell }: AppProps) {
  const terminal = useTerminalSize();
  const { width, height } = size ?? terminal;
  const { exit } = useApp();
  const [state, dispatch] = useReducer(appReducer, initialRange, initialAppState);
  const [sessionsState, sessionsDispatch] = useReducer(sessionsReducer, initialSessionsState);
  const [sessionState, sessionDispatch] = useReducer(sessionReducer, initialSessionState);
  const [dashboardState, dashboardDispatch] = useReducer(dashboardReducer, initialDashboardState);
  const forward = useReadModel(feed, forwardTotals, undefined);
  const isFirstFrame = useIsFirstFrame();

  const watch = useBudgetAlerts(feed, budgets, bell);
  const plan = useTimedReadModel(feed, planForecast, planAt);
  const planText = useShownTime((shownMs) => planTextAt(plan, shownMs));
  const isTyping = state.view === 'sessions' && sessionsState.isEditingFilter;
  const isRawOpen = state.view === 'session' && sessionState.isRawOpen;
  const sessionScope: Scope = isRawOpen ? 'raw' : sessionState.waterfall === null ? 'session' : 'waterfall';
  const screenScope: Scope = state.view === 'dashboard' ? 'dashboard' : state.view === 'sessions' ? (isTyping ? 'filter' : 'sessions') : sessionScope;

  useKeys('global', !state.isHelpOpen && !isTyping, {
    quit: () => exit(),
    help: () => dispatch({ type: 'toggleHelp' }),
    nextView: () => dispatch({ type: 'nextView' }),
    showDashboard: () => dispatch({ type: 'show', view: 'dashboard' }),
    showSessions: () => dispatch({ type: 'show', view: 'sessions' }),
    showSession: () => dispatch({ type: 'show', view: 'session' }),
    cycleRange: () => dispatch({ type: 'cycleRange' }),
  });
  // While help is shown, any key closes it (and does nothing else).
  useInput(() => dispatch({ type: 'toggleHelp' }), { isActive: state.isHelpOpen });

  const onNotice = (text: string) => dispatch({ type: 'notice', text });
  const bodyHeight = Math.max(3, height - headerHeight(planText) - footerHeight);
  const isFocused = !state.isHelpOpen;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Header
        view={state.view}
        range={state.range}
        status={status}
        forward={forward}
        width={width}
        daily={watch === null || budgets.dailyUsd === undefined ? null : { spendUsd: watch.todayUsd, budgetUsd: budgets.dailyUsd }}
        plan={plan}
        planText={planText}
      />
      <Box height={bodyHeight} flexDirection="column">
        {state.isHelpOpen ? (
          <HelpOverlay width={width} height={bodyHeight} />
        ) : state.view === 'dashboard' ? (
          <DashboardScreen
            feed={feed}
            range={state.range}
            status={status}
            state={dashboardState}
            dispatch={dashboardDispatch}
            isFocused={isFocused}
            isTilesOnly={isFirstFrame}
            width={width}
            height={bodyHeight}
          />
        ) : state.view === 'sessions' ? (
          <SessionsScreen
            feed={feed}
            range={state.range}
            sessionBudgetUsd={budgets.sessionUsd}
            state={sessionsState}
            dispatch={sessionsDispatch}
            isFocused={isFocused}
            onOpen={(sessionId) => {
              sessionDispatch({ type: 'reset' });
              dispatch({ type: 'openSession', sessionId });
            }}
            exportDir={exportDir}
            onNotice={onNotice}
            width={width}
            height={bodyHeight}
          />
        ) : (
          <SessionScreen
            feed={feed}
            sessionId={state.openSessionId ?? ''}
            state={sessionState}
            dispatch={sessionDispatch}
            isFocused={isFocused}
            onBack={() => dispatch({ type: 'show', view: 'sessions' })}
            exportDir={exportDir}
            onNotice={onNotice}
            width={width}
            height={bodyHeight}
          />
        )}
      </Box>
      <Footer
        scopes={state.isHelpOpen ? [] : [screenScope, ...(isTyping ? [] : (['global'] as const))]}
        notice={state.isHelpOpen ? null : state.notice}
        width={width}
      />
    </Box>
  );
}
