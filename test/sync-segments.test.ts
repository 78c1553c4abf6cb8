// Segments between machines, in-process: real receivers on their own SQLite files fed the real
// captures, a segment written after each request, then delivered to another database the way sync
// tools deliver them: in a random order (seeded), one torn on the way then completed, one delivered
// twice, one renamed. The other database ends with exactly what receiving everything directly gives.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../stress/lib/prng.mjs';
import { session } from '../src/store/read/session.js';
import { sessions } from '../src/store/read/sessions.js';
import { summary } from '../src/store/read/summary.js';
import { syncStatus } from '../src/store/read/sync-status.js';
import { createSyncState, type SyncState } from '../src/store/sync-state.js';
import { resolveMachineName } from '../src/sync/machine-name.js';
import { exportPass, importPass } from '../src/sync/sync-pass.js';
import type { SessionRow } from '../src/store/read/types.js';
import { capturedRequests } from './helpers/captures.js';
import { fixtureNowMs } from './helpers/fixture-feed.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

interface Machine {
  name: string;
  store: TempReceiver;
  state: SyncState;
  folder: string;
}

interface Request {
  path: string;
  body: Buffer | string;
  headers: Record<string, string>;
}

const json = { 'content-type': 'application/json' };
const nowMs = fixtureNowMs;

/** A cumulative active-time run whose points arrive out of order, and one total raised in place (the same point again, larger). */
function cumulativeRun(sessionId: string): Request[] {
  const start = 1795617440000000000n;
  const point = (endS: number, value: number) => ({
    attributes: [
      { key: 'session.id', value: { stringValue: sessionId } },
      { key: 'type', value: { stringValue: 'cli' } },
    ],
    startTimeUnixNano: String(start),
    timeUnixNano: String(start + BigInt(endS) * 1_000_000_000n),
    asDouble: value,
  });
  const request = (endS: number, value: number) => ({
    path: '/v1/metrics',
    headers: json,
    body: JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                { name: 'claude_code.active_time.total', unit: 's', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: [point(endS, value)] } },
              ],
            },
          ],
        },
      ],
    }),
  });
  return [request(10, 5), request(30, 9), request(20, 6), request(30, 12)];
}

const requestsOf: Record<string, Request[]> = {
  alpha: [...capturedRequests('json-delta-edit'), ...capturedRequests('proto-delta-tools')],
  beta: [
    ...capturedRequests('proto-gzip-cumulative-mixed'),
    ...capturedRequests('json-gzip-redacted-haiku'),
    ...cumulativeRun('0a000000-0000-4000-8000-0000000000e1'),
  ],
};

async function machine(name: string, folder: string, options: Parameters<typeof tempReceiver>[0] = {}): Promise<Machine> {
  const store = await tempReceiver(options);
  const state = createSyncState(store.db);
  resolveMachineName(state, name);
  fs.mkdirSync(folder, { recursive: true });
  return { name, store, state, folder };
}

const pass = (m: Machine) => ({ folder: m.folder, machine: m.name, nowMs: () => nowMs });
const withoutMachine = (rows: SessionRow[]) => rows.map(({ machine: _machine, ...rest }) => rest);

let dir: string;
let reference: TempReceiver;
const sources: Machine[] = [];
let target: Machine;
/** Every segment the sources wrote: machine/name → content. */
const written = new Map<string, Buffer>();

beforeAll(async () => {
  reference = await tempReceiver();
  dir = path.join(reference.dir, 'sync');
  for (const name of ['alpha', 'beta']) {
    const m = await machine(name, path.join(dir, `source-${name}`));
    sources.push(m);
    // A segment after each request: many small segments, a cumulative run spread over several.
    for (const r of requestsOf[name]!) {
      expect((await post(`${m.store.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
      expect((await post(`${reference.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
      exportPass(m.store.db, m.state, pass(m));
    }
    for (const file of fs.readdirSync(path.join(m.folder, name))) written.set(`${name}/${file}`, fs.readFileSync(path.join(m.folder, name, file)));
  }
  // The target forwards what it receives: what it imports must not be queued.
  target = await machine('target', path.join(dir, 'target'), { forward: { upstreams: ['http://127.0.0.1:9/otlp'], onQueued: () => undefined } });
});
afterAll(async () => {
  for (const m of [...sources, target]) await m.store.stop();
  await reference.stop();
});

describe('segments delivered out of order, torn, twice and renamed', () => {
  it('writes one segment per request, each line one accepted request, whole and named by its checksum', () => {
    expect(written.size).toBe(requestsOf['alpha']!.length + requestsOf['beta']!.length);
    for (const [name, content] of written) {
      expect(name).toMatch(/^(alpha|beta)\/\d{8}T\d{9}Z-[0-9a-f]{64}\.jsonl$/);
      expect(content.toString('utf8')).toMatch(/^(\{"resource(Logs|Metrics)".*\}\n)+$/);
    }
    // No temporary file is left behind.
    expect(fs.readdirSync(path.join(sources[0]!.folder, 'alpha')).filter((f) => f.startsWith('.'))).toEqual([]);
  });

  it('ends with the same sessions and figures as receiving everything, nothing counted twice', async () => {
    const random = mulberry32(14);
    const order = [...written.keys()]
      .sort((a, b) => a.localeCompare(b))
      .map((key) => ({ key, sort: random() }))
      .sort((a, b) => a.sort - b.sort)
      .map((x) => x.key);
    const [torn, twice, renamed] = [order[1]!, order[3]!, order[5]!];
    const put = (key: string, content: Buffer, name = key) => {
      fs.mkdirSync(path.join(target.folder, path.dirname(name)), { recursive: true });
      fs.writeFileSync(path.join(target.folder, name), content);
    };
    const reports = [];
    for (const key of order) {
      put(key, key === torn ? written.get(key)!.subarray(0, 200) : written.get(key)!);
      reports.push(await importPass(target.store.db, target.state, pass(target)));
    }
    // The torn one is skipped, said in status with why, and read once it is whole.
    const status = syncStatus(target.store.db);
    expect(status.folders[0]!.skipped).toEqual([
      { segment: torn, error: expect.stringMatching(/^truncated: the last line is incomplete \(200 bytes\)/), checkedMs: nowMs },
    ]);
    expect(reports.at(-1)!.skipped).toEqual([{ segment: torn, reason: expect.stringMatching(/^truncated/) }]);
    put(torn, written.get(torn)!);
    const completed = await importPass(target.store.db, target.state, pass(target));
    expect(completed).toMatchObject({ segments: 1, skipped: [] });
    expect(syncStatus(target.store.db).folders[0]!.skipped).toEqual([]);
    // Delivered again (a new time, same bytes) and renamed by a sync tool: read as copies, nothing stored.
    put(twice, written.get(twice)!);
    fs.utimesSync(path.join(target.folder, twice), new Date(nowMs + 60_000), new Date(nowMs + 60_000));
    put(renamed, written.get(renamed)!, renamed.replace(/\.jsonl$/, ' (conflicted copy 2026-11-25).jsonl'));
    const again = await importPass(target.store.db, target.state, pass(target));
    expect(again).toMatchObject({ segments: 0, copies: 1, stored: 0, skipped: [] });
    fs.writeFileSync(path.join(target.folder, twice), written.get(twice)!);
    fs.utimesSync(path.join(target.folder, twice), new Date(nowMs + 120_000), new Date(nowMs + 120_000));
    expect(await importPass(target.store.db, target.state, pass(target))).toMatchObject({ segments: 0, stored: 0 });

    const got = sessions(target.store.db, { nowMs });
    expect(withoutMachine(got)).toEqual(withoutMachine(sessions(reference.db, { nowMs })));
    expect(summary(target.store.db, { nowMs })).toEqual(summary(reference.db, { nowMs }));
    // The cumulative run: 12 s in all (5, 6, 9 arrived out of order, then 9 raised to 12 in place).
    const activeSql =
      "SELECT TOTAL(delta) FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.name = 'claude_code.active_time.total' AND s.session_id = '0a000000-0000-4000-8000-0000000000e1'";
    expect(target.store.db.prepare(activeSql).pluck().get()).toBe(12);
    expect(reference.db.prepare(activeSql).pluck().get()).toBe(12);
  });

  it('keeps each session with the machine it came from, and sessions filter by it', () => {
    const got = sessions(target.store.db, { nowMs });
    const byMachine = Object.fromEntries(
      ['alpha', 'beta'].map((m) => [
        m,
        got
          .filter((r) => r.machine === m)
          .map((r) => r.sessionId)
          .sort(),
      ]),
    );
    const own = (m: Machine) =>
      sessions(m.store.db, { nowMs })
        .map((r) => r.sessionId)
        .sort();
    expect(byMachine).toEqual({ alpha: own(sources[0]!), beta: own(sources[1]!) });
    expect(sessions(sources[0]!.store.db, { nowMs }).map((r) => r.machine)).toEqual(['alpha', 'alpha']);
    expect(
      sessions(target.store.db, { nowMs, filter: 'ALPH' })
        .map((r) => r.sessionId)
        .sort(),
    ).toEqual(byMachine['alpha']);
  });

  it('never forwards what it imported, nor writes it out again as its own', () => {
    expect(target.store.db.prepare('SELECT count(*) FROM forward_requests').pluck().get()).toBe(0);
    const out = exportPass(target.store.db, target.state, pass(target));
    expect(out).toMatchObject({ segments: [], records: 0 });
    expect(fs.readdirSync(path.join(target.folder, 'target'))).toEqual([]);
    // Its marks are past the other machines' rows, so the next pass does not walk them again.
    const last = target.store.db.prepare('SELECT (SELECT max(id) FROM events) AS eventsMark, (SELECT max(id) FROM metric_points) AS pointsMark').get();
    expect(target.state.marks(target.folder)).toMatchObject(last as object);
  });

  it('stops showing a skipped segment once it is gone from the folder', async () => {
    const name = `alpha/20261125T143700000Z-${'d'.repeat(64)}.jsonl`;
    fs.writeFileSync(path.join(target.folder, name), '{"resourceLogs":');
    expect((await importPass(target.store.db, target.state, pass(target))).skipped).toEqual([{ segment: name, reason: expect.stringMatching(/^truncated/) }]);
    expect(syncStatus(target.store.db).folders[0]!.skipped.map((s) => s.segment)).toEqual([name]);
    fs.rmSync(path.join(target.folder, name));
    expect((await importPass(target.store.db, target.state, pass(target))).skipped).toEqual([]);
    expect(syncStatus(target.store.db).folders[0]!.skipped).toEqual([]);
  });

  it('never reads a temporary file, nor its own folder', async () => {
    const sha = 'a'.repeat(64);
    fs.writeFileSync(path.join(target.folder, 'alpha', `.20261125T143700000Z-${sha}.jsonl.123.tmp`), '{"resourceLogs":[');
    fs.writeFileSync(path.join(target.folder, 'target', `20261125T143700000Z-${sha}.jsonl`), 'not even JSON\n');
    const report = await importPass(target.store.db, target.state, pass(target));
    expect(report).toMatchObject({ segments: 0, copies: 0, skipped: [], badLines: [], strangersInOwnFolder: 1 });
  });
});

describe('a machine whose clock is wrong', () => {
  // The clock runs 3 hours ahead, and is set back by 2 hours in the middle of the session: later
  // events carry earlier times than earlier ones.
  function skewed(body: Buffer): string {
    const request = JSON.parse(body.toString('utf8')) as {
      resourceLogs: {
        scopeLogs: {
          logRecords: {
            timeUnixNano: string;
            observedTimeUnixNano: string;
            attributes: { key: string; value: { intValue?: number; stringValue?: string } }[];
          }[];
        }[];
      }[];
    };
    const hourNs = 3_600_000_000_000n;
    for (const record of request.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords))) {
      const sequence = Number(record.attributes.find((a) => a.key === 'event.sequence')?.value.intValue);
      const shiftNs = sequence >= 4 ? hourNs : 3n * hourNs;
      record.timeUnixNano = String(BigInt(record.timeUnixNano) + shiftNs);
      record.observedTimeUnixNano = String(BigInt(record.observedTimeUnixNano) + shiftNs);
      const stamp = record.attributes.find((a) => a.key === 'event.timestamp');
      if (stamp !== undefined) stamp.value = { stringValue: new Date(Date.parse(stamp.value.stringValue!) + Number(shiftNs / 1_000_000n)).toISOString() };
    }
    return JSON.stringify(request);
  }

  it('keeps its sessions in event.sequence order, as that machine shows them', async () => {
    const m = await machine('skewed', path.join(dir, 'skew'));
    const reader = await machine('reader', path.join(dir, 'skew'));
    try {
      for (const r of capturedRequests('json-delta-edit'))
        await post(`${m.store.receiver.url}${r.path}`, r.signal === 'logs' ? skewed(r.body) : r.body, r.headers);
      exportPass(m.store.db, m.state, pass(m));
      await importPass(reader.store.db, reader.state, pass(reader));
      const [id] = sessions(m.store.db, { nowMs }).map((r) => r.sessionId);
      const own = session(m.store.db, id!, nowMs)!;
      const seen = session(reader.store.db, id!, nowMs)!;
      const sequences = seen.turns.flatMap((t) => t.events.map((e) => e.sequence));
      expect(sequences).toEqual([...sequences].sort((a, b) => a! - b!));
      const times = seen.turns.flatMap((t) => t.events.map((e) => e.time));
      expect(times).not.toEqual([...times].sort());
      expect(seen.turns).toEqual(own.turns);
      expect({ ...seen.session, machine: 'skewed' }).toEqual(own.session);
      expect(seen.session.machine).toBe('skewed');
    } finally {
      await m.store.stop();
      await reader.store.stop();
    }
  });
});
