// The sessions view once another machine's sessions are in the store (sync): a Machine column, and
// the / filter finds sessions by machine. One machine's view stays as it was (tui-sessions.test.tsx).
import fs from 'node:fs';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncState } from '../src/store/sync-state.js';
import { resolveMachineName } from '../src/sync/machine-name.js';
import { exportPass, importPass } from '../src/sync/sync-pass.js';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { capturedRequests } from './helpers/captures.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';
import { post, tempReceiver } from './helpers/temp-store.js';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await fixtureFeed(['json-delta-edit', 'json-gzip-redacted-haiku']);
  const folder = path.join(fixture.store.dir, 'shared');
  fs.mkdirSync(folder);
  const desk = await tempReceiver();
  for (const r of capturedRequests('proto-delta-tools')) await post(`${desk.receiver.url}${r.path}`, r.body, r.headers);
  exportPass(desk.db, createSyncState(desk.db), { folder, machine: 'desktop' });
  await desk.stop();
  const state = createSyncState(fixture.store.db);
  resolveMachineName(state, 'laptop');
  await importPass(fixture.store.db, state, { folder, machine: 'laptop' });
});
afterAll(async () => {
  await fixture.stop();
});

function app(width: number, height = 24) {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={fixture.feed} status={fixture.status} initialRange="24h" size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

describe('sessions view with several machines', () => {
  it.each([120, 80])("shows each session's machine at %i columns", async (width) => {
    const ui = app(width);
    const frame = await frameAfter(ui, () => press(ui, '2'), /3 sessions/);
    expect(frame).toMatch(/Start Time▼?\s+Machine\s+Project/);
    expect(frame.match(/ laptop /g)).toHaveLength(2);
    expect(frame.match(/ desktop /g)).toHaveLength(1);
    expect(frame).toMatch(/Tokens\s+Errors\n/);
    expect(Math.max(...frame.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(width);
    ui.unmount();
  });

  it('/ finds the sessions of a machine', async () => {
    const ui = app(120);
    await frameAfter(ui, () => press(ui, '2'), /3 sessions/);
    await frameAfter(ui, () => press(ui, '/'), /\/█/);
    await frameAfter(ui, () => press(ui, 'desktop'), /\/desktop█/);
    const filtered = await frameAfter(ui, () => press(ui, 'enter'), /1 session ·/);
    expect(filtered).not.toContain('laptop');
    ui.unmount();
  });
});
