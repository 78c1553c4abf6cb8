// Requests that are ready at the same time share one transaction and one fsync. Sharing must change
// nothing a request stores or is told: each stores what it stores alone, in the order they came; a
// record one of them cannot store is rejected alone; a request that fails on its own fails alone; a
// failure of the store refuses every request in the transaction and keeps nothing of any; a retry in
// the same or a later transaction adds nothing and is not forwarded again.
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { ingest, type IngestResult } from '../src/receiver/ingest.js';
import { createSlicedIngest } from '../src/receiver/sliced-ingest.js';
import type { Signal } from '../src/otlp/types.js';
import { createForwardQueue } from '../src/store/forward-queue.js';
import type { Db } from '../src/store/open.js';
import { rebuildDerived } from '../src/store/rollups.js';
import { createWriter } from '../src/store/write.js';
import { captureCases, captureCases2_1_332, captures2_1_332Dir, capturedRequests, type CapturedRequest } from './helpers/captures.js';
import { distinctRequest } from './helpers/distinct-requests.js';
import { encode, isProtobuf, messageOf } from './helpers/record-mutations.js';
import { queuedForwards, storeContents } from './helpers/store-contents.js';
import { post, tempReceiver, tempStore, type TempStore } from './helpers/temp-store.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function scratch(): TempStore {
  const store = tempStore();
  cleanups.push(() => store.close());
  return store;
}

interface Request {
  signal: Signal;
  encoding: 'json' | 'protobuf';
  /** As decoded (gunzipped). */
  body: Buffer;
  wire: { path: string; headers: Record<string, string>; body: Buffer };
  sessionId: string;
}

const captures: CapturedRequest[] = [
  ...captureCases.flatMap((c) => capturedRequests(c)),
  ...captureCases2_1_332.flatMap((c) => capturedRequests(c, captures2_1_332Dir)),
];

function requestOf(capture: CapturedRequest, sessionId: string, wireBody?: Buffer): Request {
  const wire = wireBody === undefined ? distinctRequest(capture, sessionId) : { path: capture.path, headers: capture.headers, body: wireBody };
  const body = capture.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(wire.body) : wire.body;
  return { signal: capture.signal, encoding: isProtobuf(capture) ? 'protobuf' : 'json', body, wire, sessionId };
}

/** One distinct copy of every capture (its own session), in the order of the captures. */
function requests(tag: string): Request[] {
  return captures.map((c, i) => requestOf(c, `${tag}-${i}`));
}

/** The rollups and the prompt index as kept, against a rebuild from the raw rows. */
function derivedMatchesRebuild(db: Db): void {
  const kept = storeContents(db);
  rebuildDerived(db);
  expect(storeContents(db)).toEqual(kept);
}

/** One after another, each in a transaction of its own, as before group commit. */
function sequentially(db: Db, list: readonly Request[], queueCopy?: (r: Request) => () => void): (IngestResult | string)[] {
  const writer = createWriter(db);
  return list.map((r) => {
    try {
      return ingest(writer, r.signal, r.encoding, r.body, 0, queueCopy?.(r));
    } catch (error) {
      return (error as Error).message;
    }
  });
}

/** All started in one turn of the event loop, as requests whose bodies arrived together. */
async function together(
  db: Db,
  list: readonly Request[],
  queueCopy?: (r: Request) => () => void,
): Promise<{ results: (IngestResult | string)[]; commits: number[] }> {
  const commits: number[] = [];
  const sliced = createSlicedIngest(createWriter(db), { group: { onCommit: (writes) => commits.push(writes) } });
  const settled = await Promise.allSettled(list.map((r) => sliced.ingest(r.signal, r.encoding, r.body, 0, queueCopy?.(r))));
  return { results: settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message)), commits };
}

function forwarding(db: Db, counts: Map<string, number>, failing?: string): (r: Request) => () => void {
  const queue = createForwardQueue(db);
  return (r) => () => {
    if (r.sessionId === failing) throw new Error('the forward copy could not be queued');
    queue.enqueue(['http://127.0.0.1:9/'], { signal: r.signal, contentType: r.wire.headers['content-type']!, contentEncoding: null, body: r.body }, 0);
    counts.set(r.sessionId, (counts.get(r.sessionId) ?? 0) + 1);
  };
}

describe('group commit', () => {
  it('requests ready together share one transaction, and each stores and is told exactly what it would be alone', async () => {
    const list = requests('s');
    const [reference, grouped] = [scratch(), scratch()];
    const [referenceCopies, groupedCopies] = [new Map<string, number>(), new Map<string, number>()];
    const expected = sequentially(reference.db, list, forwarding(reference.db, referenceCopies));

    const { results, commits } = await together(grouped.db, list, forwarding(grouped.db, groupedCopies));

    expect(commits).toEqual([list.length]);
    expect(results).toEqual(expected);
    expect(storeContents(grouped.db)).toEqual(storeContents(reference.db));
    expect(groupedCopies).toEqual(new Map(list.map((r) => [r.sessionId, 1])));
    expect(queuedForwards(grouped.db)).toBe(list.length);
    derivedMatchesRebuild(grouped.db);
  });

  it('a record one request cannot store is rejected alone: that request is told so, and every other request is stored whole', async () => {
    const list = requests('bad');
    const jsonMetrics = captures.findIndex((c) => c.signal === 'metrics' && !isProtobuf(c));
    const message = messageOf({ ...captures[jsonMetrics]!, body: list[jsonMetrics]!.wire.body });
    (
      message['resourceMetrics'] as { scopeMetrics: { metrics: { sum: { dataPoints: { timeUnixNano: string }[] } }[] }[] }[]
    )[0]!.scopeMetrics[0]!.metrics[0]!.sum.dataPoints[0]!.timeUnixNano = '18446744073709551615';
    list[jsonMetrics] = requestOf(captures[jsonMetrics]!, list[jsonMetrics]!.sessionId, encode(captures[jsonMetrics]!, message));
    const [reference, grouped] = [scratch(), scratch()];
    const expected = sequentially(reference.db, list);

    const { results, commits } = await together(grouped.db, list);

    expect(commits).toEqual([list.length]);
    expect(results).toEqual(expected);
    expect(results.map((r) => (typeof r === 'string' ? r : r.rejected))).toEqual(list.map((_, i) => (i === jsonMetrics ? 1 : 0)));
    expect(storeContents(grouped.db)).toEqual(storeContents(reference.db));
    derivedMatchesRebuild(grouped.db);
  });

  it('a record whose rollup the store refuses is found and rejected alone, in a shared transaction too', async () => {
    const list = requests('refused');
    const [reference, grouped] = [scratch(), scratch()];
    // A trigger stands in for any refusal a later schema or SQLite could raise inside one record's rollups.
    for (const { db } of [reference, grouped])
      db.exec(`CREATE TEMP TRIGGER refuse_bash BEFORE INSERT ON tool_hours WHEN NEW.tool_name = 'Bash' BEGIN SELECT RAISE(ABORT, 'no Bash today'); END`);
    const expected = sequentially(reference.db, list);

    const { results, commits } = await together(grouped.db, list);

    expect(commits).toEqual([list.length]);
    expect(results).toEqual(expected);
    expect(results.some((r) => typeof r !== 'string' && r.rejected > 0 && /no Bash today/.test(r.errorMessage))).toBe(true);
    expect(storeContents(grouped.db)).toEqual(storeContents(reference.db));
    grouped.db.exec('DROP TRIGGER refuse_bash');
    derivedMatchesRebuild(grouped.db);
  });

  it('a request that fails on its own (its forward copy cannot be queued) is refused alone; the others are stored and forwarded once', async () => {
    const list = requests('alone');
    const failing = list[2]!.sessionId;
    const [reference, grouped] = [scratch(), scratch()];
    const [referenceCopies, groupedCopies] = [new Map<string, number>(), new Map<string, number>()];
    const expected = sequentially(reference.db, list, forwarding(reference.db, referenceCopies, failing));

    const { results, commits } = await together(grouped.db, list, forwarding(grouped.db, groupedCopies, failing));

    expect(commits).toEqual([list.length]);
    expect(results[2]).toBe('the forward copy could not be queued');
    expect(results).toEqual(expected);
    expect(storeContents(grouped.db)).toEqual(storeContents(reference.db));
    expect(grouped.db.prepare('SELECT COUNT(*) FROM events WHERE session_id = ?').pluck().get(failing)).toBe(0);
    expect(groupedCopies).toEqual(referenceCopies);
    expect(queuedForwards(grouped.db)).toBe(list.length - 1);
  });

  it('the store failing in the shared transaction refuses every request in it and keeps nothing of any; their retries store all once', async () => {
    const list = requests('full');
    const [reference, grouped] = [scratch(), scratch()];
    const copies = new Map<string, number>();
    sequentially(reference.db, list);
    const pages = grouped.db.pragma('page_count', { simple: true }) as number;
    grouped.db.pragma(`max_page_count = ${pages}`);

    const refused = await together(grouped.db, list, forwarding(grouped.db, new Map()));

    expect(refused.commits).toEqual([]);
    expect(refused.results).toEqual(list.map(() => expect.stringMatching(/full/)));
    expect(storeContents(grouped.db)).toEqual(storeContents(scratch().db));
    expect(queuedForwards(grouped.db)).toBe(0);
    grouped.db.pragma(`max_page_count = ${pages * 1000}`);
    const retried = await together(grouped.db, list, forwarding(grouped.db, copies));
    expect(retried.results.every((r) => typeof r !== 'string' && r.rejected === 0 && r.duplicates === 0)).toBe(true);
    expect(storeContents(grouped.db)).toEqual(storeContents(reference.db));
    expect(queuedForwards(grouped.db)).toBe(list.length);
  });

  it('a request and its retry in one transaction, and again in the next: stored once, forwarded once', async () => {
    const [first, second] = requests('retry');
    const [reference, grouped] = [scratch(), scratch()];
    sequentially(reference.db, [first!, second!]);
    const copies = new Map<string, number>();
    const copy = forwarding(grouped.db, copies);

    const once = await together(grouped.db, [first!, first!, second!], copy);
    const again = await together(grouped.db, [second!, first!], copy);

    expect(once.commits).toEqual([3]);
    const [a, b] = once.results as IngestResult[];
    expect([a!.inserted > 0, a!.duplicates, b!.inserted, b!.duplicates]).toEqual([true, 0, 0, a!.inserted]);
    expect((again.results as IngestResult[]).map((r) => r.inserted)).toEqual([0, 0]);
    expect(storeContents(grouped.db)).toEqual(storeContents(reference.db));
    expect(copies).toEqual(
      new Map([
        [first!.sessionId, 1],
        [second!.sessionId, 1],
      ]),
    );
  });

  it('through the receiver: concurrent requests are each answered 200 after their commit, stored exactly and forwarded once', async () => {
    const list = requests('http');
    const reference = scratch();
    sequentially(reference.db, list);
    const commits: number[] = [];
    const store = await tempReceiver({
      now: () => 0,
      slices: { group: { onCommit: (writes) => commits.push(writes) } },
      forward: { upstreams: ['http://127.0.0.1:9/'], onQueued: () => undefined },
    });
    cleanups.push(() => store.stop());

    const answers = await Promise.all(list.map((r) => post(`${store.receiver.url}${r.wire.path}`, r.wire.body, r.wire.headers)));

    expect(answers.map((a) => a.status)).toEqual(list.map(() => 200));
    expect(commits.reduce((n, c) => n + c, 0)).toBe(list.length);
    expect(storeContents(store.db)).toEqual(storeContents(reference.db));
    expect(queuedForwards(store.db)).toBe(list.length);
  });
});
