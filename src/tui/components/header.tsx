import { Box, Text } from 'ink';
import type { ForwardTotals } from '../../store/read/forward-status.js';
import { fit, plainText } from '../plain-text.js';
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

export function Header({ view, range, status, forward, width }: { view: View; range: RangeKey; status: HeaderStatus; forward: ForwardTotals; width: number }) {
  const where = status.mode === 'receiving' ? `receiving on ${status.endpoint ?? '?'}` : `viewer: ${status.endpoint ?? 'another process'} receives`;
  const fwd = forwardText(status, forward);
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
      <Text color={color('muted')}>{fit(`${status.mode === 'receiving' ? '●' : '○'} ${where}${fwd === null ? '' : `  ${fwd}`}  db ${status.dbPath}`, width)}</Text>
    </Box>
  );
}
