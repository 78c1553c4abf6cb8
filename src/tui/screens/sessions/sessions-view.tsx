import { Box, Text } from 'ink';
import type { ProjectGroup } from '../../../store/read/projects.js';
import type { SessionRow, SessionSortKey } from '../../../store/read/types.js';
import { formatCount, formatDuration, formatShortTime, formatUsd } from '../../../present/format.js';
import { fit, padEnd, padStart, plainText } from '../../../present/sanitize.js';
import { budgetLevel, budgetMarker } from '../../../present/budget.js';
import { color } from '../../theme.js';
import type { SessionsState } from './sessions-state.js';

export interface SessionsViewProps {
  /** The rows in view from `firstIndex` on; grouped, all the groups' rows, in their order. */
  rows: readonly SessionRow[];
  /** Grouped by project (`p`): `rows` are these groups' rows, in this order. */
  groups: readonly ProjectGroup[] | null;
  firstIndex: number;
  /** Sessions in the list, and how many of them are flagged. */
  total: number;
  flagged: number;
  state: SessionsState;
  /** Sessions with an event in the last few minutes (a dot before the row). */
  liveIds: ReadonlySet<string>;
  sessionBudgetUsd?: number | undefined;
  /** Sessions from other machines are in the store (sync): a Machine column. */
  showsMachine?: boolean;
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

/** Every column fits from here: the marker, 8 fixed columns (61), 9 gaps, and 12 for Project and Model. */
const allColumnsFrom = 2 + 61 + 9 + 12;

/**
 * Fixed columns first; Machine, Project, User and Model share what is left (User goes first when
 * narrow; then Duration, and with a Machine column Agents too).
 */
function columns(width: number, sessionBudgetUsd: number | undefined, showsMachine: boolean): Column[] {
  const all: Column[] = [
    { header: 'Start Time', sort: 'startTime', width: 11, align: 'left', cell: (r) => formatShortTime(r.startTime) },
    { header: 'Prompts', sort: 'prompts', width: 7, align: 'right', cell: (r) => formatCount(r.prompts) },
    { header: 'Agents', sort: 'agents', width: 6, align: 'right', cell: (r) => formatCount(r.agents) },
    { header: 'Duration', sort: 'durationMs', width: 8, align: 'right', cell: (r) => formatDuration(r.durationMs) },
    {
      header: 'Cost',
      sort: 'costUsd',
      width: 9,
      align: 'right',
      cell: (r) => `${formatUsd(r.costUsd)}${budgetMarker(budgetLevel(r.costUsd, sessionBudgetUsd))}`,
    },
    { header: 'Tools', sort: 'toolCalls', width: 5, align: 'right', cell: (r) => formatCount(r.toolCalls) },
    { header: 'Tokens', sort: 'tokens', width: 9, align: 'right', cell: (r) => formatCount(r.tokens.total) },
    { header: 'Errors', sort: 'errors', width: 6, align: 'right', cell: (r) => formatCount(r.errors) },
  ];
  // Below 100 columns a Machine column takes the room of Duration and Agents. Without one, Duration
  // gives way below `allColumnsFrom`: else the row is cut at the edge and Errors is lost (80×24).
  const givesWay: readonly (SessionSortKey | null)[] = showsMachine && width < 100 ? ['durationMs', 'agents'] : width < allColumnsFrom ? ['durationMs'] : [];
  const fixed = all.filter((c) => !givesWay.includes(c.sort));
  const hasUser = width >= 110;
  const flexible = (hasUser ? 3 : 2) + (showsMachine ? 1 : 0);
  const gaps = fixed.length + flexible - 1;
  const free = Math.max(12, width - 2 - gaps - fixed.reduce((n, c) => n + c.width, 0));
  const machineWidth = showsMachine ? Math.max(5, Math.min(12, Math.floor(free * 0.35))) : 0;
  const rest = free - machineWidth;
  const projectWidth = Math.max(5, Math.floor(rest * (hasUser ? 0.3 : 0.5)));
  const userWidth = hasUser ? Math.max(5, Math.floor(rest * 0.3)) : 0;
  const modelWidth = Math.max(5, rest - projectWidth - userWidth);
  const project: Column = { header: 'Project', sort: 'project', width: projectWidth, align: 'left', cell: (r) => plainText(r.project ?? '—') };
  const user: Column = { header: 'User', sort: 'user', width: userWidth, align: 'left', cell: (r) => plainText(r.user ?? '—') };
  // "claude-" is on every model: when the name does not fit, the column keeps what tells them apart.
  const modelCell = (r: SessionRow) => {
    const name = plainText(r.model ?? '—');
    return [...name].length <= modelWidth ? name : name.replace(/^claude-/, '');
  };
  const model: Column = { header: 'Model', sort: 'model', width: modelWidth, align: 'left', cell: modelCell };
  const machine: Column = { header: 'Machine', sort: null, width: machineWidth, align: 'left', cell: (r) => plainText(r.machine ?? '—') };
  return [fixed[0]!, ...(showsMachine ? [machine] : []), project, ...(hasUser ? [user] : []), model, ...fixed.slice(1)];
}

/** A project heading in the grouped table: its sessions, cost and flags. */
function groupHeading(g: ProjectGroup): string {
  const unpriced = g.unpricedSessions > 0 ? ` (+${g.unpricedSessions} unpriced)` : '';
  const flagged = g.flaggedSessions > 0 ? ` · ${g.flaggedSessions} flagged` : '';
  return `▾ ${plainText(g.project ?? '(no project)')} · ${g.sessions} session${g.sessions === 1 ? '' : 's'} · ${formatUsd(g.costUsd)}${unpriced}${flagged}`;
}

type Line = { kind: 'group'; group: ProjectGroup } | { kind: 'row'; row: SessionRow; index: number };

function tableLines(rows: readonly SessionRow[], groups: readonly ProjectGroup[] | null, firstIndex: number): Line[] {
  if (groups === null) return rows.map((row, i) => ({ kind: 'row', row, index: firstIndex + i }));
  const lines: Line[] = [];
  let index = 0;
  for (const group of groups) {
    lines.push({ kind: 'group', group });
    for (const row of group.rows) lines.push({ kind: 'row', row, index: index++ });
  }
  return lines;
}

function line(cols: readonly Column[], cells: readonly string[]): string {
  return cols.map((c, i) => (c.align === 'right' ? padStart(cells[i] ?? '', c.width) : padEnd(cells[i] ?? '', c.width))).join(' ');
}

const levelColor = { ok: undefined, warn: () => color('warn'), over: () => color('bad') } as const;

function filterLineOf(state: SessionsState): string {
  return state.isEditingFilter ? `/${state.draft}█` : state.filter !== '' ? `filter: ${state.filter} (esc clears)` : '';
}

/** Table rows the view has room for (the screen reads just that many). */
export function sessionsBodyHeight(height: number, state: SessionsState): number {
  return Math.max(1, height - 2 - (filterLineOf(state) === '' ? 0 : 1));
}

/** The first line in view: the selection kept inside the window, near its middle. */
export function windowTop(selectedLine: number, lineCount: number, bodyHeight: number): number {
  return Math.max(0, Math.min(selectedLine - Math.floor(bodyHeight / 2), lineCount - bodyHeight));
}

export function SessionsView({
  rows,
  groups,
  firstIndex,
  total,
  flagged,
  state,
  liveIds,
  sessionBudgetUsd,
  showsMachine = false,
  width,
  height,
}: SessionsViewProps) {
  const cols = columns(width, sessionBudgetUsd, showsMachine);
  const header = line(
    cols,
    cols.map((c) => (c.sort === state.sort ? `${c.header}▼` : c.header)),
  );
  const filterLine = filterLineOf(state);
  const bodyHeight = sessionsBodyHeight(height, state);
  const lines = tableLines(rows, groups, firstIndex);
  // Ungrouped, the rows are already the window; grouped, the headings take lines too.
  const selectedLine = Math.max(
    0,
    lines.findIndex((l) => l.kind === 'row' && l.index === state.selected),
  );
  const top = groups === null ? 0 : windowTop(selectedLine, lines.length, bodyHeight);
  const visible = lines.slice(top, top + bodyHeight);
  const status = `${total} session${total === 1 ? '' : 's'} · sorted by ${state.sort}${groups === null ? '' : ' · by project'}${flagged > 0 ? ` · ${flagged} flagged (!): enter shows why` : ''}`;
  return (
    <Box flexDirection="column" width={width} height={height}>
      {filterLine !== '' && <Text color={color('accent')}>{fit(plainText(filterLine), width)}</Text>}
      <Text bold>{fit(`  ${header}`, width)}</Text>
      {total === 0 && (
        <Text color={color('muted')}>
          {state.filter === '' ? 'no sessions in this range (r changes it)' : `no session matches "${plainText(state.filter)}"`}
        </Text>
      )}
      {visible.map((l) => {
        if (l.kind === 'group') {
          return (
            <Text key={`group:${l.group.project ?? ''}`} color={color('accent')} bold>
              {fit(groupHeading(l.group), width)}
            </Text>
          );
        }
        const r = l.row;
        const isSelected = l.index === state.selected;
        const isLive = liveIds.has(r.sessionId);
        const isFlagged = r.integrity.status === 'flagged';
        return (
          <Box key={r.sessionId}>
            <Text color={color('live')}>{isLive ? '●' : ' '}</Text>
            <Text color={color('bad')} bold>
              {isFlagged ? '!' : ' '}
            </Text>
            <Text inverse={isSelected} color={levelColor[budgetLevel(r.costUsd, sessionBudgetUsd)]?.()}>
              {fit(
                line(
                  cols,
                  cols.map((c) => c.cell(r)),
                ),
                width - 2,
              )}
            </Text>
          </Box>
        );
      })}
      <Text color={color('muted')}>{fit(status, width)}</Text>
    </Box>
  );
}
