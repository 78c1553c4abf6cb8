// Bad input gets the right status and a message that says what was wrong, and stores nothing.
import zlib from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { otlpRoot } from '../src/otlp/proto/schema-root.js';
import { capturedRequests } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let store: TempReceiver;
const maxBodyBytes = 64 * 1024;
beforeEach(async () => {
  store = await tempReceiver({ maxBodyBytes });
});
afterEach(async () => {
  await store.stop();
});

const protobuf = { 'content-type': 'application/x-protobuf' };
const json = { 'content-type': 'application/json' };
const realLogs = capturedRequests('proto-delta-tools').find((r) => r.signal === 'logs')!.body;

function storedRows(): number {
  return store.db.prepare('SELECT (SELECT COUNT(*) FROM events) + (SELECT COUNT(*) FROM metric_points) + (SELECT COUNT(*) FROM spans)').pluck().get() as number;
}

const statusType = otlpRoot.lookupType('otlp.Status');

/** The error's message from a google.rpc.Status, in whichever encoding the receiver answered. */
function errorMessage(contentType: string | null, body: Buffer): string {
  const status = contentType === 'application/x-protobuf' ? statusType.toObject(statusType.decode(body)) : JSON.parse(body.toString());
  return (status as { message: string }).message;
}

function deep(levels: number): unknown {
  let value: unknown = { stringValue: 'x' };
  for (let i = 0; i < levels; i += 1) value = { arrayValue: { values: [value] } };
  return value;
}

const cases: { name: string; path: string; method?: string; headers: Record<string, string>; body?: Uint8Array | string; status: number; message: RegExp }[] = [
  {
    name: 'truncated protobuf',
    path: '/v1/logs',
    headers: protobuf,
    body: realLogs.subarray(0, 100),
    status: 400,
    message: /invalid protobuf ExportLogsServiceRequest/,
  },
  { name: 'invalid JSON', path: '/v1/metrics', headers: json, body: '{"resourceMetrics": [', status: 400, message: /invalid JSON/ },
  { name: 'JSON of the wrong shape', path: '/v1/logs', headers: json, body: '{"resourceLogs": 5}', status: 400, message: /resourceLogs: expected an array/ },
  {
    name: 'a wrong field type deep inside',
    path: '/v1/logs',
    headers: json,
    body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: 'soon' }] }] }] }),
    status: 400,
    message: /resourceLogs\[0\]\.scopeLogs\[0\]\.logRecords\[0\]\.timeUnixNano/,
  },
  {
    name: 'a metric without data',
    path: '/v1/metrics',
    headers: json,
    body: JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm' }] }] }] }),
    status: 400,
    message: /metric "m" has no data/,
  },
  {
    name: 'deeply nested values',
    path: '/v1/logs',
    headers: json,
    body: JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ body: deep(40) }] }] }] }),
    status: 400,
    message: /nested deeper than 32/,
  },
  { name: 'a JSON array body', path: '/v1/logs', headers: json, body: '[]', status: 400, message: /must be an object/ },
  { name: 'invalid UTF-8 JSON', path: '/v1/logs', headers: json, body: Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), status: 400, message: /not valid UTF-8/ },
  { name: 'an unknown path', path: '/v1/profiles', headers: protobuf, body: realLogs, status: 404, message: /no such path \/v1\/profiles/ },
  { name: 'GET on a signal path', path: '/v1/logs', method: 'GET', headers: {}, status: 405, message: /GET is not allowed/ },
  {
    name: 'an unsupported content type',
    path: '/v1/logs',
    headers: { 'content-type': 'text/plain' },
    body: 'hi',
    status: 415,
    message: /Content-Type "text\/plain" is not supported/,
  },
  {
    name: 'an unsupported content encoding',
    path: '/v1/logs',
    headers: { ...protobuf, 'content-encoding': 'br' },
    body: realLogs,
    status: 415,
    message: /Content-Encoding "br"/,
  },
  {
    name: 'a body over the limit',
    path: '/v1/logs',
    headers: json,
    body: `{"resourceLogs":[],"pad":"${'x'.repeat(maxBodyBytes)}"}`,
    status: 413,
    message: /limit is 64 KiB/,
  },
  {
    name: 'a gzip bomb',
    path: '/v1/logs',
    headers: { ...json, 'content-encoding': 'gzip' },
    body: zlib.gzipSync(Buffer.alloc(10 * 1024 * 1024, 0x20)),
    status: 413,
    message: /after gzip decompression/,
  },
  {
    name: 'broken gzip',
    path: '/v1/logs',
    headers: { ...protobuf, 'content-encoding': 'gzip' },
    body: Buffer.from('not gzip at all'),
    status: 400,
    message: /not valid gzip data/,
  },
  {
    name: 'a browser request (Origin header)',
    path: '/v1/logs',
    headers: { ...json, origin: 'http://evil.example' },
    body: '{}',
    status: 403,
    message: /requests from browsers/,
  },
];

describe('receiver errors', () => {
  it.each(cases)('$name → $status', async ({ path, method, headers, body, status, message }) => {
    const res = await fetch(`${store.receiver.url}${path}`, { method: method ?? 'POST', headers, ...(body === undefined ? {} : { body }) });
    const text = Buffer.from(await res.arrayBuffer());
    expect(res.status).toBe(status);
    expect(errorMessage(res.headers.get('content-type'), text)).toMatch(message);
    expect(storedRows()).toBe(0);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a protobuf request with a protobuf google.rpc.Status', async () => {
    const res = await post(`${store.receiver.url}/v1/metrics`, Buffer.from([0x0a, 0xff]), protobuf);
    const status = statusType.toObject(statusType.decode(res.body));
    expect(res.status).toBe(400);
    expect(res.contentType).toBe('application/x-protobuf');
    expect(status).toMatchObject({ code: 3, message: expect.stringMatching(/invalid protobuf ExportMetricsServiceRequest/) });
  });

  it('keeps serving valid requests after bad ones', async () => {
    await post(`${store.receiver.url}/v1/logs`, realLogs.subarray(0, 50), protobuf);
    const res = await post(`${store.receiver.url}/v1/logs`, realLogs, protobuf);
    expect(res.status).toBe(200);
    expect(storedRows()).toBeGreaterThan(0);
  });

  it('rejects non-finite and negative counter points with partial_success, storing the rest', async () => {
    const point = (asDouble: unknown, t: string) => ({
      attributes: [{ key: 'session.id', value: { stringValue: 's1' } }],
      startTimeUnixNano: '1000000000',
      timeUnixNano: t,
      asDouble,
    });
    const body = {
      resourceMetrics: [
        {
          scopeMetrics: [
            {
              metrics: [
                {
                  name: 'claude_code.cost.usage',
                  unit: 'USD',
                  sum: {
                    aggregationTemporality: 'AGGREGATION_TEMPORALITY_DELTA',
                    isMonotonic: true,
                    dataPoints: [point('NaN', '2000000000'), point(-1, '3000000000'), point(0.5, '4000000000')],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const res = await post(`${store.receiver.url}/v1/metrics`, JSON.stringify(body), json);
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body.toString())).toEqual({
      partialSuccess: { rejectedDataPoints: '2', errorMessage: expect.stringMatching(/not a finite number.*cannot be negative/) },
    });
    expect(store.db.prepare('SELECT value FROM metric_points').pluck().all()).toEqual([0.5]);
  });

  it('accepts traces and stores each distinct span once', async () => {
    const spans = {
      resourceSpans: [
        {
          scopeSpans: [
            {
              scope: { name: 'com.anthropic.claude_code.tracing' },
              spans: [
                {
                  traceId: '0af7651916cd43dd8448eb211c80319c',
                  spanId: 'b7ad6b7169203331',
                  name: 'claude_code.interaction',
                  startTimeUnixNano: '1',
                  endTimeUnixNano: '2',
                },
              ],
            },
          ],
        },
      ],
    };
    const first = await post(`${store.receiver.url}/v1/traces`, JSON.stringify(spans), json);
    const again = await post(`${store.receiver.url}/v1/traces`, JSON.stringify(spans), json);
    expect([first.status, again.status]).toEqual([200, 200]);
    expect(store.db.prepare('SELECT trace_id, span_id, start_ms, end_ms FROM spans').all()).toEqual([
      { trace_id: '0af7651916cd43dd8448eb211c80319c', span_id: 'b7ad6b7169203331', start_ms: 0, end_ms: 0 },
    ]);
  });
});

describe('with --token', () => {
  let guarded: TempReceiver;
  beforeEach(async () => {
    guarded = await tempReceiver({ token: 's3cret-token' });
  });
  afterEach(async () => {
    await guarded.stop();
  });

  it.each([
    [{}, 401],
    [{ authorization: 'Bearer wrong' }, 401],
    [{ authorization: 'Bearer s3cret-token' }, 200],
    [{ 'x-api-key': 's3cret-token' }, 200],
    [{ authorization: 'Basic s3cret-token' }, 401],
  ])('%j → %i', async (headers, status) => {
    const res = await post(`${guarded.receiver.url}/v1/logs`, realLogs, { ...protobuf, ...headers });
    const stored = guarded.db.prepare('SELECT COUNT(*) FROM events').pluck().get();
    expect([res.status, stored === 0]).toEqual([status, status !== 200]);
  });
});
