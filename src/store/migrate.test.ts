import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { schemaVersion } from './migrate.js';
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

  it('upgrade an older database in place', () => {
    openDatabase(file).close();
    const raw = new Database(file);
    raw.exec('DROP TABLE cumulative_anchors; PRAGMA user_version = 1;');
    raw.close();
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(db.prepare("SELECT COUNT(*) FROM sqlite_master WHERE name = 'cumulative_anchors'").pluck().get()).toBe(1);
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
