import { Box, Text } from 'ink';
import { fit } from '../plain-text.js';
import type { RangeKey } from '../range.js';
import { color } from '../theme.js';

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

export function Header({ view, range, status, width }: { view: View; range: RangeKey; status: HeaderStatus; width: number }) {
  const where = status.mode === 'receiving' ? `receiving on ${status.endpoint ?? '?'}` : `viewer: ${status.endpoint ?? 'another process'} receives`;
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
      <Text color={color('muted')}>{fit(`${status.mode === 'receiving' ? '●' : '○'} ${where}  db ${status.dbPath}`, width)}</Text>
    </Box>
  );
}
