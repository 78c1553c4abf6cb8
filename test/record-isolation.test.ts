// One record the store cannot take must never cost the others: it is stored, or rejected alone and
// counted in partial_success, and the request is answered 200. Only a failing store answers 5xx.
import { afterEach, describe, expect, it } from 'vitest';
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

async function send(store: TempReceiver, capture: CapturedRequest, body: Uint8Array) {
  const res = await post(`${store.receiver.url}${capture.path}`, body, { 'content-type': capture.headers['content-type']! });
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
    records[mutated]!.splice(records[mutated]!.findIndex((kv) => kv.key === 'success'), 1);

    const answer = await send(changed, toolsLogs, encode(toolsLogs, message));

    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(0);
    const before = storedRows(original.db, 'logs', sessionId);
    const after = storedRows(changed.db, 'logs', sessionId);
    expect(after.filter((_, i) => i !== mutated)).toEqual(before.filter((_, i) => i !== mutated));
    expect(JSON.parse(after[mutated]!)).toMatchObject({ name: 'tool_result', is_success: null });
    expect(changed.db.prepare('SELECT tool_calls, errors FROM session_stats').get()).toEqual(original.db.prepare('SELECT tool_calls, errors FROM session_stats').get());
  });
});
