import { describe, expect, it } from 'vitest';
import type { BranchCost } from '../../../store/read/branches.js';
import type { StyledLine } from '../../components/styled-line.js';
import { branchPanels, commitTiles } from './commit-figures.js';

const text = (line: StyledLine) => line.map((s) => s.text).join('');
const branch = (name: string | null, committedUsd: number, notCommittedUsd: number, more: Partial<BranchCost> = {}): BranchCost => ({
  branch: name,
  costUsd: committedUsd + notCommittedUsd,
  committedUsd,
  notCommittedUsd,
  commits: 1,
  sessions: 1,
  apiRequests: 1,
  tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 },
  unpricedParts: 0,
  ...more,
});

describe('commit tiles', () => {
  it('show nothing until the range has a commit', () => {
    expect(commitTiles(null)).toEqual([]);
    expect(commitTiles(undefined)).toEqual([]);
    expect(commitTiles({ commits: 0, totalUsd: 0, medianUsd: null, unpricedCommits: 0 })).toEqual([]);
  });

  it('show the median and the total, and say how many commits are unpriced', () => {
    expect(commitTiles({ commits: 2, totalUsd: 0.3, medianUsd: 0.15, unpricedCommits: 0 })).toEqual([
      { label: 'Cost / Commit', value: '$0.15', detail: 'median', note: 'total $0.30' },
    ]);
    expect(commitTiles({ commits: 1, totalUsd: 0, medianUsd: null, unpricedCommits: 1 })[0]).toMatchObject({
      value: 'unpriced',
      note: 'total $0.00 · 1 unpriced',
    });
  });
});

describe('branch panels', () => {
  it('show nothing without a named branch (none, or only a detached HEAD)', () => {
    expect(branchPanels(null, 60)).toEqual([]);
    expect(branchPanels([branch(null, 1, 0), branch('HEAD', 1, 0)], 60)).toEqual([]);
  });

  it('split each branch into committed (solid) and not committed (shaded) on one scale', () => {
    const [panel] = branchPanels([branch('main', 0.2, 0.2), branch('feature/x', 0, 0.1, { unpricedParts: 2 }), branch(null, 0.05, 0)], 40);
    expect(panel?.title).toBe('Cost by Branch');
    expect(text(panel!.legend)).toBe('█ committed $0.25   ░ not committed $0.30   2 unpriced left out');
    // 40 columns: a name of 11, a figure of 5 and 2 spaces leave 22 cells for $0.40.
    expect(panel!.bars?.map(text)).toEqual([
      `main        ${'█'.repeat(11)}${'░'.repeat(11)} $0.40`,
      `feature/x   ${'░'.repeat(6)}${' '.repeat(16)} $0.10`,
      `(no branch) ${'█'.repeat(3)}${' '.repeat(19)} $0.05`,
    ]);
  });

  it('never draws more cells than the bar has, when both parts round up', () => {
    // 30 cells: 7.5 solid and 22.5 shaded round to 8 and 23; the shaded part gives one back.
    const [panel] = branchPanels([branch('main', 0.125, 0.375)], 41);
    expect(panel!.bars?.map(text)).toEqual([`main ${'█'.repeat(8)}${'░'.repeat(22)} $0.50`]);
  });

  it('shows the first six branches (the read model gives them costliest first)', () => {
    const [panel] = branchPanels(
      Array.from({ length: 8 }, (_, i) => branch(`b${i}`, 1, 0)),
      40,
    );
    expect(panel!.bars).toHaveLength(6);
  });
});
