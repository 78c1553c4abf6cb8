// The header's forward line: shown while forwarding is configured or while anything is queued, with
// the current error of an upstream that is failing. Real pieces: the receiver queues, the sender
// meets a closed port, the header reads the queue through its read model.
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startForwarder, type Forwarder } from '../src/forward/sender.js';
import { createChangeFeed, feedFromChanges } from '../src/store/changes.js';
import type { HeaderStatus } from '../src/tui/components/header.js';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { capturedRequests } from './helpers/captures.js';
import { frameAfter } from './helpers/ink.js';
import { freePort } from './helpers/serve-process.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const changes = createChangeFeed(0);
let store: TempReceiver;
let forwarder: Forwarder;
let deadUrl: string;
beforeAll(async () => {
  deadUrl = `http://127.0.0.1:${await freePort()}`;
  store = await tempReceiver({ changes, forward: { upstreams: [deadUrl], onQueued: () => forwarder.wake() } });
  // A minute between attempts: the first fails at once, the test never sees a second.
  forwarder = startForwarder({
    db: store.db,
    upstreams: [{ url: deadUrl, headers: {} }],
    maxBytes: 1 << 20,
    maxAgeMs: 86_400_000,
    baseDelayMs: 60_000,
    onChange: changes.notify,
  });
});
afterAll(async () => {
  await forwarder.close();
  changes.close();
  await store.stop();
});

function app(isForwarding: boolean) {
  const status: HeaderStatus = { mode: 'receiving', endpoint: store.receiver.url, dbPath: store.dbPath, setupLines: [], isForwarding };
  return render(
    <ClockContext.Provider value={fixedClock(Date.parse('2026-11-25T14:40:00Z'))}>
      <App feed={feedFromChanges(store.db, changes)} status={status} size={{ width: 160, height: 24 }} />
    </ClockContext.Provider>,
  );
}

describe('header', () => {
  it('shows the queue while forwarding, or once anything is queued, with the last error', async () => {
    const forwarding = app(true);
    const other = app(false);
    const before = await frameAfter(forwarding, () => undefined, /fwd: 0 queued/);
    const otherBefore = await frameAfter(other, () => undefined, /receiving on/);
    const capture = capturedRequests('proto-delta-tools')[0]!;
    const status = (await post(`${store.receiver.url}${capture.path}`, capture.body, capture.headers)).status;
    const failing = await frameAfter(forwarding, () => undefined, /fwd: 1 queued · last error connect ECONNREFUSED/);
    const otherAfter = await frameAfter(other, () => undefined, /fwd: 1 queued/);
    forwarding.unmount();
    other.unmount();
    expect(status).toBe(200);
    expect(before.split('\n')[1]).toMatch(/^● receiving on http:\S+ {2}fwd: 0 queued {2}db /);
    expect(otherBefore).not.toContain('fwd:');
    expect(failing.split('\n')[1]).toContain(`fwd: 1 queued · last error connect ECONNREFUSED 127.0.0.1:${new URL(deadUrl).port}`);
    expect(otherAfter).toContain('fwd: 1 queued');
  });
});
