// The drawer's integrity line is read at the injected clock's "now", not the machine's: a session
// whose metrics and events disagree is "pending" within the export lag, "flagged" after it.
import fs from 'node:fs';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeFeed, feedFromChanges, type DataFeed } from '../src/store/changes.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { SessionScreen } from '../src/tui/screens/session/session-screen.js';
import { initialSessionState } from '../src/tui/screens/session/session-state.js';
import { capturedRequests, capturesDir } from './helpers/captures.js';
import { frameAfter } from './helpers/ink.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const caseName = 'json-delta-edit';
let store: TempReceiver;
let feed: DataFeed;
let changes: ReturnType<typeof createChangeFeed>;
let sessionId: string;
let lastMs: number;

beforeAll(async () => {
  changes = createChangeFeed(0);
  store = await tempReceiver({ changes });
  // The metrics as captured; the events without one API request, as a lost export would leave them.
  for (const r of capturedRequests(caseName).filter((c) => c.signal === 'metrics')) await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
  const logs = JSON.parse(fs.readFileSync(path.join(capturesDir, caseName, '001-logs.json'), 'utf8')) as {
    resourceLogs: Array<{
      scopeLogs: Array<{ logRecords: Array<{ body: { stringValue: string }; attributes: Array<{ key: string; value: { stringValue?: string } }> }> }>;
    }>;
  };
  for (const sl of logs.resourceLogs.flatMap((rl) => rl.scopeLogs)) {
    sl.logRecords = sl.logRecords.filter(
      (r) => !(r.body.stringValue === 'claude_code.api_request' && r.attributes.some((a) => a.key === 'request_id' && a.value.stringValue === 'req_lab_3')),
    );
  }
  expect((await post(`${store.receiver.url}/v1/logs`, JSON.stringify(logs), { 'content-type': 'application/json' })).status).toBe(200);
  const row = store.db.prepare('SELECT session_id AS id, max(time_ms) AS last FROM events GROUP BY session_id').get() as { id: string; last: number };
  sessionId = row.id;
  lastMs = row.last;
  feed = feedFromChanges(store.db, changes);
});
afterAll(async () => {
  changes.close();
  await store.stop();
});

function drawerAt(nowMs: number) {
  return render(
    <ClockContext.Provider value={fixedClock(nowMs)}>
      <SessionScreen
        feed={feed}
        sessionId={sessionId}
        state={initialSessionState}
        dispatch={() => undefined}
        isFocused
        onBack={() => undefined}
        exportDir="."
        onNotice={() => undefined}
        width={120}
        height={30}
      />
    </ClockContext.Provider>,
  );
}

describe('the session drawer and the clock', () => {
  it('is pending 30 s after the last event and flagged 3 minutes after it, whatever the machine’s date', async () => {
    const soon = drawerAt(lastMs + 30_000);
    expect(await frameAfter(soon, () => undefined, /check pending/)).toContain('recent requests are still on their way from Claude Code');
    soon.unmount();
    const later = drawerAt(lastMs + 180_000);
    expect(await frameAfter(later, () => undefined, /^! metrics say \$0\.0381 and 24680 tokens, events \$0\.0280 and 17506$/m)).not.toMatch(/check pending/);
    later.unmount();
  });
});
