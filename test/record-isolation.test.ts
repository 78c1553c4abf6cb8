// One record the store cannot take must never cost the others: it is stored, or rejected alone and
// counted in partial_success, and the request is answered 200. Only a failing store answers 5xx.
import { afterEach, describe, expect, it } from 'vitest';
import { otlpRoot } from '../src/otlp/proto/schema-root.js';
import { rebuildRollups } from '../src/store/rollups.js';
import type { Db } from '../src/store/open.js';
import { capturedRequests, type CapturedRequest } from './helpers/captures.js';
import { encode, messageOf, recordAttributes, storedRows } from './helpers/record-mutations.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const stores: TempReceiver[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.stop();
});

async function receiver(): Promise<TempReceiver> {
  const store = await tempReceiver({ now: () => 0 });
  stores.push(store);
  return store;
}

const toolsLogs = capturedRequests('proto-delta-tools').find((r) => r.signal === 'logs')!;
const jsonMetrics = capturedRequests('json-delta-edit').find((r) => r.signal === 'metrics')!;
const logsResponse = otlpRoot.lookupType('otlp.ExportLogsServiceResponse');
const statusType = otlpRoot.lookupType('otlp.Status');

function sessionOf(capture: CapturedRequest): string {
  return recordAttributes(capture.signal, messageOf(capture))[0]!.find((kv) => kv.key === 'session.id')!.value['stringValue'] as string;
}

const rollupTables = ['session_stats', 'session_models', 'usage_hours', 'tool_hours', 'decision_hours', 'metric_hours'];

/** The rollup rows as kept row by row; compared with a rebuild, they show that nothing was left behind. */
function rollups(db: Db): unknown {
  return rollupTables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all());
}

async function send(store: TempReceiver, capture: CapturedRequest, body: Uint8Array) {
  const headers: Record<string, string> = { 'content-type': capture.headers['content-type']! };
  if (body === capture.body && capture.headers['content-encoding'] !== undefined) headers['content-encoding'] = capture.headers['content-encoding'];
  const res = await post(`${store.receiver.url}${capture.path}`, body, headers);
  return { status: res.status, body: res.body };
}

describe('a record the rollups could not take', () => {
  it('a tool_result without `success` is stored; the request gets 200 and every other record is stored exactly', async () => {
    const message = messageOf(toolsLogs);
    const records = recordAttributes('logs', message);
    const mutated = records.findIndex((a) => a.some((kv) => kv.key === 'success'));
    const sessionId = records[0]!.find((kv) => kv.key === 'session.id')!.value['stringValue'] as string;
    const [original, changed] = [await receiver(), await receiver()];
    expect((await send(original, toolsLogs, encode(toolsLogs, message))).status).toBe(200);
    records[mutated]!.splice(
      records[mutated]!.findIndex((kv) => kv.key === 'success'),
      1,
    );

    const answer = await send(changed, toolsLogs, encode(toolsLogs, message));

    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(0);
    const before = storedRows(original.db, 'logs', sessionId);
    const after = storedRows(changed.db, 'logs', sessionId);
    expect(after.filter((_, i) => i !== mutated)).toEqual(before.filter((_, i) => i !== mutated));
    expect(changed.db.prepare('SELECT name, is_success FROM events ORDER BY id').all()[mutated]).toEqual({ name: 'tool_result', is_success: null });
    expect(changed.db.prepare('SELECT tool_calls, errors FROM session_stats').get()).toEqual(
      original.db.prepare('SELECT tool_calls, errors FROM session_stats').get(),
    );
  });

  it('a metric point the store cannot take (a time past int64) is rejected alone and counted; the rest is stored exactly', async () => {
    const message = messageOf(jsonMetrics);
    const points = (
      message['resourceMetrics'] as { scopeMetrics: { metrics: { sum: { dataPoints: { timeUnixNano: string }[] } }[] }[] }[]
    )[0]!.scopeMetrics[0]!.metrics.flatMap((m) => m.sum.dataPoints);
    const [original, changed] = [await receiver(), await receiver()];
    expect((await send(original, jsonMetrics, encode(jsonMetrics, message))).status).toBe(200);
    const mutated = 3;
    points[mutated]!.timeUnixNano = '18446744073709551615';

    const answer = await send(changed, jsonMetrics, encode(jsonMetrics, message));

    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toEqual({
      partialSuccess: { rejectedDataPoints: '1', errorMessage: expect.stringMatching(/^point of claude_code\.cost\.usage could not be stored: .*too big/) },
    });
    const sessionId = sessionOf(jsonMetrics);
    expect(storedRows(changed.db, 'metrics', sessionId)).toEqual(storedRows(original.db, 'metrics', sessionId).filter((_, i) => i !== mutated));
    expect(rollups(changed.db)).toEqual((rebuildRollups(changed.db), rollups(changed.db)));
  });

  it('a record the store refuses half-way (its event row written, a rollup refused) is taken back whole; the others stand', async () => {
    const [original, changed] = [await receiver(), await receiver()];
    expect((await send(original, toolsLogs, toolsLogs.body)).status).toBe(200);
    // A trigger stands in for any refusal a later schema or SQLite could raise inside one record's writes.
    changed.db.exec(`CREATE TEMP TRIGGER refuse_bash BEFORE INSERT ON tool_hours WHEN NEW.tool_name = 'Bash' BEGIN SELECT RAISE(ABORT, 'no Bash today'); END`);

    const answer = await send(changed, toolsLogs, toolsLogs.body);

    expect(answer.status).toBe(200);
    expect(logsResponse.toObject(logsResponse.decode(answer.body), { longs: Number })).toEqual({
      partialSuccess: { rejectedLogRecords: 1, errorMessage: 'event tool_result could not be stored: no Bash today (SQLITE_CONSTRAINT_TRIGGER)' },
    });
    const bash = original.db.prepare("SELECT id FROM events WHERE tool_name = 'Bash' AND name = 'tool_result'").pluck().get() as number;
    const sessionId = sessionOf(toolsLogs);
    expect(storedRows(changed.db, 'logs', sessionId)).toEqual(storedRows(original.db, 'logs', sessionId).filter((_, i) => i !== bash - 1));
    changed.db.exec('DROP TRIGGER refuse_bash');
    expect(rollups(changed.db)).toEqual((rebuildRollups(changed.db), rollups(changed.db)));
  });
});

describe('a failing store', () => {
  it('answers 503 (the disk is full) and keeps nothing of the request; the retry is stored whole', async () => {
    const store = await receiver();
    const pages = store.db.pragma('page_count', { simple: true }) as number;
    store.db.pragma(`max_page_count = ${pages}`);

    const refused = await send(store, toolsLogs, toolsLogs.body);

    expect(refused.status).toBe(503);
    expect(statusType.toObject(statusType.decode(refused.body)).message).toMatch(
      /^could not store the data: .*\(SQLITE_FULL\); nothing was stored, the disk is full; free some space$/,
    );
    expect(store.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(0);
    store.db.pragma(`max_page_count = ${pages * 100}`);
    expect((await send(store, toolsLogs, toolsLogs.body)).status).toBe(200);
    expect(store.db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(12);
  });
});
