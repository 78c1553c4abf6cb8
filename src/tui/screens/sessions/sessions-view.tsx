import { Box, Text } from 'ink';
import type { SessionRow, SessionSortKey } from '../../../store/read/types.js';
import { formatCount, formatDuration, formatShortTime, formatUsd } from '../../format.js';
import { fit, padEnd, padStart, plainText } from '../../plain-text.js';
import { budgetLevel, budgetMarker } from '../../budget.js';
import { color } from '../../theme.js';
import type { SessionsState } from './sessions-state.js';

export interface SessionsViewProps {
  rows: readonly SessionRow[];
  state: SessionsState;
  nowMs: number;
  liveWindowMs: number;
  sessionBudgetUsd?: number | undefined;
  width: number;
  height: number;
}

interface Column {
  header: string;
  sort: SessionSortKey | null;
  width: number;
  align: 'left' | 'right';
  cell: (r: SessionRow) => string;
}

/** Fixed columns first; User and Model share what is left. */
function columns(width: number, sessionBudgetUsd: number | undefined): Column[] {
  const fixed: Column[] = [
    { header: 'Start Time', sort: 'startTime', width: 11, align: 'left', cell: (r) => formatShortTime(r.startTime) },
    { header: 'Prompts', sort: 'prompts', width: 7, align: 'right', cell: (r) => formatCount(r.prompts) },
    { header: 'Duration', sort: 'durationMs', width: 8, align: 'right', cell: (r) => formatDuration(r.durationMs) },
    { header: 'Cost', sort: 'costUsd', width: 9, align: 'right', cell: (r) => `${formatUsd(r.costUsd)}${budgetMarker(budgetLevel(r.costUsd, sessionBudgetUsd))}` },
    { header: 'Tools', sort: 'toolCalls', width: 5, align: 'right', cell: (r) => formatCount(r.toolCalls) },
    { header: 'Tokens', sort: 'tokens', width: 9, align: 'right', cell: (r) => formatCount(r.tokens.total) },
    { header: 'Errors', sort: 'errors', width: 6, align: 'right', cell: (r) => formatCount(r.errors) },
  ];
  const gaps = fixed.length + 2;
  const rest = Math.max(10, width - 2 - gaps - fixed.reduce((n, c) => n + c.width, 0));
  const userWidth = Math.max(5, Math.floor(rest * 0.45));
  const modelWidth = Math.max(5, rest - userWidth);
  const user: Column = { header: 'User', sort: 'user', width: userWidth, align: 'left', cell: (r) => plainText(r.user ?? '—') };
  const model: Column = { header: 'Model', sort: 'model', width: modelWidth, align: 'left', cell: (r) => plainText(r.model ?? '—') };
  return [fixed[0]!, user, model, ...fixed.slice(1)];
}

function line(cols: readonly Column[], cells: readonly string[]): string {
  return cols.map((c, i) => (c.align === 'right' ? padStart(cells[i] ?? '', c.width) : padEnd(cells[i] ?? '', c.width))).join(' ');
}

const levelColor = { ok: undefined, warn: () => color('warn'), over: () => color('bad') } as const;

export function SessionsView({ rows, state, nowMs, liveWindowMs, sessionBudgetUsd, width, height }: SessionsViewProps) {
  const cols = columns(width, sessionBudgetUsd);
  const header = line(cols, cols.map((c) => (c.sort === state.sort ? `${c.header}▼` : c.header)));
  const filterLine = state.isEditingFilter ? `/${state.draft}█` : state.filter !== '' ? `filter: ${state.filter} (esc clears)` : '';
  const bodyHeight = Math.max(1, height - 2 - (filterLine === '' ? 0 : 1));
  // Keep the selection in view: scroll so it sits inside the window.
  const top = Math.max(0, Math.min(state.selected - Math.floor(bodyHeight / 2), rows.length - bodyHeight));
  const visible = rows.slice(top, top + bodyHeight);
  return (
    <Box flexDirection="column" width={width} height={height}>
      {filterLine !== '' && <Text color={color('accent')}>{fit(plainText(filterLine), width)}</Text>}
      <Text bold>{fit(`  ${header}`, width)}</Text>
      {rows.length === 0 && <Text color={color('muted')}>{state.filter === '' ? 'no sessions in this range (r changes it)' : `no session matches "${plainText(state.filter)}"`}</Text>}
      {visible.map((r, i) => {
        const index = top + i;
        const isSelected = index === state.selected;
        const isLive = nowMs - Date.parse(r.endTime) <= liveWindowMs;
        return (
          <Box key={r.sessionId}>
            <Text color={color('live')}>{isLive ? '● ' : '  '}</Text>
            <Text inverse={isSelected} color={levelColor[budgetLevel(r.costUsd, sessionBudgetUsd)]?.()}>
              {fit(line(cols, cols.map((c) => c.cell(r))), width - 2)}
            </Text>
          </Box>
        );
      })}
      <Text color={color('muted')}>{fit(`${rows.length} session${rows.length === 1 ? '' : 's'} · sorted by ${state.sort}`, width)}</Text>
    </Box>
  );
}
