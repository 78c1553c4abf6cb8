import type { PlanUsage, PlanWindow } from '../../../store/read/plan-usage.js';
import type { Spend } from '../../../store/read/spend.js';
import type { ProjectCost } from '../../../store/read/projects.js';
import type { UntrackedUsage } from '../../../store/read/transcript-coverage.js';
import type { BranchCost } from '../../../store/read/branches.js';
import type { CommitCosts } from '../../../store/read/commits.js';
import type { Summary } from '../../../store/read/types.js';
import { budgetLevel, budgetMarker } from '../../../present/budget.js';
import { lineWidth, type StyledLine } from '../../components/styled-line.js';
import { tileRow } from '../../components/tile-row.js';
import { formatCount, formatPercent, formatShortTime, formatUsd } from '../../../present/format.js';
import { color } from '../../theme.js';
import { commitTiles } from './commit-figures.js';

// The top of the dashboard: the reference's five headline tiles, then what it lacks (burn rate,
// the session in progress, cache hit ratio, cost split) as one line, or two when narrow.

/** Figures beside the range's: today's projection, plan use, transcript-only usage (null until read). */
export interface DayFigures {
  spend: Spend | null;
  plan: PlanUsage | null;
  untracked?: UntrackedUsage | null;
  /** Sessions' cost by project, for the panel that shows it when any session has a project. */
  projects?: readonly ProjectCost[] | null;
  /** The range's commits (the Cost / Commit tile) and cost by branch (its panel). */
  commitCosts?: CommitCosts | null;
  branches?: readonly BranchCost[] | null;
}

export function headlineLines(s: Summary, width: number, day: DayFigures = { spend: null, plan: null }): StyledLine[] {
  return [
    ...tileRow(
      [
        {
          label: 'Total Cost',
          value: formatUsd(s.costUsd),
          valueColor: color('accent'),
          // The total leaves these out: say so rather than pass it off as complete.
          note: s.unpricedRequests > 0 ? `+${formatCount(s.unpricedRequests)} unpriced` : '',
          noteColor: color('warn'),
        },
        {
          label: 'Total Tokens',
          value: formatCount(s.tokens.total),
          detail: `in ${formatCount(s.tokens.input)} · out ${formatCount(s.tokens.output)}`,
          note: `cache read ${formatCount(s.tokens.cacheRead)} · write ${formatCount(s.tokens.cacheCreation)}`,
        },
        { label: 'Sessions', value: formatCount(s.sessions) },
        { label: 'Commits', value: formatCount(s.commits) },
        { label: 'Pull Requests', value: formatCount(s.pullRequests) },
        ...commitTiles(day.commitCosts),
      ],
      width,
    ),
    ...packed([...extras(s), ...dayItems(day)], width),
  ];
}

function extras(s: Summary): StyledLine[] {
  const muted = color('muted');
  const figure = (text: string) => ({ text, isBold: true });
  const live = s.currentSession;
  return [
    [{ text: 'burn ', color: muted }, figure(`${formatUsd(s.burnRateUsdPerHour)}/h`), { text: ' last 15 min', color: muted }],
    live === null
      ? [{ text: 'no session in progress', color: muted }]
      : [
          { text: 'this session ', color: muted },
          figure(live.usdPerHour === null ? 'unpriced' : `${formatUsd(live.usdPerHour)}/h`),
          { text: live.costUsd === null ? '' : ` (${formatUsd(live.costUsd)} so far)`, color: muted },
        ],
    [{ text: 'cache hit ', color: muted }, figure(formatPercent(s.cacheHitRatio))],
    [
      { text: 'cost main ', color: muted },
      figure(formatUsd(s.costSplit.main)),
      { text: ' · subagent ', color: muted },
      figure(formatUsd(s.costSplit.subagent)),
      { text: ' · auxiliary ', color: muted },
      figure(formatUsd(s.costSplit.auxiliary)),
    ],
  ];
}

function dayItems({ spend, plan, untracked = null }: DayFigures): StyledLine[] {
  const muted = color('muted');
  const items: StyledLine[] = [];
  if (untracked !== null && untracked.sessions > 0) {
    // Sessions whose telemetry never arrived: an estimate from transcripts, kept out of the totals.
    const estimate = untracked.estimatedCostUsd === null ? '' : ` ≈${formatUsd(untracked.estimatedCostUsd)}`;
    items.push([
      { text: '! ', color: color('warn'), isBold: true },
      { text: 'transcripts only ', color: muted },
      { text: `${untracked.sessions} session${untracked.sessions === 1 ? '' : 's'}${estimate}`, isBold: true, color: color('warn') },
      { text: ' not in totals', color: muted },
    ]);
  }
  if (spend !== null) {
    items.push([
      { text: 'today ', color: muted },
      { text: formatUsd(spend.todayUsd), isBold: true },
      { text: ' · projected ', color: muted },
      { text: formatUsd(spend.projectedDayUsd), isBold: true },
      { text: ' by midnight', color: muted },
    ]);
  }
  const windows: [string, PlanWindow][] = [];
  if (plan?.fiveHour) windows.push(['5h', plan.fiveHour]);
  if (plan?.sevenDay) windows.push(['7d', plan.sevenDay]);
  if (windows.length > 0) {
    items.push([
      { text: 'plan ', color: muted },
      ...windows.flatMap(([label, w], i) => {
        const level = budgetLevel(w.usedPct, 100);
        return [
          { text: `${i === 0 ? '' : ' · '}${label} `, color: muted },
          {
            text: `${Math.round(w.usedPct)}%${budgetMarker(level)}`,
            isBold: true,
            color: level === 'over' ? color('bad') : level === 'warn' ? color('warn') : undefined,
          },
          { text: w.resetsAtMs === null ? '' : ` (resets ${formatShortTime(new Date(w.resetsAtMs).toISOString())})`, color: muted },
        ];
      }),
    ]);
  }
  return items;
}

const separator = '   ';

/** Items side by side while they fit, then on the next line; an item wider than a line is cut later. */
function packed(items: readonly StyledLine[], width: number): StyledLine[] {
  const lines: StyledLine[] = [];
  let current: StyledLine = [];
  for (const item of items) {
    if (current.length > 0 && lineWidth(current) + separator.length + lineWidth(item) <= width) current = [...current, { text: separator }, ...item];
    else {
      if (current.length > 0) lines.push(current);
      current = item;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines;
}
