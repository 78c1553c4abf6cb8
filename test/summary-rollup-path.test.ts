// The dashboard summary's whole hours come from the hourly rollups (the events' session-free
// event_usage_hours / event_decision_hours, and the metrics rows of the sessions priced from metrics
// through the by-session indexes); with sub-hour buckets every figure comes from the raw rows. Both
// must give the same figures: on the real Claude Code captures, on the bench's generated sessions
// (a few of them with metrics and no api_request events), and on metric points without a session.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { batchedRequests, emptyStats } from '../bench/dataset.js';
import type { DatasetSpec } from '../bench/generate.js';
import { ingest } from '../src/receiver/ingest.js';
import { summary, type SummaryQuery } from '../src/store/read/summary.js';
import type { Summary } from '../src/store/read/types.js';
import { createWriter } from '../src/store/write.js';
import { captureCases, captureCases2_1_332, captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver();
});
afterEach(async () => {
  await store.stop();
});

/** Every figure but the buckets' width, floats to 1e-9 (a sum of sums may differ from a sum in the last bit); the buckets summed per hour. */
function figures(s: Summary): unknown {
  const round = (v: unknown): unknown => {
    if (typeof v === 'number') return Number.isInteger(v) ? v : Math.round(v * 1e9) / 1e9;
    if (Array.isArray(v)) return v.map(round);
    if (v !== null && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, round(x)]));
    return v;
  };
  const hours = new Map<
    number,
    { costUsd: number; tokens: number; requests: number; tools: number; accepts: number; rejects: number; activeSeconds: number }
  >();
  for (const b of s.buckets) {
    const hour = Math.floor(b.startMs / hourMs) * hourMs;
    const h = hours.get(hour) ?? { costUsd: 0, tokens: 0, requests: 0, tools: 0, accepts: 0, rejects: 0, activeSeconds: 0 };
    h.costUsd += b.costUsd;
    h.tokens += b.inputTokens + b.outputTokens + b.cacheReadTokens + b.cacheCreationTokens;
    h.requests += b.apiRequests;
    h.tools += b.toolCalls;
    h.accepts += b.accepts;
    h.rejects += b.rejects;
    h.activeSeconds += b.activeUserSeconds + b.activeCliSeconds;
    hours.set(hour, h);
  }
  const { range: _range, buckets: _buckets, ...rest } = s;
  return round({ ...rest, hours: [...hours].filter(([, h]) => Object.values(h).some((v) => v !== 0)) });
}

/** The summary with hourly buckets (rollups for the whole hours) beside the same with 30-minute buckets (raw rows only). */
function bothPaths(query: SummaryQuery): { rolled: unknown; raw: unknown; summary: Summary } {
  const rolled = summary(store.db, { ...query, bucketMs: hourMs });
  const raw = summary(store.db, { ...query, bucketMs: 30 * 60_000 });
  return { rolled: figures(rolled), raw: figures(raw), summary: rolled };
}

describe('dashboard summary: the hourly rollups give the raw rows’ figures', () => {
  it('on every real capture together, over ranges that start and end mid-hour', async () => {
    for (const c of captureCases) for (const r of capturedRequests(c)) await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
    for (const c of captureCases2_1_332)
      for (const r of capturedRequests(c, captures2_1_332Dir)) await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
    const first = store.db.prepare('SELECT MIN(time_ms) FROM events').pluck().get() as number;
    const last = store.db.prepare('SELECT MAX(time_ms) FROM events').pluck().get() as number;
    for (const query of [
      { sinceMs: first - 7 * dayMs - 17 * 60_000, untilMs: last + 3 * hourMs + 11 * 60_000, nowMs: last + 4 * hourMs },
      { nowMs: last + dayMs },
    ]) {
      const { rolled, raw, summary: s } = bothPaths(query);
      expect(rolled).toEqual(raw);
      expect(s.apiRequests.total).toBeGreaterThan(0);
      expect(s.costUsd).toBeGreaterThan(0);
    }
  });

  it('on the bench’s generated sessions, metrics-only sessions included', () => {
    const spec: DatasetSpec = { name: 'rollup-path', sessions: 40, targetEvents: 6_000, nowMs: Date.parse('2026-11-20T12:34:56Z'), seed: 7 };
    const writer = createWriter(store.db);
    for (const request of batchedRequests(spec, emptyStats())) ingest(writer, request.signal, 'protobuf', request.body, spec.nowMs);
    // The generator gives some sessions metrics and no api_request events: their cost is the metrics'.
    const metricsOnly = store.db.prepare('SELECT COUNT(*) FROM session_stats WHERE api_requests = 0 AND usage_points > 0').pluck().get() as number;
    expect(metricsOnly).toBeGreaterThan(0);
    for (const sinceMs of [spec.nowMs - 30 * dayMs, spec.nowMs - 7 * dayMs - 29 * 60_000, undefined]) {
      const { rolled, raw, summary: s } = bothPaths({ ...(sinceMs === undefined ? {} : { sinceMs }), nowMs: spec.nowMs });
      expect(rolled).toEqual(raw);
      expect(s.decisions.accept).toBeGreaterThan(0);
    }
  });

  it('on metric points without a session: counted when the range has no api_request event, else not', async () => {
    const t0 = Date.parse('2026-11-20T10:20:00Z');
    const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
    const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });
    const point = (atMs: number, value: number, extra: [string, string][]) => ({
      attributes: extra.map(([k, v]) => attr(k, v)),
      startTimeUnixNano: ns(atMs - 60_000),
      timeUnixNano: ns(atMs),
      asDouble: value,
    });
    const metrics = [];
    for (let i = 0; i < 12; i += 1) {
      const at = t0 + i * 37 * 60_000;
      metrics.push({
        name: 'claude_code.cost.usage',
        unit: 'USD',
        sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point(at, 0.03 + i / 100, [['model', 'claude-opus-4-8']])] },
      });
      metrics.push({
        name: 'claude_code.token.usage',
        unit: 'tokens',
        sum: {
          aggregationTemporality: 1,
          isMonotonic: true,
          dataPoints: [
            point(at, 100 + i, [
              ['model', 'claude-opus-4-8'],
              ['type', 'input'],
            ]),
          ],
        },
      });
      metrics.push({
        name: 'claude_code.code_edit_tool.decision',
        sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point(at, 1, [['decision', i % 4 === 0 ? 'reject' : 'accept']])] },
      });
    }
    const json = { 'content-type': 'application/json' };
    await post(`${store.receiver.url}/v1/metrics`, JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics }] }] }), json);
    const range = { sinceMs: t0 - 50 * 60_000, untilMs: t0 + 8 * hourMs + 5 * 60_000, nowMs: t0 + 9 * hourMs };
    const counted = bothPaths(range);
    expect(counted.rolled).toEqual(counted.raw);
    expect(counted.summary.costUsd).toBeGreaterThan(0.3);
    expect(counted.summary.decisions).toEqual({ accept: 9, reject: 3 });

    const event = {
      timeUnixNano: ns(t0 + 3 * hourMs),
      body: { stringValue: 'claude_code.api_request' },
      attributes: [attr('session.id', 's1'), attr('model', 'claude-opus-4-8'), attr('cost_usd', '0.5'), attr('request_id', 'r1')],
    };
    await post(`${store.receiver.url}/v1/logs`, JSON.stringify({ resourceLogs: [{ scopeLogs: [{ logRecords: [event] }] }] }), json);
    const notCounted = bothPaths(range);
    expect(notCounted.rolled).toEqual(notCounted.raw);
    expect(notCounted.summary.apiRequests.total).toBe(1);
    expect(notCounted.summary.costUsd).toBeCloseTo(0.5, 12);
  });
});
