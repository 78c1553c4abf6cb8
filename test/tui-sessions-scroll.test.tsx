// A long list: the sessions view reads only the rows in view, and still moves through all of them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createChangeFeed, feedFromChanges, type ChangeFeed } from '../src/store/changes.js';
import { openDatabase, type Db } from '../src/store/open.js';
import { createRollupWriter } from '../src/store/rollups.js';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { frameAfter, press } from './helpers/ink.js';

const nowMs = Date.parse('2026-11-25T14:40:00Z');
const count = 400;
const idOf = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

let dir: string;
let db: Db;
let changes: ChangeFeed;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scroll-'));
  db = openDatabase(path.join(dir, 't.db'));
  const writer = createRollupWriter(db);
  const insert = db.prepare(`INSERT INTO events (dedup_key, session_id, name, time_ms, user_email, model, cost_usd, request_id, raw_json, received_ms)
    VALUES (@key, @sessionId, 'api_request', @timeMs, @userEmail, 'claude-sonnet-4-5', 0.01, @key, '{}', 0)`);
  // Session i started i minutes before the last: newest first, user u0000 is the top row and u0399 the bottom one.
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const row = { key: `r${i}`, sessionId: idOf(i), timeMs: nowMs - 3_600_000 - i * 60_000, userEmail: `u${String(i).padStart(4, '0')}@example.com` };
      writer.addEvent(insert.run(row).lastInsertRowid);
    }
  })();
  changes = createChangeFeed(0);
});
afterAll(() => {
  changes.close();
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function app() {
  const status = { mode: 'receiving' as const, endpoint: 'http://127.0.0.1:4318', dbPath: path.join(dir, 't.db'), setupLines: [] };
  return render(
    <ClockContext.Provider value={fixedClock(nowMs)}>
      <App feed={feedFromChanges(db, changes)} status={status} initialRange="24h" size={{ width: 120, height: 30 }} />
    </ClockContext.Provider>,
  );
}

const usersIn = (frame: string) => [...frame.matchAll(/u(\d{4})@/g)].map((m) => Number(m[1]));

describe('a long sessions list', () => {
  it('shows a window of the rows, the whole count, and G / g / pgdn move through all of them', async () => {
    const ui = app();
    const first = await frameAfter(ui, () => press(ui, '2'), /400 sessions · sorted by startTime/);
    expect(usersIn(first)).toEqual(Array.from({ length: 25 }, (_, i) => i));
    const bottom = await frameAfter(ui, () => press(ui, 'G'), /u0399@/);
    expect(usersIn(bottom)).toEqual(Array.from({ length: 25 }, (_, i) => 375 + i));
    expect(bottom).toContain('400 sessions');
    const top = await frameAfter(ui, () => press(ui, 'g'), /u0000@/);
    expect(usersIn(top)[0]).toBe(0);
    // Two pages down: the selection sits mid-window.
    press(ui, 'pagedown');
    const paged = await frameAfter(ui, () => press(ui, 'pagedown'), /u0060@/);
    expect(usersIn(paged)).toEqual(Array.from({ length: 25 }, (_, i) => 36 + i));
    ui.unmount();
  });

  it('enter opens the selected row far down the list', async () => {
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /400 sessions/);
    await frameAfter(ui, () => press(ui, 'G'), /u0399@/);
    press(ui, 'k');
    const opened = await frameAfter(ui, () => press(ui, 'enter'), /session 0{8}-/);
    expect(opened).toContain(`session ${idOf(398)}`);
    ui.unmount();
  });
});
