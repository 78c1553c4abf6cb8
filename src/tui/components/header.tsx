import { Box, Text } from 'ink';
import { fit } from '../plain-text.js';
import type { RangeKey } from '../range.js';
import { budgetLevel, budgetMarker, budgetPct } from '../budget.js';
import { formatUsd } from '../format.js';
import { color, type Role } from '../theme.js';

export type View = 'dashboard' | 'sessions' | 'session';

export interface HeaderStatus {
  /** receiving: this process listens; viewer: another claude-otel-tui does, we read its database. */
  mode: 'receiving' | 'viewer';
  endpoint: string | null;
  dbPath: string;
  /** The shell lines that point Claude Code here (`setup`), for the empty state. */
  setupLines: readonly string[];
}

const tabs: { view: View; key: string; label: string }[] = [
  { view: 'dashboard', key: '1', label: 'Dashboard' },
  { view: 'sessions', key: '2', label: 'Sessions' },
  { view: 'session', key: '3', label: 'Session' },
];

export interface HeaderProps {
  view: View;
  range: RangeKey;
  status: HeaderStatus;
  width: number;
  /** Today's spend against the daily budget; null without one. */
  daily?: { spendUsd: number; budgetUsd: number } | null;
}

const levelRole = { ok: 'muted', warn: 'warn', over: 'bad' } as const satisfies Record<string, Role>;

export function Header({ view, range, status, width, daily = null }: HeaderProps) {
  const where = status.mode === 'receiving' ? `receiving on ${status.endpoint ?? '?'}` : `viewer: ${status.endpoint ?? 'another process'} receives`;
  const level = daily === null ? 'ok' : budgetLevel(daily.spendUsd, daily.budgetUsd);
  const budget = daily === null ? '' : `today ${formatUsd(daily.spendUsd)}/${formatUsd(daily.budgetUsd)} ${Math.round(budgetPct(daily.spendUsd, daily.budgetUsd) ?? 0)}%${budgetMarker(level)}  `;
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
        <Text color={color('muted')}>{fit(`${status.mode === 'receiving' ? '●' : '○'} ${where}  db ${status.dbPath}`, Math.max(0, width - [...budget].length))}</Text>
      </Box>
    </Box>
  );
}
