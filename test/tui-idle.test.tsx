// Idle means idle: with nothing arriving, the dashboard runs no query and draws no frame between the
// minute ticks, and a tick draws only when what is shown moves (here the live dot, five minutes after
// the session's last event). The production clock runs on vitest's timers and Date, moved by hand.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, tickingClock } from '../src/tui/hooks/use-now.js';
import { countingFeed, type CountingFeed } from './helpers/counting-feed.js';
import { fixtureFeed, type Fixture } from './helpers/fixture-feed.js';
import { press } from './helpers/ink.js';

// The capture's last event is at 14:37:32; its session shows live until 14:42:32, and the shown
// (minute) time reaches past that at 14:43.
const startMs = Date.parse('2026-11-25T14:40:00.500Z');

let fixture: Fixture;
let counting: CountingFeed;
afterEach(async () => {
  vi.useRealTimers();
  counting.feed.close();
  await fixture.stop();
});

const turn = () => new Promise((resolve) => setImmediate(resolve));

/** Turns of the event loop, for React to render what a tick changed (setImmediate is not faked). */
async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await turn();
}

/** frameAfter polls on a timer, which is fake here: this waits on turns of the event loop instead. */
async function frameMatching(ui: ReturnType<typeof render>, pattern: RegExp): Promise<void> {
  for (let i = 0; i < 100_000 && !pattern.test(ui.lastFrame() ?? ''); i++) await turn();
  expect(ui.lastFrame()).toMatch(pattern);
}

async function idleSessionsView() {
  fixture = await fixtureFeed(['proto-delta-tools']);
  counting = countingFeed(fixture.store.dbPath, fixture.feed);
  // Timers and Date only: the receiver and the test's requests are done by now.
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'], now: startMs });
  const ui = render(
    <ClockContext.Provider value={tickingClock()}>
      <App feed={counting.feed} status={fixture.status} initialRange="24h" size={{ width: 120, height: 30 }} />
    </ClockContext.Provider>,
  );
  await settle();
  press(ui, '2');
  await frameMatching(ui, /1 session ·/);
  await settle();
  return ui;
}

describe('an idle dashboard', () => {
  it('runs no query and draws no frame over 59 seconds of a minute', async () => {
    const ui = await idleSessionsView();
    const before = { statements: counting.statements.length, frames: ui.frames.length };
    for (let s = 0; s < 59; s++) {
      vi.advanceTimersByTime(1000);
      await settle();
    }
    expect({ statements: counting.statements.length - before.statements, frames: ui.frames.length - before.frames }).toEqual({ statements: 0, frames: 0 });
    ui.unmount();
  });

  it('draws at a minute tick only when the text moves: the live dot goes at 14:43, not before', async () => {
    const ui = await idleSessionsView();
    expect(ui.lastFrame()).toMatch(/^● +11-25 14:37/m);
    const frames = ui.frames.length;
    // 14:41 and 14:42: the time-windowed reads run again, and find what they found.
    vi.advanceTimersByTime(2 * 60_000);
    await settle();
    const quietTicks = ui.frames.length - frames;
    vi.advanceTimersByTime(60_000);
    await settle();
    expect({ quietTicks, afterLive: ui.frames.length - frames }).toEqual({ quietTicks: 0, afterLive: 1 });
    expect(ui.lastFrame()).toMatch(/^ +11-25 14:37/m);
    ui.unmount();
  });
});
