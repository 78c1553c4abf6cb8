// Keys as a person uses them: help shows every key of the keymap, views switch, range cycles, q quits.
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { footerText, keymap } from '../src/tui/keymap.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await fixtureFeed();
});
afterAll(async () => {
  await fixture.stop();
});

function app(width: number, height: number) {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={fixture.feed} status={fixture.status} initialRange="24h" size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

describe('keys', () => {
  it.each([
    [80, 24],
    [120, 40],
  ])('? lists every binding of the keymap at %i×%i, and any key closes it', async (width, height) => {
    const ui = app(width, height);
    const help = await frameAfter(ui, () => press(ui, '?'), /Keys \(any key closes\)/);
    expect(help.split('\n').every((l) => [...l].length <= width)).toBe(true);
    for (const b of keymap) expect(help).toContain(b.description.slice(0, 12));
    // What no total holds is said where the keys are explained (see present/unseen-spend.ts).
    expect(help).toContain("Not in totals: auto mode's classifier requests (billed, never reported)");
    const closed = await frameAfter(ui, () => press(ui, 'x'), /^(?![\s\S]*Keys \(any key closes\))/);
    expect(closed).toContain(' 1 Dashboard ');
    ui.unmount();
  });

  it('tab and 1/2 switch views; 3 without an open session shows the list', async () => {
    const ui = app(120, 30);
    await frameAfter(ui, () => press(ui, 'tab'), /Start Time/);
    await frameAfter(ui, () => press(ui, '1'), /^(?![\s\S]*Start Time)/);
    await frameAfter(ui, () => press(ui, '3'), /Start Time/);
    ui.unmount();
  });

  it('r cycles the range through 15m, 1h, 24h, 7d, 30d, all', async () => {
    const ui = app(120, 30);
    const seen = [];
    for (const range of ['7d', '30d', 'all', '15m', '1h', '24h'])
      seen.push((await frameAfter(ui, () => press(ui, 'r'), new RegExp(`range ${range}\\b`)))?.includes(`range ${range}`));
    expect(seen).toEqual([true, true, true, true, true, true]);
    ui.unmount();
  });

  it('the footer is cut to the width with an ellipsis', () => {
    const line = footerText(['sessions', 'global'], 40);
    expect([...line].length).toBeLessThanOrEqual(40);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('keys that arrive together', () => {
  it('are each handled, as when typed fast: "rr" moves the range twice', async () => {
    const ui = app(120, 30);
    const frame = await frameAfter(ui, () => press(ui, 'rr'), /range 30d/);
    expect(frame).toContain('range 30d');
    ui.unmount();
  });

  it('a chunk with enter in it ("j\\r", as tmux send-keys j Enter sends) opens the row j moved to', async () => {
    const openedAfter = async (keys: readonly string[]) => {
      const ui = app(120, 30);
      await frameAfter(ui, () => press(ui, '2'), /Start Time/);
      for (const key of keys.slice(0, -1)) await frameAfter(ui, () => press(ui, key), /Start Time/);
      const frame = await frameAfter(ui, () => press(ui, keys.at(-1)!), /session [0-9a-f-]{36}/);
      ui.unmount();
      return /session ([0-9a-f-]{36})/.exec(frame)![1];
    };
    const oneByOne = await openedAfter(['j', 'enter']);
    expect(await openedAfter(['j\r'])).toBe(oneByOne);
    expect(await openedAfter(['enter'])).not.toBe(oneByOne);
  });
});
