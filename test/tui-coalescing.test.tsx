// Writes are folded into a few re-reads: a burst of 100 commits within a second makes the views read at
// most once per 250 ms window (the change feed the dashboard follows), and a screen not on display
// (under the help overlay) does not read at all. The feed runs on a scheduler the test moves by hand;
// the requests are real captures, each a new session, through a real receiver into a real file.
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { createChangeFeed, viewChangeIntervalMs, type ChangeFeed } from '../src/store/changes.js';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { countingFeed, type CountingFeed } from './helpers/counting-feed.js';
import { distinctRequest } from './helpers/distinct-requests.js';
import { fixtureNowMs } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';
import { manualScheduler, type ManualScheduler } from './helpers/manual-scheduler.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const logs = captureCases.flatMap((c) => capturedRequests(c)).find((c) => c.case === 'proto-delta-tools' && c.signal === 'logs')!;

let store: TempReceiver;
let changes: ChangeFeed;
let scheduler: ManualScheduler;
let counting: CountingFeed;
let sent = 0;
afterEach(async () => {
  counting.feed.close();
  changes.close();
  await store.stop();
});

/** One new session through the receiver: a commit, so the feed is told. */
async function commitOne(): Promise<void> {
  const r = distinctRequest(logs, `burst-${(sent += 1)}`);
  expect((await post(`${store.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
}

async function dashboard() {
  scheduler = manualScheduler(fixtureNowMs);
  changes = createChangeFeed(viewChangeIntervalMs, scheduler);
  store = await tempReceiver({ changes });
  await commitOne();
  counting = countingFeed(store.dbPath, changes);
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App
        feed={counting.feed}
        status={{ mode: 'receiving', endpoint: store.receiver.url, dbPath: store.dbPath, setupLines: [] }}
        initialRange="24h"
        size={{ width: 120, height: 30 }}
      />
    </ClockContext.Provider>,
  );
}

/** A statement as prepared: the values better-sqlite3 writes into what it reports taken out. */
const shape = (sql: string) => sql.replace(/'(?:[^']|'')*'/g, "'…'").replace(/\b\d+(\.\d+)?\b/g, '#');

/** The statements one commit makes the views run, once its publish is due. */
async function readsOfOneCommit(): Promise<Set<string>> {
  await commitOne();
  const from = counting.statements.length;
  scheduler.advance(viewChangeIntervalMs);
  return new Set(counting.statements.slice(from).map(shape));
}

describe('re-reads', () => {
  it('a burst of 100 commits in a second is read at most once per 250 ms, and the last state is shown', async () => {
    const ui = await dashboard();
    await frameAfter(ui, () => press(ui, '2'), /1 session ·/);
    // One commit on its own: what a single re-read of this screen costs.
    await commitOne();
    let from = counting.statements.length;
    scheduler.advance(viewChangeIntervalMs);
    const perRead = counting.statements.length - from;
    await frameAfter(ui, () => undefined, /2 sessions ·/);
    let publishes = 0;
    changes.subscribe(() => (publishes += 1));
    const frames = ui.frames.length;
    from = counting.statements.length;
    for (let i = 0; i < 100; i++) {
      await commitOne();
      scheduler.advance(10);
    }
    scheduler.advance(viewChangeIntervalMs);
    await frameAfter(ui, () => undefined, /102 sessions ·/);
    // 1,250 ms of the scheduler's time: a publish at the first commit, then at most one per window.
    const most = 1 + 1250 / viewChangeIntervalMs;
    expect(perRead).toBeGreaterThan(0);
    expect({ publishes: publishes <= most, reads: counting.statements.length - from <= most * perRead, frames: ui.frames.length - frames <= most }).toEqual({
      publishes: true,
      reads: true,
      frames: true,
    });
    ui.unmount();
  });

  it('a screen under the help overlay does not re-read; the header still does', async () => {
    const ui = await dashboard();
    await frameAfter(ui, () => press(ui, '2'), /1 session ·/);
    const sessionsReads = await readsOfOneCommit();
    await frameAfter(ui, () => press(ui, '1'), /1 Dashboard/);
    const dashboardReads = await readsOfOneCommit();
    await frameAfter(ui, () => press(ui, '?'), /Keys \(any key closes\)/);
    const helpReads = await readsOfOneCommit();
    const shared = new Set([...sessionsReads].filter((sql) => dashboardReads.has(sql)));
    const dashboardOnly = [...dashboardReads].filter((sql) => !shared.has(sql));
    expect(dashboardOnly.length).toBeGreaterThan(0);
    expect({ header: helpReads.size > 0, screens: [...helpReads].filter((sql) => !shared.has(sql)) }).toEqual({ header: true, screens: [] });
    ui.unmount();
  });
});
