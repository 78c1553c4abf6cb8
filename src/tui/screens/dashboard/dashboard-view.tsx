import type { Summary } from '../../../store/read/types.js';
import type { HeaderStatus } from '../../components/header.js';
import { StyledLines, type StyledLine } from '../../components/styled-line.js';
import { formatCount, formatUsd } from '../../../present/format.js';
import { plainText } from '../../../present/sanitize.js';
import { color } from '../../theme.js';
import { dashboardLayout, hasData } from './dashboard-layout.js';
import { headlineLines, type DayFigures } from './dashboard-tiles.js';
import type { DashboardState } from './dashboard-state.js';

export interface DashboardViewProps {
  /** The figures of the selected range. */
  summary: Summary;
  /** All-time figures, read only when the range is empty (to tell "empty range" from "empty database"). */
  allTime: Summary | null;
  /** Today's spend and projection, and plan use when the status line reported it. */
  day: DayFigures;
  status: HeaderStatus;
  state: DashboardState;
  /** The tiles only, and a line where the panels will be (the app's first frame). */
  isTilesOnly?: boolean;
  width: number;
  height: number;
}

export function DashboardView({ summary, allTime, day, status, state, isTilesOnly = false, width, height }: DashboardViewProps) {
  const lines = hasData(summary)
    ? isTilesOnly
      ? [...headlineLines(summary, width, day), [], [{ text: '…', color: color('muted') }]]
      : dashboardLayout(summary, width, height, state.scroll, day).lines
    : allTime !== null && hasData(allTime)
      ? emptyRangeLines(summary, allTime, width)
      : setupLines(status);
  return <StyledLines lines={lines.slice(0, height)} width={width} />;
}

function emptyRangeLines(summary: Summary, allTime: Summary, width: number): StyledLine[] {
  // The tiles stay (all zero) so the screen keeps its shape; the panels give way to the hint.
  return [
    ...headlineLines(summary, width),
    [],
    [{ text: 'nothing in this range (r changes it)', isBold: true }],
    [
      {
        text: `all time: ${formatUsd(allTime.costUsd)} · ${formatCount(allTime.sessions)} session${allTime.sessions === 1 ? '' : 's'} · ${formatCount(allTime.tokens.total)} tokens`,
        color: color('muted'),
      },
    ],
  ];
}

function setupLines(status: HeaderStatus): StyledLine[] {
  const muted = color('muted');
  const where =
    status.mode === 'receiving'
      ? [{ text: '● ', color: color('live') }, { text: `listening on ${plainText(status.endpoint ?? '?')}` }]
      : [{ text: '○ ', color: muted }, { text: `another claude-otel-tui listens on ${plainText(status.endpoint ?? '?')}; this one reads its database` }];
  return [
    [{ text: 'No telemetry yet. Point Claude Code here:', isBold: true }],
    [{ text: 'run these in the shell you start claude from, then use Claude Code as usual', color: muted }],
    [],
    ...status.setupLines.map((l): StyledLine => [{ text: plainText(l), color: color('accent') }]),
    [],
    where,
    [{ text: 'The dashboard fills in as soon as the first export arrives.', color: muted }],
  ];
}
