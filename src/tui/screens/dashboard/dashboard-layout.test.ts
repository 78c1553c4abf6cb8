import { describe, expect, it } from 'vitest';
import { busySummary as busy, emptySummary } from '../../../../test/helpers/summary.js';
import type { Summary } from '../../../store/read/types.js';
import { lineWidth, type StyledLine } from '../../components/styled-line.js';
import { dashboardLayout, hasData, twoColumnsFrom } from './dashboard-layout.js';

const text = (line: StyledLine) => line.map((s) => s.text).join('');
const texts = (lines: readonly StyledLine[]) => lines.map(text);
/** The lines from a panel's title to the line before the next one's (or the end). */
const panelSpan = (lines: string[], title: string, nextTitle: string) =>
  lines.findIndex((l) => l.startsWith(nextTitle)) - lines.findIndex((l) => l.startsWith(title));

describe('hasData', () => {
  it('is false for a range with nothing recorded', () => {
    expect(hasData(emptySummary)).toBe(false);
  });

  it.each<[string, Partial<Summary>]>([
    ['a session', { sessions: 1 }],
    ['a commit', { commits: 1 }],
    ['a pull request', { pullRequests: 1 }],
    ['an unpriced request alone', { unpricedRequests: 1 }],
    ['a cost alone', { costUsd: 0.01 }],
    ['cache reads alone', { tokens: { ...emptySummary.tokens, cacheRead: 5 } }],
    ['active time alone', { activeTime: { userSeconds: 0, cliSeconds: 3 } }],
    ['removed lines alone', { lines: { added: 0, removed: 2 } }],
    ['a rejected decision alone', { decisions: { accept: 0, reject: 1 } }],
    ['a tool call alone', { toolCalls: { total: 1, byTool: [] } }],
    ['an API request alone', { apiRequests: { total: 1, byModel: [] } }],
  ])('is true with %s', (_name, figures) => {
    expect(hasData({ ...emptySummary, ...figures })).toBe(true);
  });
});

describe('dashboard layout', () => {
  it.each([
    [80, 24],
    [100, 30],
    [109, 24],
    [110, 24],
    [120, 40],
    [200, 60],
  ])('fills %i×%i exactly: that many lines, none wider (nothing left for the view to cut)', (width, height) => {
    const { lines } = dashboardLayout(busy, width, height, 0);
    expect(lines).toHaveLength(height);
    expect(Math.max(...lines.map(lineWidth))).toBeLessThanOrEqual(width);
  });

  it(`puts panels in pairs from ${twoColumnsFrom} columns, one column below`, () => {
    const two = texts(dashboardLayout(busy, twoColumnsFrom, 80, 0).lines);
    const one = texts(dashboardLayout(busy, twoColumnsFrom - 1, 80, 0).lines);
    expect(two.some((l) => /^Token Usage ─+ {2}Cost Over Time ─+$/.test(l))).toBe(true);
    expect(two.some((l) => /^API Requests ─+ {2}Decisions ─+$/.test(l))).toBe(true);
    expect(one.some((l) => l.startsWith('Token Usage') && l.includes('Cost Over Time'))).toBe(false);
    expect(one.some((l) => /^Cost Over Time ─+$/.test(l))).toBe(true);
  });

  it('lines both columns up: the right one starts at the same column on every line', () => {
    const lines = texts(dashboardLayout(busy, 120, 80, 0).lines);
    const rightStart = (l: string) => [...l].join('').indexOf('Cost Over Time');
    expect(rightStart(lines.find((l) => l.includes('Cost Over Time'))!)).toBe(Math.floor((120 - 2) / 2) + 2);
  });

  it('grows the charts to the height when everything fits, and scrolls nothing', () => {
    const short = dashboardLayout(busy, 120, 40, 0);
    const tall = dashboardLayout(busy, 120, 90, 0);
    expect(short.maxScroll).toBe(0);
    expect(tall.maxScroll).toBe(0);
    const chartSpan = (lines: readonly StyledLine[]) => panelSpan(texts(lines), 'Token Usage', 'Active Time');
    expect(chartSpan(tall.lines)).toBeGreaterThan(chartSpan(short.lines));
    // At 40 lines the charts shrink to 6 rows so that every panel fits.
    expect(chartSpan(short.lines)).toBe(2 + 6 + 1 + 1);
    // 10 chart rows at most: a title, a legend, the rows, the axis and a blank line.
    expect(chartSpan(tall.lines)).toBe(2 + 10 + 1 + 1);
    expect(texts(tall.lines).some((l) => /more below|above \(k\)/.test(l))).toBe(false);
  });

  it('at 80×24 keeps charts readable and says what is below; j scrolls a panel at a time', () => {
    const top = dashboardLayout(busy, 80, 24, 0);
    const topText = texts(top.lines);
    expect(top.maxScroll).toBeGreaterThan(0);
    expect(topText.at(-1)).toMatch(/^↓ \d+ more below \(j\)$/);
    expect(topText.some((l) => l.startsWith('Token Usage'))).toBe(true);
    const next = texts(dashboardLayout(busy, 80, 24, 1).lines);
    expect(next.some((l) => l.startsWith('Token Usage'))).toBe(false);
    expect(next.find((l) => /^─|^Cost Over Time/.test(l))).toMatch(/^Cost Over Time/);
    expect(next.at(-1)).toMatch(/^↑ 1 above \(k\) {2}↓ \d+ more below \(j\)$/);
  });

  it('scrolls no further than the last panel in view, and says nothing is below there', () => {
    const { maxScroll } = dashboardLayout(busy, 80, 24, 0);
    const last = texts(dashboardLayout(busy, 80, 24, maxScroll).lines);
    expect(texts(dashboardLayout(busy, 80, 24, maxScroll + 5).lines)).toEqual(last);
    expect(last.at(-1)).toBe(`↑ ${maxScroll} above (k)`);
    expect(last.some((l) => l.startsWith('Decisions'))).toBe(true);
    // One step less and the last panel is not all there any more.
    expect(texts(dashboardLayout(busy, 80, 24, maxScroll - 1).lines).at(-1)).toMatch(/↓ 1 more below \(j\)$/);
  });

  it.each(Array.from({ length: 26 }, (_, i) => 14 + i))('at 80×%i the largest scroll is the first with nothing below', (height) => {
    const { maxScroll } = dashboardLayout(busy, 80, height, 0);
    expect(texts(dashboardLayout(busy, 80, height, maxScroll).lines).at(-1)).not.toContain('more below');
    expect(texts(dashboardLayout(busy, 80, height, maxScroll - 1).lines).at(-1)).toContain('more below');
  });

  it('starts with the headline tiles and a blank line before the panels', () => {
    const lines = texts(dashboardLayout(busy, 120, 40, 0).lines);
    expect(lines[0]).toMatch(/^Total Cost\s+Total Tokens\s+Sessions\s+Commits\s+Pull Requests/);
    const firstPanel = lines.findIndex((l) => l.startsWith('Token Usage'));
    expect(lines[firstPanel - 1]?.trim()).toBe('');
  });
});
