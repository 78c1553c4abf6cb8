// Each hot read query uses the index it was written for (house style: asserted, not assumed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../open.js';
import { timelineSql } from './session.js';
import { activeSessionsSql, usageFactsSql } from './usage-facts.js';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plans-'));
  db = openDatabase(path.join(dir, 't.db'));
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function plan(sql: string, params: unknown): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as object) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('query plans', () => {
  it.each([
    ['events of a session in order', timelineSql, 's1', /SEARCH events USING INDEX events_by_session \(session_id=\?\)/],
    ['sessions active in a range (events)', activeSessionsSql, { since: 0, until: 1 }, /SEARCH events USING INDEX events_by_time \(time_ms>\? AND time_ms<\?\)/],
    ['sessions active in a range (metrics)', activeSessionsSql, { since: 0, until: 1 }, /SEARCH p USING INDEX metric_points_by_time \(end_ms>\? AND end_ms<\?\)/],
    ['api_request events in a range', usageFactsSql, { since: 0, until: 1 }, /SEARCH e USING (COVERING )?INDEX events_by_name_session \(name=\?\)|SEARCH e USING INDEX events_by_time/],
    ['does a session have api_request events', usageFactsSql, { since: 0, until: 1 }, /SEARCH x USING COVERING INDEX events_by_name_session \(name=\? AND session_id=\?\)/],
  ])('%s', (_name, sql, params, expected) => {
    expect(plan(sql, params)).toMatch(expected);
  });
});
