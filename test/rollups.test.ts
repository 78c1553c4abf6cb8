// Rollups are updated as data arrives, once per transaction over its new and changed rows; they must
// equal a rebuild from the raw rows, after every kind of write: new rows, retries, late cumulative
// points (in later requests and inside one), records taken back, and prune.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../src/store/rollups.js';
import { summary } from '../src/store/read/summary.js';
import { captureCases, captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver();
});
afterEach(async () => {
  await store.stop();
});

const tables = [
  'session_stats',
  'session_models',
  'usage_hours',
  'event_usage_hours',
  'tool_hours',
  'decision_hours',
  'event_decision_hours',
  'metric_hours',
  'session_agents',
  'attribution_hours',
  'cache_write_hours',
];
const cases2_1_332 = ['v2.1.332-proto-subagent-hooks-traces', 'v2.1.332-json-gzip-skill-traces', 'v2.1.332-proto-mcp-traces'];

/** Every rollup row, floats rounded far below a cent so the order of additions does not matter. */
function snapshot(): Record<string, unknown[]> {
  const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v);
  return Object.fromEntries(
    tables.map((t) => [
      t,
      (store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all() as Record<string, unknown>[]).map((row) =>
        Object.fromEntries(Object.entries(row).map(([k, v]) => [k, round(v)])),
      ),
    ]),
  );
}

async function deliver(caseName: string, root?: string) {
  for (const r of capturedRequests(caseName, root)) await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
}

describe('rollups', () => {
  it('kept per transaction equal a rebuild from the raw rows, retries included', async () => {
    for (const c of captureCases) await deliver(c);
    for (const c of captureCases) await deliver(c);
    const incremental = snapshot();
    rebuildRollups(store.db);
    expect(snapshot()).toEqual(incremental);
    expect(incremental['session_stats']).toHaveLength(captureCases.length);
  });

  it("keep 2.1.332's agents, attributions and cache writes per transaction equal a rebuild, retries included", async () => {
    for (const c of cases2_1_332) await deliver(c, captures2_1_332Dir);
    for (const c of cases2_1_332) await deliver(c, captures2_1_332Dir);
    const incremental = snapshot();
    rebuildRollups(store.db);
    expect(snapshot()).toEqual(incremental);
    expect(incremental['session_agents']).toEqual([
      { session_id: '0a000000-0000-4000-8000-000000000011', agent_id: 'a21d4b1ee8dbce6e4', events: 10, notifications: 1 },
    ]);
    // Per kind, from events and from metrics alike (each session reads one of them).
    expect(
      incremental['attribution_hours']!.map((r) =>
        Object.values(r as object)
          .slice(2, 6)
          .join(' '),
      ),
    ).toEqual([
      'events agent general-purpose ',
      'metrics agent general-purpose ',
      'events skill lab-review ',
      'metrics skill lab-review ',
      'events mcp lab echo',
      'metrics mcp lab echo',
    ]);
    expect(incremental['cache_write_hours']).toEqual([{ hour_ms: Date.parse('2026-11-29T23:00:00Z'), five_minute_tokens: 0, one_hour_tokens: 0, requests: 9 }]);
  });

  it('follow a cumulative run whose points arrive out of order', async () => {
    const point = (end: number, value: number) => ({
      attributes: [
        { key: 'session.id', value: { stringValue: 's1' } },
        { key: 'type', value: { stringValue: 'cli' } },
      ],
      startTimeUnixNano: '1795617440000000000',
      timeUnixNano: String(1795617440000000000n + BigInt(end) * 1_000_000_000n),
      asDouble: value,
    });
    const request = (...points: unknown[]) =>
      JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              { metrics: [{ name: 'claude_code.active_time.total', unit: 's', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: points } }] },
            ],
          },
        ],
      });
    for (const body of [request(point(10, 5)), request(point(30, 9)), request(point(20, 6)), request(point(20, 7)), request(point(10, 5))]) {
      await post(`${store.receiver.url}/v1/metrics`, body, { 'content-type': 'application/json' });
    }
    const incremental = snapshot();
    rebuildRollups(store.db);
    expect(snapshot()).toEqual(incremental);
    expect(store.db.prepare("SELECT TOTAL(value) FROM metric_hours WHERE name = 'claude_code.active_time.total'").pluck().get()).toBe(9);
  });

  const activeTime = (end: number, value: number) => ({
    attributes: [
      { key: 'session.id', value: { stringValue: 's1' } },
      { key: 'type', value: { stringValue: 'cli' } },
    ],
    startTimeUnixNano: '1795617440000000000',
    timeUnixNano: String(1795617440000000000n + BigInt(end) * 1_000_000_000n),
    asDouble: value,
  });
  const activeTimeRequest = (...points: unknown[]) =>
    JSON.stringify({
      resourceMetrics: [
        {
          scopeMetrics: [
            { metrics: [{ name: 'claude_code.active_time.total', unit: 's', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: points } }] },
          ],
        },
      ],
    });
  const postMetrics = async (body: string) =>
    JSON.parse((await post(`${store.receiver.url}/v1/metrics`, body, { 'content-type': 'application/json' })).body.toString()) as unknown;
  const activeTotal = () => store.db.prepare("SELECT TOTAL(value) FROM metric_hours WHERE name = 'claude_code.active_time.total'").pluck().get();

  it('follow a cumulative run whose points arrive out of order inside one request (a point differenced twice in one transaction)', async () => {
    // 30 is stored after 10, then 20 lands between them: 30 is differenced anew while its first share is not yet added.
    expect(await postMetrics(activeTimeRequest(activeTime(10, 5), activeTime(30, 9), activeTime(20, 6)))).toEqual({});
    // 20 raised, 30 differenced again (both stored by an earlier transaction), a new 40, and a retry of 10.
    expect(await postMetrics(activeTimeRequest(activeTime(20, 7), activeTime(40, 12), activeTime(10, 5)))).toEqual({});
    const incremental = snapshot();
    rebuildRollups(store.db);
    expect(snapshot()).toEqual(incremental);
    expect(activeTotal()).toBe(12);
  });

  it('stay exact when a record is refused after it took back and re-added a stored point (its savepoint rolled back)', async () => {
    expect(await postMetrics(activeTimeRequest(activeTime(10, 5), activeTime(20, 6), activeTime(30, 9)))).toEqual({});
    // Raising 20 re-differences 30; the store refuses that second update, so the record is taken back whole.
    store.db.exec("CREATE TEMP TRIGGER refuse_redelta BEFORE UPDATE OF delta ON metric_points WHEN OLD.value = 9 BEGIN SELECT RAISE(ABORT, 'not now'); END");

    const answer = await postMetrics(activeTimeRequest(activeTime(40, 10), activeTime(20, 7)));

    expect(answer).toEqual({ partialSuccess: { rejectedDataPoints: '1', errorMessage: expect.stringMatching(/not now/) } });
    store.db.exec('DROP TRIGGER refuse_redelta');
    const incremental = snapshot();
    rebuildRollups(store.db);
    expect(snapshot()).toEqual(incremental);
    expect(activeTotal()).toBe(10);
  });
});

describe('summary from rollups', () => {
  const t0 = Date.parse('2026-11-20T10:20:00Z');
  const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
  const attr = (key: string, value: string | number) => ({
    key,
    value: typeof value === 'string' ? { stringValue: value } : Number.isInteger(value) ? { intValue: value } : { doubleValue: value },
  });
  const event = (session: string, seq: number, atMs: number, name: string, extra: [string, string | number][]) => ({
    timeUnixNano: ns(atMs),
    body: { stringValue: `claude_code.${name}` },
    attributes: [attr('session.id', session), attr('event.sequence', seq), ...extra.map(([k, v]) => attr(k, v))],
  });
  const point = (session: string, atMs: number, value: number, extra: [string, string][]) => ({
    attributes: [attr('session.id', session), ...extra.map(([k, v]) => attr(k, v))],
    startTimeUnixNano: ns(atMs - 60_000),
    timeUnixNano: ns(atMs),
    asDouble: value,
  });

  it('equals the same summary computed from raw rows, over hours and a range that starts mid-hour', async () => {
    const records = [];
    for (let i = 0; i < 40; i += 1) {
      const at = t0 + i * 17 * 60_000;
      records.push(
        event('with-events', i * 3, at, 'api_request', [
          ['model', i % 3 === 0 ? 'claude-haiku-4-5' : 'claude-opus-4-8'],
          ['cost_usd', 0.01 + i / 1000],
          ['input_tokens', 100 + i],
          ['output_tokens', 10],
          ['cache_read_tokens', 1000],
          ['request_id', `r${i}`],
          ['query_source', i % 5 === 0 ? 'generate_session_title' : 'sdk'],
        ]),
      );
      records.push(
        event('with-events', i * 3 + 1, at + 1000, 'tool_result', [
          ['tool_name', i % 2 === 0 ? 'Bash' : 'Edit'],
          ['success', 'true'],
        ]),
      );
      records.push(
        event('with-events', i * 3 + 2, at + 2000, 'tool_decision', [
          ['tool_name', 'Edit'],
          ['decision', i % 7 === 0 ? 'reject' : 'accept'],
        ]),
      );
    }
    const points = [];
    for (let i = 0; i < 30; i += 1) {
      const at = t0 + i * 23 * 60_000;
      points.push({
        name: 'claude_code.cost.usage',
        unit: 'USD',
        sum: {
          aggregationTemporality: 1,
          isMonotonic: true,
          dataPoints: [point('metrics-only', at, 0.02, [['model', 'claude-opus-4-8[1m]']]), point('with-events', at, 0.5, [['model', 'claude-opus-4-8[1m]']])],
        },
      });
      points.push({
        name: 'claude_code.active_time.total',
        unit: 's',
        sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point('metrics-only', at, 3, [['type', 'cli']])] },
      });
      points.push({
        name: 'claude_code.code_edit_tool.decision',
        sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point('metrics-only', at, 1, [['decision', 'accept']])] },
      });
    }
    const json = { 'content-type': 'application/json' };
    await post(`${store.receiver.url}/v1/logs`, JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: records }] }] }), json);
    await post(`${store.receiver.url}/v1/metrics`, JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: points }] }] }), json);

    const range = { sinceMs: t0 + 50 * 60_000, untilMs: t0 + 9 * 3_600_000 + 7 * 60_000, nowMs: t0 + 10 * 3_600_000 };
    const hourly = summary(store.db, { ...range, bucketMs: 3_600_000 });
    const raw = summary(store.db, { ...range, bucketMs: 30 * 60_000 });
    const figures = (s: typeof hourly) => ({
      cost: s.costUsd.toFixed(9),
      split: Object.values(s.costSplit).map((v) => v.toFixed(9)),
      tokens: s.tokens,
      requests: s.apiRequests,
      tools: s.toolCalls,
      decisions: s.decisions,
      active: s.activeTime.cliSeconds.toFixed(6),
      sessions: s.sessions,
      perModel: s.byModel.map((m) => [m.model, m.costUsd.toFixed(9), m.apiRequests]),
    });
    expect(figures(hourly)).toEqual(figures(raw));
    expect(hourly.apiRequests.total).toBeGreaterThan(20);
    expect(hourly.decisions.accept).toBeGreaterThan(hourly.toolCalls.total / 2);
    expect(hourly.costUsd).toBeGreaterThan(0.2);
  });
});
