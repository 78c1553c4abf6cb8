import { Box, Text } from 'ink';
import type { ForwardTotals } from '../../store/read/forward-status.js';
import type { PlanForecast } from '../../store/read/plan-forecast.js';
import { fit, plainText } from '../../present/sanitize.js';
import type { RangeKey } from '../range.js';
import { budgetLevel, budgetMarker, budgetPct } from '../../present/budget.js';
import { formatUsd } from '../../present/format.js';
import { isFilling, planLine } from '../../present/plan-forecast.js';
import { color, type Role } from '../theme.js';

export type View = 'dashboard' | 'sessions' | 'session';

export interface HeaderStatus {
  /** receiving: this process listens; viewer: another claude-otel-tui does, we read its database. */
  mode: 'receiving' | 'viewer';
  endpoint: string | null;
  dbPath: string;
  /** The shell lines that point Claude Code here (`setup`), for the empty state. */
  setupLines: readonly string[];
  /** This process was started with --forward (and receives). */
  isForwarding?: boolean;
}

const tabs: { view: View; key: string; label: string }[] = [
  { view: 'dashboard', key: '1', label: 'Dashboard' },
  { view: 'sessions', key: '2', label: 'Sessions' },
  { view: 'session', key: '3', label: 'Session' },
];

/** "fwd: 12 queued · last error …", shown while forwarding or while anything is left queued. */
export function forwardText(status: HeaderStatus, forward: ForwardTotals): string | null {
  if (status.isForwarding !== true && forward.queued === 0) return null;
  return `fwd: ${forward.queued} queued${forward.currentError === null ? '' : ` · last error ${plainText(forward.currentError)}`}`;
}

export interface HeaderProps {
  view: View;
  range: RangeKey;
  status: HeaderStatus;
  forward: ForwardTotals;
  width: number;
  /** Today's spend against the daily budget; null without one. */
  daily?: { spendUsd: number; budgetUsd: number } | null;
  /** Plan use and its forecast (for the line's colour), and the line itself: a third line while either window is known. */
  plan?: PlanForecast | null;
  planText?: string | null;
}

/** 2, or 3 with the plan line. */
export function headerHeight(planText: string | null): number {
  return planText !== null ? 3 : 2;
}

/** The plan line at a time (its clock times say "Sat 09:00" or "15:40" against that day). */
export function planTextAt(plan: PlanForecast | null, nowMs: number): string | null {
  return plan === null ? null : planLine(plan, nowMs);
}

function planLevel(plan: PlanForecast): 'ok' | 'warn' | 'over' {
  const levels = [plan.fiveHour, plan.sevenDay].map((w) =>
    w === null ? 'ok' : budgetLevel(w.usedPct, 100) === 'ok' && isFilling(w) ? 'warn' : budgetLevel(w.usedPct, 100),
  );
  return levels.includes('over') ? 'over' : levels.includes('warn') ? 'warn' : 'ok';
}

const levelRole = { ok: 'muted', warn: 'warn', over: 'bad' } as const satisfies Record<string, Role>;

export function Header({ view, range, status, forward, width, daily = null, plan = null, planText = null }: HeaderProps) {
  const where = status.mode === 'receiving' ? `receiving on ${status.endpoint ?? '?'}` : `viewer: ${status.endpoint ?? 'another process'} receives`;
  const level = daily === null ? 'ok' : budgetLevel(daily.spendUsd, daily.budgetUsd);
  const budget =
    daily === null
      ? ''
      : `today ${formatUsd(daily.spendUsd)}/${formatUsd(daily.budgetUsd)} ${Math.round(budgetPct(daily.spendUsd, daily.budgetUsd) ?? 0)}%${budgetMarker(level)}  `;
  const fwd = forwardText(status, forward);
  const planRole = plan === null ? 'muted' : levelRole[planLevel(plan)];
  return (
    <Box flexDirection="column" width={width}>
      <Box>
        <Text bold color={color('accent')}>
          claude-otel-tui
        </Text>
        <Text> </Text>
        {tabs.map((t) => (
          <Text key={t.view} inverse={t.view === view} color={t.view === view ? color('selected') : undefined}>
            {` ${t.key} ${t.label} `}
          </Text>
        ))}
        <Text> range </Text>
        <Text bold>{range}</Text>
      </Box>
      <Box>
        {budget !== '' && (
          <Text color={color(levelRole[level])} bold={level !== 'ok'}>
            {fit(budget, width)}
          </Text>
        )}
        <Text color={color('muted')}>
          {fit(
            `${status.mode === 'receiving' ? '●' : '○'} ${where}${fwd === null ? '' : `  ${fwd}`}  db ${status.dbPath}`,
            Math.max(0, width - [...budget].length),
          )}
        </Text>
      </Box>
      {planText !== null && <Text color={color(planRole)}>{fit(planText, width)}</Text>}
    </Box>
  );
}
