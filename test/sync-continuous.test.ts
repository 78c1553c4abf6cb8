// The receiving process's sync (--sync): a segment once the oldest record waiting is an hour old or
// the waiting records fill one, never a segment per request; what waits at stop is written.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSyncState, type SyncState } from '../src/store/sync-state.js';
import { startContinuousSync, syncStep } from '../src/sync/continuous-sync.js';
import { capturedRequests } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const hourMs = 3_600_000;
let store: TempReceiver;
let state: SyncState;
let folder: string;
let clockMs: number;

beforeEach(async () => {
  clockMs = Date.parse('2026-11-25T14:00:00Z');
  store = await tempReceiver({ now: () => clockMs });
  state = createSyncState(store.db);
  folder = path.join(store.dir, 'shared');
  fs.mkdirSync(folder);
});
afterEach(async () => {
  await store.stop();
});

const step = (maxSegmentBytes = 8 * 1024 * 1024) =>
  syncStep(store.db, state, { folder, machine: 'laptop', nowMs: () => clockMs, segmentAgeMs: hourMs, maxSegmentBytes });
const segments = () => (fs.existsSync(path.join(folder, 'laptop')) ? fs.readdirSync(path.join(folder, 'laptop')) : []);
async function deliver(caseName: string) {
  for (const r of capturedRequests(caseName)) expect((await post(`${store.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
}

describe('continuous sync', () => {
  it('writes a segment once the oldest record waiting for one is an hour old', async () => {
    await deliver('json-delta-edit');
    expect(await step()).toEqual({ stored: 0, written: 0, problems: [] });
    clockMs += 30 * 60_000;
    await deliver('proto-delta-tools');
    expect((await step()).written).toBe(0);
    clockMs += 30 * 60_000;
    expect((await step()).written).toBe(1);
    expect((await step()).written).toBe(0);
    expect(segments()).toHaveLength(1);
  });

  it('or once the waiting records fill a segment', async () => {
    await deliver('json-delta-edit');
    expect((await step()).written).toBe(0);
    await deliver('proto-delta-tools');
    expect((await step(8192)).written).toBeGreaterThan(1);
    // Each at most the size, or a single line larger than it.
    const contents = segments().map((name) => fs.readFileSync(path.join(folder, 'laptop', name), 'utf8'));
    expect(contents.filter((c) => Buffer.byteLength(c) > 8192 && c.split('\n').length > 2)).toEqual([]);
  });

  it('says each problem once, and writes what waits when it stops', async () => {
    await deliver('json-delta-edit');
    fs.mkdirSync(path.join(folder, 'desktop'));
    fs.writeFileSync(path.join(folder, 'desktop', `20261125T140000000Z-${'c'.repeat(64)}.jsonl`), '{"resourceLogs":[');
    const problems: string[] = [];
    let passes = 0;
    let stop: () => Promise<void> = async () => undefined;
    await new Promise<void>((resolve) => {
      stop = startContinuousSync(store.db, {
        folder,
        machine: 'laptop',
        intervalMs: 10,
        nowMs: () => clockMs,
        onProblem: (line) => problems.push(line),
        onPass: () => (passes += 1) === 3 && resolve(),
      });
    });
    expect(segments()).toEqual([]);
    await stop();
    expect(problems).toEqual([
      `sync: skipped desktop/20261125T140000000Z-${'c'.repeat(64)}.jsonl: truncated: the last line is incomplete (17 bytes); tried again when the file changes`,
    ]);
    expect(segments()).toHaveLength(1);
  });
});
