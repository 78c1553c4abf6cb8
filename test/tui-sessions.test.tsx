import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await fixtureFeed();
});
afterAll(async () => {
  await fixture.stop();
});

function app(width = 120, height = 30) {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={fixture.feed} status={fixture.status} initialRange="24h" size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

describe('sessions view', () => {
  it('lists every session newest first with the reference columns and exact figures', async () => {
    const ui = app();
    const frame = await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    expect(frame).toMatch(/Start Time▼?\s+User\s+Model\s+Prompts\s+Duration\s+Cost\s+Tools\s+Tokens\s+Errors/);
    expect(frame).toContain('7 sessions');
    expect(frame).toMatch(/claude-haiku-4-5\s+1\s+\d+s\s+\$0\.0034\s+0\s+2,124\s+0/);
    expect(frame).toMatch(/claude-opus-4-8\s+1\s+\d+s\s+\$0\.0079\s+0\s+1,058\s+1/);
    expect(frame).toMatch(/^● /m);
    ui.unmount();
  });

  it('filters with / and clears with esc', async () => {
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    await frameAfter(ui, () => press(ui, '/'), /\/█/);
    // Typed in one go, as a paste arrives.
    await frameAfter(ui, () => press(ui, 'haiku'), /\/haiku█/);
    const filtered = await frameAfter(ui, () => press(ui, 'enter'), /1 session ·/);
    expect(filtered).toContain('filter: haiku');
    expect(filtered).not.toContain('claude-opus-4-8');
    const cleared = await frameAfter(ui, () => press(ui, 'esc'), /7 sessions/);
    expect(cleared).toContain('claude-opus-4-8');
    ui.unmount();
  });

  it('s cycles the sort column', async () => {
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /Start Time▼/);
    const byCost = await frameAfter(ui, () => press(ui, 's'), /Cost▼/);
    expect(byCost).toContain('sorted by costUsd');
    ui.unmount();
  });

  it('enter opens the selected session', async () => {
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    press(ui, 'j');
    const frame = await frameAfter(ui, () => press(ui, 'enter'), /session [0-9a-f-]{36}/);
    expect(frame).not.toContain('Start Time');
    ui.unmount();
  });

  it('fits 80×24 without wrapping a row', async () => {
    const ui = app(80, 24);
    const frame = await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    expect(frame.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    expect(frame.split('\n')).toHaveLength(24);
    ui.unmount();
  });
});
