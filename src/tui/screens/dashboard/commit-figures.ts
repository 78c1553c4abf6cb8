import type { BranchCost } from '../../../store/read/branches.js';
import type { CommitCosts } from '../../../store/read/commits.js';
import { formatCount, formatUsd } from '../../../present/format.js';
import { padEnd, padStart, plainText } from '../../../present/sanitize.js';
import type { StyledLine } from '../../components/styled-line.js';
import { textLength } from '../../components/styled-line.js';
import type { Tile } from '../../components/tile-row.js';
import { color } from '../../theme.js';
import type { Panel } from './dashboard-panels.js';

// What a change cost: the "Cost / Commit" tile (the range's commits: median and total) and the
// "Cost by Branch" panel (whole sessions split at their commits; what no commit took is "not
// committed"). Both only once there is something to show, so a dashboard without commits keeps its shape.

export function commitTiles(costs: CommitCosts | null | undefined): Tile[] {
  if (costs === null || costs === undefined || costs.commits === 0) return [];
  const unpriced = costs.unpricedCommits > 0 ? ` · ${formatCount(costs.unpricedCommits)} unpriced` : '';
  return [
    {
      label: 'Cost / Commit',
      value: costs.medianUsd === null ? 'unpriced' : formatUsd(costs.medianUsd),
      detail: 'median',
      note: `total ${formatUsd(costs.totalUsd)}${unpriced}`,
      ...(unpriced === '' ? {} : { noteColor: color('warn') }),
    },
  ];
}

/** Detached HEAD is what a transcript says outside any branch: not a branch to show a panel for. */
const isNamedBranch = (b: BranchCost) => b.branch !== null && b.branch !== 'HEAD';

export function branchPanels(branches: readonly BranchCost[] | null | undefined, width: number): Panel[] {
  if (branches === null || branches === undefined || !branches.some(isNamedBranch)) return [];
  const committed = branches.reduce((n, b) => n + b.committedUsd, 0);
  const notCommitted = branches.reduce((n, b) => n + b.notCommittedUsd, 0);
  const unpriced = branches.reduce((n, b) => n + b.unpricedParts, 0);
  return [
    {
      title: 'Cost by Branch',
      legend: [
        { text: '█ ', color: color('accent') },
        { text: 'committed ' },
        { text: formatUsd(committed), isBold: true },
        { text: '   ░ ', color: color('muted') },
        { text: 'not committed ' },
        { text: formatUsd(notCommitted), isBold: true },
        { text: unpriced > 0 ? `   ${formatCount(unpriced)} unpriced left out` : '', color: color('warn') },
      ],
      bars: twoToneBars(branches.slice(0, 6), width),
    },
  ];
}

/** "feature/x  ████░░  $0.03": committed cost solid, not committed shaded, on one scale. */
function twoToneBars(branches: readonly BranchCost[], width: number): StyledLine[] {
  const names = branches.map((b) => plainText(b.branch ?? '(no branch)'));
  const figures = branches.map((b) => formatUsd(b.costUsd));
  const nameWidth = Math.min(Math.max(...names.map(textLength)), Math.max(4, Math.floor(width * 0.4)));
  const figureWidth = Math.max(...figures.map(textLength));
  const barWidth = Math.max(2, width - nameWidth - figureWidth - 2);
  const max = Math.max(...branches.map((b) => b.costUsd));
  const cells = (usd: number) => (max > 0 ? Math.max(usd > 0 ? 1 : 0, Math.round((usd / max) * barWidth)) : 0);
  return branches.map((b, i) => {
    const solid = Math.min(barWidth, cells(b.committedUsd));
    const shaded = Math.min(barWidth - solid, cells(b.notCommittedUsd));
    return [
      { text: `${padEnd(names[i] ?? '', nameWidth)} ` },
      { text: '█'.repeat(solid), color: color('accent') },
      { text: '░'.repeat(shaded), color: color('muted') },
      { text: ' '.repeat(barWidth - solid - shaded) },
      { text: ` ${padStart(figures[i] ?? '', figureWidth)}`, isBold: true },
    ];
  });
}
