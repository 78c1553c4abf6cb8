import { describe, expect, it } from 'vitest';
import { busySummary, emptySummary } from '../../../../test/helpers/summary.js';
import type { StyledLine } from '../../components/styled-line.js';
import { headlineLines, type DayFigures } from './dashboard-tiles.js';

const text = (line: StyledLine) =>
  line
    .map((s) => s.text)
    .join('')
    .trimEnd();
const spend = { todayUsd: 0.18, burnRateUsdPerHour: 0.73, projectedDayUsd: 6.97, hoursLeft: 9.3, sessionUsd: null };

describe('headline tiles', () => {
  it("show the reference's five tiles, then burn rate, the session in progress, cache hit and cost split", () => {
    const s = {
      ...busySummary,
      burnRateUsdPerHour: 0.73,
      cacheHitRatio: 0.804,
      costSplit: { main: 0.13, subagent: 0, auxiliary: 0.05 },
      currentSession: { sessionId: 's', costUsd: 0.04, usdPerHour: 2.29 },
    };
    expect(headlineLines(s, 120).map(text)).toEqual([
      'Total Cost           Total Tokens                            Sessions           Commits           Pull Requests',
      '$1.25                25,200  in 24,000 · out 1,200           3                  0                 0',
      '                     cache read 9,000 · write 300',
      'burn $0.73/h last 15 min   this session $2.29/h ($0.04 so far)   cache hit 80.4%',
      'cost main $0.13 · subagent $0.00 · auxiliary $0.05',
    ]);
  });

  it('say what the total leaves out, and that no session is in progress', () => {
    const lines = headlineLines({ ...emptySummary, unpricedRequests: 1 }, 120).map(text);
    expect(lines[2]).toMatch(/^\+1 unpriced/);
    expect(lines[3]).toMatch(/^burn \$0\.00\/h last 15 min {3}no session in progress {3}cache hit — {3}cost main/);
  });

  it("say a session in progress with unpriced requests costs 'unpriced', not $0", () => {
    const lines = headlineLines({ ...emptySummary, currentSession: { sessionId: 's', costUsd: null, usdPerHour: null } }, 120).map(text);
    expect(lines[3]).toContain('this session unpriced   cache hit');
  });

  it("add today's projection, plan use with its reset, and transcript-only sessions kept out of the totals", () => {
    const day: DayFigures = {
      spend,
      plan: {
        timeMs: 0,
        sessionId: 's',
        fiveHour: { usedPct: 82.4, resetsAtMs: Date.parse('2026-11-25T17:00:00Z') },
        sevenDay: { usedPct: 101, resetsAtMs: null },
      },
      untracked: { sessions: 2, requests: 5, estimatedCostUsd: 0.5, tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 } },
    };
    const extras = headlineLines(emptySummary, 200, day).slice(3).map(text).join('\n');
    expect(extras).toContain('! transcripts only 2 sessions ≈$0.50 not in totals');
    expect(extras).toContain('today $0.18 · projected $6.97 by midnight');
    expect(extras).toMatch(/plan 5h 82%\S* \(resets 11-25 17:00\) · 7d 101%\S*$/m);
  });

  it('pack the extras into as few lines as the width allows, never splitting one', () => {
    const s = { ...emptySummary, currentSession: { sessionId: 's', costUsd: 0.04, usdPerHour: 2.29 } };
    expect(headlineLines(s, 200, { spend, plan: null }).slice(3).map(text)).toHaveLength(1);
    const first = 'burn $0.00/h last 15 min   this session $2.29/h ($0.04 so far)   cache hit —';
    // Exactly as wide as the first line's three items with their separators: they stay together.
    expect(
      headlineLines(s, [...first].length)
        .slice(3)
        .map(text)[0],
    ).toBe(first);
    expect(
      headlineLines(s, [...first].length - 1)
        .slice(3)
        .map(text)[0],
    ).toBe('burn $0.00/h last 15 min   this session $2.29/h ($0.04 so far)');
    const narrow = headlineLines(s, 80, { spend, plan: null }).slice(3).map(text);
    expect(narrow).toEqual([
      'burn $0.00/h last 15 min   this session $2.29/h ($0.04 so far)   cache hit —',
      'cost main $0.00 · subagent $0.00 · auxiliary $0.00',
      'today $0.18 · projected $6.97 by midnight',
    ]);
  });

  it('add a Cost / Commit tile once the range has commits', () => {
    const lines = headlineLines(emptySummary, 120, {
      spend: null,
      plan: null,
      commitCosts: { commits: 3, totalUsd: 0.3, medianUsd: 0.08, unpricedCommits: 1 },
    }).map(text);
    expect(lines[0]).toMatch(/Pull Requests\s+Cost \/ Commit$/);
    expect(lines[1]).toMatch(/\$0\.08 {2}median$/);
    expect(lines[2]).toMatch(/total \$0\.30 · 1 unpriced$/);
  });
});
