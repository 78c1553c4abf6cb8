// Live: data the receiver commits shows up in the next frames, with no re-render when nothing changed.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';

let fixture: Fixture;
afterEach(async () => {
  await fixture.stop();
});

function app() {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={fixture.feed} status={fixture.status} initialRange="24h" size={{ width: 120, height: 30 }} />
    </ClockContext.Provider>,
  );
}

describe('live updates', () => {
  it('a session sent to the running receiver appears in the sessions view', async () => {
    fixture = await fixtureFeed(['proto-delta-tools']);
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /1 session ·/);
    let delivery = Promise.resolve();
    const frame = await frameAfter(ui, () => (delivery = fixture.deliver('proto-delta-fail')), /2 sessions ·/);
    await delivery;
    expect(frame).toMatch(/claude-opus-4-8\s+1\s+0\s+\d+s\s+\$0\.0079\s+0\s+1,058\s+1/);
    ui.unmount();
  });

  it('an idle view renders no new frames', async () => {
    fixture = await fixtureFeed(['proto-delta-tools']);
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /1 session ·/);
    const before = ui.frames.length;
    // A request that stores nothing new (a retry) must not make the view re-read or re-render.
    await fixture.deliver('proto-delta-tools');
    await frameAfter(ui, () => press(ui, 'r'), /range 7d/);
    expect(ui.frames.length - before).toBeLessThanOrEqual(2);
    ui.unmount();
  });
});
