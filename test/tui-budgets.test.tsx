// Budgets and plan use on screen: the header and session rows at 80 % and 100 %, the bell once per
// crossing as data arrives live through the receiver, and plan use from a status line snapshot.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { recordStatusline } from '../src/store/statusline.js';
import { App } from '../src/tui/app.js';
import type { Budgets } from '../src/present/budget.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';

let fixture: Fixture | null = null;
afterEach(async () => {
  await fixture?.stop();
  fixture = null;
});

function app(feed: Fixture, budgets: Budgets, bell: () => void, width = 100, height = 30) {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={feed.feed} status={feed.status} initialRange="all" size={{ width, height }} budgets={budgets} bell={bell} />
    </ClockContext.Provider>,
  );
}

describe('budgets', () => {
  it('ring the bell once per crossing of 80 % and 100 %, daily and per session, as spend arrives', async () => {
    fixture = await fixtureFeed(['interactive-statusline']);
    const bell = vi.fn();
    // Today $0.0381 of $0.10; the session $0.0381 of $0.045 (85 %).
    const ui = app(fixture, { dailyUsd: 0.1, sessionUsd: 0.045 }, bell);
    expect(await frameAfter(ui, () => undefined, /today \$0\.04\/\$0\.10 38%/)).not.toMatch(/38%!/);
    await vi.waitFor(() => expect(bell).toHaveBeenCalledTimes(1));

    // A second session at 85 % of its budget; the day at 76 %.
    await fixture.deliver('json-delta-edit');
    await frameAfter(ui, () => undefined, /today \$0\.08\/\$0\.10 76% /);
    await vi.waitFor(() => expect(bell).toHaveBeenCalledTimes(2));

    // The day at 80 % (97.6 %): yellow, marked "!".
    await fixture.deliver('json-gzip-redacted-haiku');
    await fixture.deliver('proto-delta-error');
    await frameAfter(ui, () => undefined, /today \$0\.10\/\$0\.10 98%! /);
    await vi.waitFor(() => expect(bell).toHaveBeenCalledTimes(3));

    // Past 100 %: red, marked "!!".
    await fixture.deliver('proto-delta-fail');
    await frameAfter(ui, () => undefined, /today \$0\.11\/\$0\.10 106%!! /);
    await vi.waitFor(() => expect(bell).toHaveBeenCalledTimes(4));

    // Re-renders (other views, keys) ring nothing more.
    const sessions = await frameAfter(ui, () => press(ui, '2'), /sessions · sorted by/);
    expect(sessions.match(/\$0\.04!/g)).toHaveLength(2);
    expect(sessions).toMatch(/ \$0\.02 /);
    await frameAfter(ui, () => press(ui, '1'), /Token Usage/);
    expect(bell).toHaveBeenCalledTimes(4);
    ui.unmount();
  });

  it('ring once for a budget already past 100 % at start, and mark the session rows', async () => {
    fixture = await fixtureFeed();
    const bell = vi.fn();
    const ui = app(fixture, { dailyUsd: 0.15, sessionUsd: 0.02 }, bell);
    expect(await frameAfter(ui, () => undefined, /today \$0\.18\/\$0\.15 121%!!/)).toContain('today $0.18/$0.15 121%!!');
    const rows = await frameAfter(ui, () => press(ui, '2'), /sessions · sorted by/);
    expect(rows.match(/\$0\.04!! /g)).toHaveLength(4);
    expect(rows).toContain('$0.02! ');
    expect(rows).toMatch(/\$0\.0079 /);
    // The day, four sessions over and one at 90 %, all found at start: one bell, not six in a row.
    await vi.waitFor(() => expect(bell).toHaveBeenCalledTimes(1));
    await frameAfter(ui, () => press(ui, '1'), /Token Usage/);
    expect(bell).toHaveBeenCalledTimes(1);
    ui.unmount();
  });

  it('show nothing of budgets when none is set', async () => {
    fixture = await fixtureFeed();
    const bell = vi.fn();
    const ui = app(fixture, {}, bell);
    expect(await frameAfter(ui, () => undefined, /Token Usage/)).not.toMatch(/today \$[\d.]+\//);
    expect(bell).not.toHaveBeenCalled();
    ui.unmount();
  });
});

describe('dashboard day figures', () => {
  it('show today, its projection to midnight, and plan use from the latest status line', async () => {
    fixture = await fixtureFeed();
    recordStatusline(fixture.store.db, {
      sessionId: 'aaeaa430-3dfa-4a8d-892f-0636b47f10b7',
      timeMs: fixtureNowMs - 60_000,
      cwd: '/home/dev/project',
      projectDir: '/home/dev/project',
      transcriptPath: null,
      modelId: null,
      modelName: null,
      costUsd: 0.0381,
      durationMs: null,
      linesAdded: null,
      linesRemoved: null,
      contextInputTokens: null,
      contextOutputTokens: null,
      contextWindowTokens: null,
      contextUsedPct: null,
      fiveHour: { usedPct: 85.2, resetsAtMs: Date.parse('2026-11-25T18:00:00Z') },
      sevenDay: { usedPct: 12, resetsAtMs: Date.parse('2026-11-30T09:00:00Z') },
    });
    const ui = app(fixture, {}, vi.fn(), 120, 40);
    const frame = await frameAfter(ui, () => undefined, /plan 5h/);
    // $0.18 today, burning $0.73/h for the 9 h 20 min to midnight.
    expect(frame).toContain('today $0.18 · projected $6.97 by midnight');
    expect(frame).toContain('plan 5h 85%! (resets 11-25 18:00) · 7d 12% (resets 11-30 09:00)');
    ui.unmount();
  });
});
