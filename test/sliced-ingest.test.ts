// A large request is stored in slices, one transaction each, with the event loop let run between
// them. Sliced or not, it must store the same rows and rollups; its retry changes nothing; it is
// queued for forwarding once; and a try that dies between slices leaves what a retry completes, once.
import { afterEach, describe, expect, it } from 'vitest';
import { otlpRoot } from '../src/otlp/proto/schema-root.js';
import { createSlicedIngest } from '../src/receiver/sliced-ingest.js';
import { decode, ingest } from '../src/receiver/ingest.js';
import { createForwardQueue } from '../src/store/forward-queue.js';
import type { Db } from '../src/store/open.js';
import { createWriter } from '../src/store/write.js';
import { captureCases, capturedRequests, type CapturedRequest } from './helpers/captures.js';
import { distinctRequest } from './helpers/distinct-requests.js';
import { encode, isProtobuf, messageOf } from './helpers/record-mutations.js';
import { queuedForwards, storeContents } from './helpers/store-contents.js';
import { post, tempReceiver, tempStore, type TempReceiver, type TempStore } from './helpers/temp-store.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function receiver(sliceRecords: number, between?: () => Promise<void>): Promise<TempReceiver> {
  const store = await tempReceiver({
    now: () => 0,
    slices: { sliceRecords, ...(between === undefined ? {} : { between }) },
    forward: { upstreams: ['http://127.0.0.1:9/'], onQueued: () => undefined },
  });
  cleanups.push(() => store.stop());
  return store;
}

function scratch(): TempStore {
  const store = tempStore();
  cleanups.push(() => store.close());
  return store;
}

const all = captureCases.flatMap((c) => capturedRequests(c));

/** One request holding `copies` distinct copies (own sessions) of every capture of one signal and encoding. */
function combined(signal: 'logs' | 'metrics', isJson: boolean, copies: number): { capture: CapturedRequest; body: Buffer; records: number } {
  const sources = all.filter((c) => c.signal === signal && isProtobuf(c) !== isJson);
  const key = signal === 'logs' ? 'resourceLogs' : 'resourceMetrics';
  const parts = Array.from({ length: copies }, (_, k) => sources.map((c, i) => messageOf({ ...c, body: distinctRequest(c, `copy-${k}-${i}`).body }))).flat();
  const message = { [key]: parts.flatMap((m) => m[key] as unknown[]) };
  const capture = { ...sources[0]!, headers: { 'content-type': sources[0]!.headers['content-type']! } };
  const body = encode(capture, message);
  const request = decode(signal, isJson ? 'json' : 'protobuf', body);
  const records =
    'resourceLogs' in request
      ? request.resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)).length
      : request.resourceMetrics.flatMap((rm) => rm.scopeMetrics.flatMap((sm) => sm.metrics.flatMap((m) => m.dataPoints))).length;
  return { capture, body, records };
}

async function send(store: TempReceiver, capture: CapturedRequest, body: Uint8Array) {
  const res = await post(`${store.receiver.url}${capture.path}`, body, capture.headers);
  return { status: res.status, body: res.body };
}

const statusType = otlpRoot.lookupType('otlp.Status');

describe('a request stored in slices', () => {
  it.each([
    ['logs', false],
    ['metrics', false],
    ['logs', true],
    ['metrics', true],
  ] as const)(
    '%s (JSON: %s) in slices of 7: the same rows and rollups as in one transaction; a retry changes nothing; forwarded once',
    async (signal, isJson) => {
      const { capture, body, records } = combined(signal, isJson, 5);
      const [sliced, whole] = [await receiver(7), await receiver(Number.POSITIVE_INFINITY)];
      expect(records).toBeGreaterThan(70);

      const ok = { status: 200, body: Buffer.from(isJson ? '{}' : '') };
      expect(await send(sliced, capture, body)).toEqual(ok);
      expect(await send(whole, capture, body)).toEqual(ok);

      expect(storeContents(sliced.db)).toEqual(storeContents(whole.db));
      expect(queuedForwards(sliced.db)).toBe(1);
      const before = storeContents(sliced.db);
      expect((await send(sliced, capture, body)).status).toBe(200);
      expect(storeContents(sliced.db)).toEqual(before);
      expect(queuedForwards(sliced.db)).toBe(1);
    },
  );

  it('a try that dies at any pause between pieces or slices leaves what its retry completes: every row once, one forward copy', async () => {
    const { capture, body } = combined('metrics', false, 1);
    const reference = scratch();
    ingest(createWriter(reference.db), 'metrics', 'protobuf', body, 0);
    const expected = storeContents(reference.db);
    let pauses = 0;
    await createSlicedIngest(createWriter(reference.db), { sliceRecords: 10, between: async () => void (pauses += 1) }).ingest('metrics', 'protobuf', body, 0);
    expect(pauses).toBeGreaterThan(8);

    for (let death = 1; death <= pauses; death += 1) {
      const store = scratch();
      const queue = createForwardQueue(store.db);
      const queueCopy = () =>
        queue.enqueue(['http://127.0.0.1:9/'], { signal: 'metrics', contentType: capture.headers['content-type']!, contentEncoding: null, body }, 0);
      let seen = 0;
      const dies = async () => {
        seen += 1;
        if (seen === death) throw new Error('the process died');
      };
      await expect(
        createSlicedIngest(createWriter(store.db), { sliceRecords: 10, between: dies }).ingest('metrics', 'protobuf', body, 0, queueCopy),
      ).rejects.toThrow('the process died');
      // The next process (a new writer, no cache) gets the exporter's retry.
      await createSlicedIngest(createWriter(store.db), { sliceRecords: 10 }).ingest('metrics', 'protobuf', body, 0, queueCopy);
      expect({ death, contents: storeContents(store.db), queued: queuedForwards(store.db) }).toEqual({ death, contents: expected, queued: 1 });
    }
  });

  it('a full disk after some slices: 503 saying what was kept; the retry stores the rest once and forwards once', async () => {
    const { capture, body, records } = combined('logs', false, 3);
    const reference = scratch();
    ingest(createWriter(reference.db), 'logs', 'protobuf', body, 0);
    // The body is cut and its pieces decoded first (no writes; a pause after the cut and after each
    // piece but the last); then a pause after each slice but the last.
    const decodingPauses = Math.ceil(records / 7);
    let pauses = 0;
    const store: TempReceiver = await receiver(7, async () => {
      pauses += 1;
      if (pauses === decodingPauses + 2) store.db.pragma(`max_page_count = ${store.db.pragma('page_count', { simple: true }) as number}`);
    });

    const refused = await send(store, capture, body);

    expect(refused.status).toBe(503);
    expect(statusType.toObject(statusType.decode(refused.body)).message).toMatch(
      new RegExp(`\\(SQLITE_FULL\\); 14 of ${records} records were stored before it \\(a retry stores the rest, once\\), the disk is full`),
    );
    store.db.pragma('max_page_count = 1000000');
    expect((await send(store, capture, body)).status).toBe(200);
    expect(storeContents(store.db)).toEqual(storeContents(reference.db));
    expect(queuedForwards(store.db)).toBe(1);
  });

  it('cumulative totals are differenced exactly across slices, with a late point of the same run stored between two of them', async () => {
    const point = (second: number, total: number) => ({
      attributes: [{ key: 'session.id', value: { stringValue: 's1' } }],
      startTimeUnixNano: '1000000000',
      timeUnixNano: `${second}000000000`,
      asDouble: total,
    });
    const request = (points: unknown[]) =>
      Buffer.from(
        JSON.stringify({
          resourceMetrics: [
            {
              scopeMetrics: [
                { metrics: [{ name: 'claude_code.cost.usage', unit: 'USD', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: points } }] },
              ],
            },
          ],
        }),
      );
    const run = request(Array.from({ length: 30 }, (_, i) => point(10 + 2 * i, (i + 1) * 0.5)));
    // Stored between the 2nd and 3rd slice: one point falls between two stored points (the one after
    // it is differenced anew), the other ahead of every stored one (the slices after it difference against it).
    const late = request([point(19, 2.75), point(41, 8.25)]);
    const reference = scratch();
    ingest(createWriter(reference.db), 'metrics', 'json', run, 0);
    ingest(createWriter(reference.db), 'metrics', 'json', late, 0);
    const store = scratch();
    let pauses = 0;
    const decodingPauses = Math.ceil(30 / 4);
    // Slices before the last commit without an fsync; whatever runs between them must see the connection as it was.
    const syncLevels = new Set<unknown>();
    const between = async () => {
      syncLevels.add(store.db.pragma('synchronous', { simple: true }));
      if ((pauses += 1) === decodingPauses + 2) ingest(createWriter(store.db), 'metrics', 'json', late, 0);
    };

    await createSlicedIngest(createWriter(store.db), { sliceRecords: 4, between }).ingest('metrics', 'json', run, 0);

    const deltas = (db: Db) => db.prepare('SELECT end_ns, value, delta FROM metric_points ORDER BY end_ns').safeIntegers().all();
    expect(pauses).toBeGreaterThan(decodingPauses + 2);
    expect(store.db.prepare('SELECT end_ns / 1000000000 FROM metric_points ORDER BY id').pluck().all().slice(8, 10)).toEqual([19, 41]);
    expect(deltas(store.db)).toEqual(deltas(reference.db));
    expect(store.db.prepare('SELECT TOTAL(delta) FROM metric_points').pluck().get()).toBeCloseTo(15, 9);
    expect(storeContents(store.db)).toEqual(storeContents(reference.db));
    expect([...syncLevels, store.db.pragma('synchronous', { simple: true })]).toEqual([2, 2]);
  });

  it('a retry sent while its first try is still being stored: both answered 200 once all is stored, one forward copy', async () => {
    const { capture, body } = combined('logs', false, 2);
    const reference = scratch();
    ingest(createWriter(reference.db), 'logs', 'protobuf', body, 0);
    const store = await receiver(5);

    const answers = await Promise.all([send(store, capture, body), send(store, capture, body)]);

    expect(answers.map((a) => a.status)).toEqual([200, 200]);
    expect(storeContents(store.db)).toEqual(storeContents(reference.db));
    expect(queuedForwards(store.db)).toBe(1);
  });

  it('a record that does not decode in a later piece fails the whole request with 400, naming its place in the request, before anything is stored', async () => {
    const record = (t: string) => ({
      timeUnixNano: t,
      body: { stringValue: 'claude_code.user_prompt' },
      attributes: [{ key: 'session.id', value: { stringValue: 's1' } }],
    });
    const records = Array.from({ length: 20 }, (_, i) => record(`${1000 + i}000000000`));
    records[15] = record('soon');
    const store = await receiver(7);

    const res = await post(`${store.receiver.url}/v1/logs`, JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] }), {
      'content-type': 'application/json',
    });

    expect(res.status).toBe(400);
    expect(JSON.parse(res.body.toString()).message).toMatch(
      /^resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[15\]\.timeUnixNano: expected unsigned nanoseconds/,
    );
    expect(store.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
    expect(queuedForwards(store.db)).toBe(0);
  });
});
