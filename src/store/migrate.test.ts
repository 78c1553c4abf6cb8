import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaVersion } from './migrate.js';
import { initialSchema } from './migrations/001-initial.js';
import { openDatabase } from './open.js';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migrate-test-'));
  file = path.join(dir, 't.db');
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrations', () => {
  it('bring a new database to the current version', () => {
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    db.close();
  });

  it('upgrade an older database in place, filling the new tables from its rows', () => {
    const raw = new Database(file);
    initialSchema.up(raw);
    raw.pragma('user_version = 1');
    raw.prepare(`INSERT INTO events (dedup_key, session_id, name, time_ms, cost_usd, input_tokens, query_source, raw_json, received_ms)
      VALUES ('k1', 's1', 'api_request', 1000, 0.25, 10, 'sdk', '{}', 0)`).run();
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cumulative_anchors'").pluck().get()).toBe(1);
    expect(db.prepare('SELECT session_id, api_requests, cost_usd, input_tokens FROM session_stats').get()).toEqual({ session_id: 's1', api_requests: 1, cost_usd: 0.25, input_tokens: 10 });
    expect(db.prepare('SELECT query_class FROM events').pluck().get()).toBe('main');
    db.close();
  });

  it('upgrade an older database for a read-only open too', () => {
    const raw = new Database(file);
    initialSchema.up(raw);
    raw.pragma('user_version = 1');
    raw.close();
    const db = openDatabase(file, { readonly: true });
    expect([db.readonly, db.pragma('user_version', { simple: true })]).toEqual([true, schemaVersion]);
    db.close();
  });

  it('refuse a database newer than the code', () => {
    openDatabase(file).close();
    const raw = new Database(file);
    raw.pragma(`user_version = ${schemaVersion + 1}`);
    raw.close();
    expect(() => openDatabase(file)).toThrow(/newer than this claude-otel-tui/);
  });
});
