// The dashboard header's plan line: the 5-hour and 7-day windows with their forecast, from status
// line inputs run through the `statusline` command; it appears as the first sample is committed.
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeFeed, feedFromChanges } from '../src/store/changes.js';
import type { HeaderStatus } from '../src/tui/components/header.js';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { frameAfter } from './helpers/ink.js';
import { planFeed } from './helpers/plan-inputs.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const minute = 60_000;
const t0 = Date.parse('2026-12-01T12:00:00Z');
const at = (minutes: number) => t0 + minutes * minute;

const changes = createChangeFeed(0);
let store: TempReceiver;
beforeAll(async () => {
  store = await tempReceiver({ changes });
});
afterAll(async () => {
  changes.close();
  await store.stop();
});

describe('the header', () => {
  it('shows plan use and its forecast on a third line once the status line has reported it', async () => {
    const status: HeaderStatus = { mode: 'receiving', endpoint: store.receiver.url, dbPath: store.dbPath, setupLines: [] };
    const feed = feedFromChanges(store.db, changes);
    const ui = render(
      <ClockContext.Provider value={fixedClock(at(20))}>
        <App feed={feed} status={status} size={{ width: 100, height: 24 }} />
      </ClockContext.Provider>,
    );
    const before = await frameAfter(ui, () => undefined, /receiving on/);
    const { refresh } = planFeed(store);
    await refresh(at(0), { pct: 40, resetsAtMs: at(240) }, { pct: 10, resetsAtMs: at(3 * 24 * 60) });
    await refresh(at(20), { pct: 50, resetsAtMs: at(240) }, { pct: 11, resetsAtMs: at(3 * 24 * 60) });
    // The statusline command writes on its own connection: the viewer's feed learns of it from the database.
    changes.notify();
    const after = await frameAfter(ui, () => undefined, /plan 5h/);
    ui.unmount();
    expect(before).not.toContain('plan 5h');
    expect(after.split('\n')[2]).toBe('plan 5h 50% → 100% at 14:00 (resets 16:00) · 7d 11%, no forecast yet (resets Fri 12:00)');
    expect(after.split('\n')).toHaveLength(24);
  });
});
