// Hostile input, class by class (~500 generated requests; `npm run stress` sends 10,000): each bad
// request gets the right status and a message naming what is wrong, valid requests sent in between
// keep getting 200, and what is stored is exactly what the valid requests brought.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  bitFlippedProtobuf,
  compressionBombs,
  deeplyNested,
  invalidJson,
  invalidUtf8Json,
  invalidUtf8Protobuf,
  largeAttributes,
  negativeHistogramCounts,
  nonFiniteOrNegative,
  overLimit,
  randomBodies,
  rng,
  send,
  truncatedProtobuf,
  wrongContentEncodings,
  wrongContentTypes,
  wrongShapeJson,
  type Answer,
  type BadRequest,
  type Sample,
} from '../stress/lib/bad-requests.mjs';
import { captureCases, capturedRequests, isLogsOrMetrics } from './helpers/captures.js';
import { distinctRequest, expectedRows, plainBody, rowsCloseTo, sumRows, totalsOf, type Outgoing, type Rows } from './helpers/distinct-requests.js';
import { heldRequest, uploadAfterEarlyAnswer } from './helpers/serve-process.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const captures = captureCases.flatMap((c) => capturedRequests(c)).filter(isLogsOrMetrics);
const expected = expectedRows(captures);
// The generators are shared with `npm run stress` (stress/lib/bad-requests.mjs).
const samples: Sample[] = captures.map((c) => ({
  path: c.path,
  signal: c.signal,
  format: c.headers['content-type'] === 'application/json' ? 'json' : 'protobuf',
  headers: c.headers,
  raw: c.body,
  plain: plainBody(c),
}));
const protoLogs = captures.findIndex((c) => c.file === '001-logs.pb' && c.case === 'proto-delta-tools');
const maxBodyBytes = 4 * 1024 * 1024;
const random = rng(4);

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver({ maxBodyBytes, requestTimeoutMs: 500 });
});
afterEach(async () => {
  await store.stop();
});

/** Sends the bad requests in order with a distinct valid request after every fourth; returns both sets of answers. */
async function interleaved(bad: readonly BadRequest[], tag: string): Promise<{ answers: Answer[]; valid: Answer[]; validRows: Rows[] }> {
  const answers: Answer[] = [];
  const valid: Answer[] = [];
  const validRows: Rows[] = [];
  for (const [i, request] of bad.entries()) {
    answers.push(await send(store.receiver.url, request));
    if (i % 4 !== 3) continue;
    const n = (i >> 2) % captures.length;
    valid.push(await send(store.receiver.url, distinctRequest(captures[n]!, `${tag}-${i}`)));
    validRows.push(expected[n]!);
  }
  return { answers, valid, validRows };
}

const classes: { name: string; requests: BadRequest[]; status: number }[] = [
  { name: 'truncated protobuf', requests: truncatedProtobuf(samples, random, 50), status: 400 },
  { name: 'bit-flipped protobuf', requests: bitFlippedProtobuf(samples, random, 50), status: 400 },
  { name: 'random bytes', requests: randomBodies(random, 45), status: 400 },
  { name: 'invalid JSON', requests: invalidJson(samples, random, 40), status: 400 },
  { name: 'JSON of the wrong shape', requests: wrongShapeJson(48), status: 400 },
  { name: 'gzip and deflate bombs', requests: compressionBombs(maxBodyBytes, 20), status: 413 },
  { name: 'bodies over the limit (sized and chunked)', requests: overLimit(maxBodyBytes, 24), status: 413 },
  { name: 'deeply nested AnyValues (JSON and protobuf)', requests: deeplyNested(36), status: 400 },
  { name: 'NaN, Infinity and negative counter values (partial_success)', requests: nonFiniteOrNegative(40), status: 200 },
  { name: 'invalid UTF-8 in JSON', requests: invalidUtf8Json(30), status: 400 },
  { name: 'wrong content types', requests: wrongContentTypes(samples[protoLogs]!, 40), status: 415 },
  { name: 'unsupported content encodings', requests: wrongContentEncodings(samples[protoLogs]!, 20), status: 415 },
];

describe('hostile input', () => {
  it.each(classes)('$name: $requests.length requests → $status', async ({ name, requests, status }) => {
    const { answers, valid, validRows } = await interleaved(requests, name);
    expect(answers).toEqual(requests.map((r) => ({ status, message: expect.stringMatching(r.message) })));
    expect(valid).toEqual(validRows.map(() => ({ status: 200, message: '' })));
    expect(totalsOf(store.db)).toEqual(rowsCloseTo(sumRows(validRows)));
  });

  it('stores a 1 MiB attribute value once however often it is sent, and keeps serving', async () => {
    const requests = largeAttributes(20);
    const { answers, valid, validRows } = await interleaved(requests, 'large');
    expect(answers).toEqual(requests.map(() => ({ status: 200, message: '' })));
    expect(valid).toEqual(validRows.map(() => ({ status: 200, message: '' })));
    expect(totalsOf(store.db)).toEqual(rowsCloseTo(sumRows([...validRows, { events: 1, points: 1, inputTokens: 0, costUsd: 0, deltaSum: 1 }])));
    expect(store.db.prepare("SELECT length(raw_json) > 1048576 FROM events WHERE session_id = 'hostile-large-attribute'").pluck().get()).toBe(1);
  });

  it('answers an oversized body at once, and lets the client finish writing it without a reset', async () => {
    const answers = await Promise.all(Array.from({ length: 4 }, () => uploadAfterEarlyAnswer(store.receiver.url, '/v1/logs', 2 * maxBodyBytes, 1024 * 1024)));
    expect(answers).toEqual(answers.map(() => ({ status: 413, body: expect.stringMatching(/"message":"body is 8 MiB; limit is 4 MiB"/), socketError: null })));
  });

  it('answers stalled clients 408 with a message and closes them, serving others meanwhile and storing nothing of theirs', async () => {
    const slow: Outgoing = distinctRequest(captures[protoLogs]!, 'stalled');
    const held = [
      ...Array.from({ length: 5 }, () => heldRequest(store.receiver.url, slow, 100)),
      ...Array.from({ length: 5 }, () => heldRequest(store.receiver.url, slow, 0, { headersOnly: true })),
    ];
    await Promise.all(held.map((h) => h.sent));
    const meanwhile = await send(store.receiver.url, distinctRequest(captures[protoLogs]!, 'meanwhile'));
    const answers = await Promise.all(held.map((h) => h.response));
    expect(meanwhile).toEqual({ status: 200, message: '' });
    expect(answers).toEqual(
      held.map(() => ({
        status: 408,
        headers: expect.objectContaining({ connection: 'close' }),
        body: expect.stringMatching(
          /"message":"the request did not arrive in time \(headers within 500 ms, all of it within 500 ms\); closing the connection"/,
        ),
        closedByServer: expect.any(Boolean),
        elapsedMs: expect.any(Number),
      })),
    );
    // Cut off after the timeout, not before, and not much later (Node checks every 125 ms here).
    expect(answers.map((a) => a.elapsedMs >= 450 && a.elapsedMs < 2_000)).toEqual(held.map(() => true));
    expect(totalsOf(store.db)).toEqual(rowsCloseTo(expected[protoLogs]!));
  });

  it('invalid UTF-8 in a protobuf string is answered 400, as in JSON', async () => {
    const [request] = invalidUtf8Protobuf(samples[protoLogs]!, 1);
    const answer = await send(store.receiver.url, request!);
    expect(answer).toEqual({ status: 400, message: expect.stringMatching(/UTF-8/) });
  });

  it('a negative histogram count is refused', async () => {
    const [request] = negativeHistogramCounts(1);
    const answer = await send(store.receiver.url, request!);
    // Either a 400 or a partial_success rejection would do; both name the count and store nothing.
    expect([answer.message, store.db.prepare('SELECT COUNT(*) FROM metric_points').pluck().get()]).toEqual([expect.stringMatching(/count/), 0]);
  });
});
