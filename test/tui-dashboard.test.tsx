import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { summary } from '../src/store/read/summary.js';
import { App } from '../src/tui/app.js';
import { formatCount, formatUsd } from '../src/present/format.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import type { RangeKey } from '../src/tui/range.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await fixtureFeed();
});
afterAll(async () => {
  await fixture.stop();
});

const initialChalkLevel = chalk.level;
afterEach(() => {
  chalk.level = initialChalkLevel;
  vi.unstubAllEnvs();
});

function app(width: number, height: number, range: RangeKey = 'all', feed: Fixture = fixture, nowMs = fixtureNowMs) {
  return render(
    <ClockContext.Provider value={fixedClock(nowMs)}>
      <App feed={feed.feed} status={feed.status} initialRange={range} size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

/** The figure under a tile's label: same column, next line. */
function tileValue(frame: string, label: string): string {
  const lines = frame.split('\n');
  const row = lines.findIndex((l) => l.startsWith('Total Cost'));
  const column = [...(lines[row] ?? '')].join('').indexOf(label);
  return (
    [...(lines[row + 1] ?? '')]
      .slice(column)
      .join('')
      .split(/\s{2,}/)[0] ?? ''
  ).trim();
}

// Any SGR that sets a foreground or background colour; bold and inverse are not colour.
const colourEscape = /\u001b\[(?:3[0-8]|4[0-8]|9[0-7]|10[0-7])[;m]/;

describe('dashboard', () => {
  it('shows the exact figures of the range at 120×40, panels in two columns', async () => {
    const all = summary(fixture.feed.db, { nowMs: fixtureNowMs });
    const ui = app(120, 40);
    const frame = await frameAfter(ui, () => undefined, /Decisions/);
    expect(frame).toContain('range all');
    expect(tileValue(frame, 'Total Cost')).toBe('$0.18');
    expect(tileValue(frame, 'Total Cost')).toBe(formatUsd(all.costUsd));
    expect(tileValue(frame, 'Total Tokens')).toBe('22,434');
    expect(tileValue(frame, 'Total Tokens')).toBe(formatCount(all.tokens.input + all.tokens.output));
    expect(frame).toContain('in 21,336 · out 1,098');
    expect(frame).toContain('cache read 96,000 · write 2,100');
    expect(tileValue(frame, 'Sessions')).toBe('7');
    expect(tileValue(frame, 'Commits')).toBe('0');
    expect(tileValue(frame, 'Pull Requests')).toBe('0');
    expect(frame).toContain('burn $0.73/h last 15 min');
    expect(frame).toContain('this session $2.29/h ($0.04 so far)');
    expect(frame).toContain('cache hit 80.4%');
    expect(frame).toContain('cost main $0.13 · subagent $0.00 · auxiliary $0.05');
    expect(frame).toMatch(/Token Usage ─+ {2}Cost Over Time ─+/);
    expect(frame).toMatch(/Active Time ─+ {2}Lines of Code ─+/);
    expect(frame).toMatch(/Tool Calls ─+ {2}Top Tools ─+/);
    expect(frame).toMatch(/API Requests ─+ {2}Decisions ─+/);
    expect(frame).toContain('● input 21,336   ● output 1,098');
    expect(frame).toContain('● claude-opus-4-8 $0.18   ● claude-haiku-4-5 $0.0034');
    expect(frame).toContain('● added 13   ● removed 2');
    expect(frame).toContain('● calls 10');
    expect(frame).toMatch(/claude-opus-4-8 +█+ +19/);
    expect(frame).toMatch(/claude-haiku-4-5 +█+ +2/);
    expect(frame).toMatch(/Write +█+ +4\n/);
    expect(frame).toMatch(/Bash +█+ +3\n/);
    expect(frame).toContain('10 accepted · 0 rejected (100.0% accept rate)');
    expect(frame).not.toContain('more below');
    ui.unmount();
  });

  it('r cycles the range from 24h to all', async () => {
    const ui = app(120, 40, '24h');
    await frameAfter(ui, () => undefined, /range 24h[\s\S]*Decisions/);
    press(ui, 'r');
    press(ui, 'r');
    const frame = await frameAfter(ui, () => press(ui, 'r'), /range all[\s\S]*11-25 14:37/);
    expect(tileValue(frame, 'Total Cost')).toBe('$0.18');
    ui.unmount();
  });

  it('fits 80×24 in one column, and j/k scroll the panels', async () => {
    const ui = app(80, 24);
    const frame = await frameAfter(ui, () => undefined, /Token Usage/);
    expect(frame.split('\n')).toHaveLength(24);
    expect(frame.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    expect(frame).not.toContain('Active Time');
    expect(frame).toContain('↓ 7 more below (j)');
    const scrolled = await frameAfter(ui, () => press(ui, 'j'), /Active Time/);
    expect(scrolled).not.toContain('Token Usage');
    expect(scrolled).toContain('↑ 1 above (k)');
    expect(scrolled.split('\n')).toHaveLength(24);
    expect(scrolled.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    const back = await frameAfter(ui, () => press(ui, 'k'), /Token Usage/);
    expect(back).not.toContain('Active Time');
    ui.unmount();
  });

  it('scrolls no further than the last panel', async () => {
    const ui = app(80, 24);
    await frameAfter(ui, () => undefined, /Token Usage/);
    for (let i = 0; i < 20; i++) press(ui, 'j');
    const bottom = await frameAfter(ui, () => undefined, /Decisions/);
    expect(bottom).not.toContain('more below');
    const up = await frameAfter(ui, () => press(ui, 'k'), /↓ 1 more below/);
    expect(up).toContain('Top Tools');
    ui.unmount();
  });

  it('says when the range is empty but the database is not', async () => {
    const ui = app(80, 24, '24h', fixture, fixtureNowMs + 30 * 86_400_000);
    const frame = await frameAfter(ui, () => undefined, /nothing in this range/);
    expect(frame).toContain('nothing in this range (r changes it)');
    expect(frame).toContain('all time: $0.18 · 7 sessions · 22,434 tokens');
    expect(tileValue(frame, 'Total Cost')).toBe('$0.00');
    ui.unmount();
  });

  it('shows how to point Claude Code here when the database is empty, then fills in live', async () => {
    const empty = await fixtureFeed([]);
    const ui = app(80, 24, '24h', empty);
    const frame = await frameAfter(ui, () => undefined, /No telemetry yet/);
    expect(frame).toContain('export CLAUDE_CODE_ENABLE_TELEMETRY=1');
    expect(frame).toContain(`export OTEL_EXPORTER_OTLP_ENDPOINT=${empty.store.receiver.url}`);
    expect(frame).toContain(`listening on ${empty.status.endpoint ?? ''}`);
    // The receiver commits, the change feed moves, the screen re-reads: no key pressed.
    await empty.deliver('proto-delta-tools');
    const live = await frameAfter(ui, () => undefined, /Token Usage/);
    expect(live).not.toContain('No telemetry yet');
    ui.unmount();
    await empty.stop();
  });

  it('puts no escape sequence of its own in the frame, and no colour under NO_COLOR', async () => {
    const plain = app(120, 40);
    expect(await frameAfter(plain, () => undefined, /Decisions/)).not.toContain('\u001b');
    plain.unmount();
    // Colour on, but Ink's chalk off (no TTY): a raw escape here would be the charts' own.
    vi.stubEnv('NO_COLOR', '');
    const raw = app(120, 40);
    expect(await frameAfter(raw, () => undefined, /Decisions/)).not.toContain('\u001b');
    raw.unmount();
    // With chalk on, colours appear only while NO_COLOR is unset.
    chalk.level = 1;
    const coloured = app(120, 40);
    expect(await frameAfter(coloured, () => undefined, /Decisions/)).toMatch(colourEscape);
    coloured.unmount();
    vi.stubEnv('NO_COLOR', '1');
    const noColour = app(120, 40);
    expect(await frameAfter(noColour, () => undefined, /Decisions/)).not.toMatch(colourEscape);
    noColour.unmount();
  });
});
