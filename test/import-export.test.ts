// Moving history between machines: import the real captures as files, export everything as OTLP/JSON
// lines, import that into a fresh database, and get the same numbers; re-importing changes nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/store/open.js';
import { captures2_1_332Dir, capturesDir, capturedRequests, captureCases } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let viaHttp: TempReceiver;
let dir: string;
beforeAll(async () => {
  viaHttp = await tempReceiver();
  for (const c of captureCases) for (const r of capturedRequests(c)) await post(`${viaHttp.receiver.url}${r.path}`, r.body, r.headers);
  dir = path.join(viaHttp.dir, 'transfer');
  fs.mkdirSync(dir);
});
afterAll(async () => {
  await viaHttp.stop();
});

const sessionsOf = async (db: string) => JSON.parse((await runCli(['sessions', '--json', '--db', db])).stdout) as unknown[];
/**
 * Floats to 1e-9, far below a cent: an hourly rollup adds each delivery's share as it arrives, so
 * records received in several requests and the same records imported in one transaction may sum in
 * another order and differ in the last bit (as test/rollups.test.ts allows a rebuild). Integers exact.
 */
const rounded = (value: unknown): unknown => {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.round(value * 1e9) / 1e9;
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
};
// Without `today`: its hours left until midnight move with the clock between the two runs.
const pointTotals = async (db: string) => {
  const { today: _today, ...totals } = JSON.parse((await runCli(['summary', '--json', '--db', db])).stdout) as Record<string, unknown>;
  return rounded(totals);
};

describe('import and export', () => {
  it('importing the capture files gives the same sessions as receiving them, and a second import stores nothing', async () => {
    const db = path.join(dir, 'imported.db');
    const first = JSON.parse((await runCli(['import', capturesDir, '--json', '--db', db])).stdout) as {
      requests: number;
      stored: number;
      alreadyStored: number;
    };
    const again = JSON.parse((await runCli(['import', capturesDir, '--json', '--db', db])).stdout) as { stored: number; alreadyStored: number };
    expect(first.requests).toBe(captureCases.flatMap((c) => capturedRequests(c)).length);
    expect(again).toMatchObject({ stored: 0, alreadyStored: first.stored });
    expect(await sessionsOf(db)).toEqual(await sessionsOf(viaHttp.dbPath));
  });

  it('an OTLP/JSON export re-imports to the same numbers', async () => {
    const file = path.join(dir, 'all.jsonl');
    const db = path.join(dir, 'round-trip.db');
    const exported = await runCli(['export', '--format', 'otlp-json', '--out', file, '--db', viaHttp.dbPath]);
    await runCli(['import', file, '--db', db]);
    expect(exported.stderr).toMatch(/^wrote \d+ records to /);
    expect(await sessionsOf(db)).toEqual(await sessionsOf(viaHttp.dbPath));
    expect(await pointTotals(db)).toEqual(await pointTotals(viaHttp.dbPath));
  });

  it('an OTLP/JSON export carries the spans: re-imported, every span is the same, raw JSON included', async () => {
    const traced = await tempReceiver();
    for (const c of ['v2.1.332-proto-subagent-hooks-traces', 'v2.1.332-json-gzip-skill-traces']) {
      for (const r of capturedRequests(c, captures2_1_332Dir)) expect((await post(`${traced.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
    }
    const file = path.join(dir, 'traced.jsonl');
    const db = path.join(dir, 'traced-round-trip.db');
    await runCli(['export', '--format', 'otlp-json', '--out', file, '--db', traced.dbPath]);
    const imported = JSON.parse((await runCli(['import', file, '--json', '--db', db])).stdout) as { stored: number };
    const spans = (d: ReturnType<typeof openDatabase>) =>
      d
        .prepare('SELECT * FROM spans ORDER BY trace_id, span_id')
        .all()
        .map((r) => ({ ...(r as Record<string, unknown>), id: 0, received_ms: 0 }));
    const copy = openDatabase(db, { readonly: true });
    expect(spans(copy)).toEqual(spans(traced.db));
    expect(spans(copy)).toHaveLength(19);
    expect(imported.stored).toBeGreaterThan(19);
    copy.close();
    await traced.stop();
  });

  it('a protobuf file whose name does not say its signal is skipped with the reason, and --signal reads it', async () => {
    const file = path.join(dir, 'request.bin');
    fs.copyFileSync(path.join(capturesDir, 'proto-delta-tools', '001-logs.pb'), file);
    const db = path.join(dir, 'signal.db');
    const unnamed = JSON.parse((await runCli(['import', file, '--json', '--db', db])).stdout) as { skipped: { reason: string }[] };
    const named = JSON.parse((await runCli(['import', file, '--signal', 'logs', '--json', '--db', db])).stdout) as { stored: number };
    expect(unnamed.skipped[0]!.reason).toMatch(/pass --signal/);
    expect(named.stored).toBe(12);
  });

  it.each([
    ['csv', 'sessions', /^sessionId,startTime,endTime,user,model,/],
    ['json', 'events', /^\[\n {2}\{\n {4}"time": "2026-11-25T14:37/],
    ['csv', 'points', /^metric,unit,sessionId,start,end,temporality,value,delta,attributes\n/],
  ])('export --format %s --what %s', async (format, what, shape) => {
    const { code, stdout } = await runCli(['export', '--format', format, '--what', what, '--db', viaHttp.dbPath]);
    expect(code).toBe(0);
    expect(stdout).toMatch(shape);
  });

  it('export --session keeps one session', async () => {
    const { stdout } = await runCli([
      'export',
      '--format',
      'json',
      '--what',
      'events',
      '--session',
      '0a000000-0000-4000-8000-000000000006',
      '--db',
      viaHttp.dbPath,
    ]);
    const rows = JSON.parse(stdout) as { sessionId: string }[];
    expect(new Set(rows.map((r) => r.sessionId))).toEqual(new Set(['0a000000-0000-4000-8000-000000000006']));
  });
});
