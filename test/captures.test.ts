// The real Claude Code captures, through the real receiver into a real SQLite file: the stored figures
// equal what the scripted API reported, events and metrics agree, and a second delivery changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessions } from '../src/store/read/sessions.js';
import { summary } from '../src/store/read/summary.js';
import { apiUsage, captureCases, capturedRequests, usageTotals } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver();
});
afterEach(async () => {
  await store.stop();
});

async function deliver(caseName: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const request of capturedRequests(caseName)) {
    statuses.push((await post(`${store.receiver.url}${request.path}`, request.body, request.headers)).status);
  }
  return statuses;
}

function storedCounts() {
  return {
    events: store.db.prepare('SELECT COUNT(*) FROM events').pluck().get(),
    points: store.db.prepare('SELECT COUNT(*) FROM metric_points').pluck().get(),
    deltaTotal: store.db.prepare('SELECT TOTAL(delta) FROM metric_points').pluck().get(),
  };
}

function eventCost(sessionId: string): number {
  return store.db.prepare("SELECT TOTAL(cost_usd) FROM events WHERE name = 'api_request' AND session_id = ?").pluck().get(sessionId) as number;
}

function metricTotal(sessionId: string, metric: string, type?: string): number {
  return store.db
    .prepare('SELECT TOTAL(p.delta) FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.session_id = ? AND s.name = ? AND (? IS NULL OR s.type = ?)')
    .pluck()
    .get(sessionId, metric, type ?? null, type ?? null) as number;
}

describe('real Claude Code captures', () => {
  it('covers protobuf, JSON, gzip, delta and cumulative', () => {
    const all = captureCases.flatMap((c) => capturedRequests(c));
    expect(new Set(all.map((r) => r.headers['content-type']))).toEqual(new Set(['application/x-protobuf', 'application/json']));
    expect(all.some((r) => r.headers['content-encoding'] === 'gzip')).toBe(true);
    expect(captureCases).toContain('proto-gzip-cumulative-mixed');
  });

  it.each(captureCases)('%s: stored tokens equal what the API reported; events and metrics agree', async (caseName) => {
    expect(await deliver(caseName)).toEqual(capturedRequests(caseName).map(() => 200));
    const rows = sessions(store.db, {});
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const reported = usageTotals(apiUsage(caseName).filter((r) => r.status === 200));
    expect(row.tokens).toEqual({ ...reported, total: reported.input + reported.output });
    expect(row.apiRequests).toBe(apiUsage(caseName).filter((r) => r.status === 200).length);
    expect(row.costUsd).toBeCloseTo(eventCost(row.sessionId), 12);
    expect(row.costUsd).toBeCloseTo(metricTotal(row.sessionId, 'claude_code.cost.usage'), 12);
    expect(metricTotal(row.sessionId, 'claude_code.token.usage', 'input')).toBe(reported.input);
    expect(metricTotal(row.sessionId, 'claude_code.token.usage', 'cacheRead')).toBe(reported.cacheRead);
    expect(row.costUsd).toBeGreaterThan(0);
  });

  it.each(captureCases)('%s: delivering every request again changes nothing', async (caseName) => {
    await deliver(caseName);
    const before = { counts: storedCounts(), rows: sessions(store.db, {}) };
    expect(await deliver(caseName)).toEqual(capturedRequests(caseName).map(() => 200));
    expect({ counts: storedCounts(), rows: sessions(store.db, {}) }).toEqual(before);
  });

  it('all captures together: dashboard totals equal the sum of the sessions', async () => {
    for (const c of captureCases) await deliver(c);
    const rows = sessions(store.db, {});
    const s = summary(store.db, { nowMs: Date.parse('2026-11-26T00:00:00Z') });
    expect(rows).toHaveLength(captureCases.length);
    expect(s.sessions).toBe(captureCases.length);
    expect(s.costUsd).toBeCloseTo(rows.reduce((n, r) => n + (r.costUsd ?? 0), 0), 12);
    expect(s.tokens.input).toBe(rows.reduce((n, r) => n + r.tokens.input, 0));
    expect(s.tokens.cacheRead).toBe(rows.reduce((n, r) => n + r.tokens.cacheRead, 0));
    expect(s.apiRequests.total).toBe(rows.reduce((n, r) => n + (r.apiRequests ?? 0), 0));
    expect(s.toolCalls.total).toBe(rows.reduce((n, r) => n + (r.toolCalls ?? 0), 0));
    expect(s.buckets.reduce((n, b) => n + b.costUsd, 0)).toBeCloseTo(s.costUsd, 12);
    const titleCost = store.db.prepare("SELECT TOTAL(cost_usd) FROM events WHERE query_source = 'generate_session_title'").pluck().get() as number;
    expect(s.costSplit.auxiliary).toBeCloseTo(titleCost, 12);
    expect(s.costSplit.main + s.costSplit.subagent + s.costSplit.auxiliary).toBeCloseTo(s.costUsd, 12);
    expect(s.cacheHitRatio).toBeCloseTo(s.tokens.cacheRead / (s.tokens.input + s.tokens.cacheRead + s.tokens.cacheCreation), 12);
  });

  it('burn rate is the cost of the last 15 minutes per hour; the live session is the latest one', async () => {
    for (const c of captureCases) await deliver(c);
    const lastMs = store.db.prepare('SELECT MAX(time_ms) FROM events').pluck().get() as number;
    const soon = summary(store.db, { nowMs: lastMs + 60_000 });
    const later = summary(store.db, { nowMs: lastMs + 60 * 60_000 });
    const latest = sessions(store.db, { sort: 'startTime' }).sort((a, b) => b.endTime.localeCompare(a.endTime))[0]!;
    expect(soon.burnRateUsdPerHour).toBeCloseTo(soon.costUsd * 4, 12);
    expect(soon.currentSession).toEqual({ sessionId: latest.sessionId, costUsd: latest.costUsd, usdPerHour: (latest.costUsd! * 3_600_000) / Math.max(latest.durationMs, 60_000) });
    expect([later.burnRateUsdPerHour, later.currentSession]).toEqual([0, null]);
  });

  it('the failing session counts its api_error and costs only the request that succeeded', async () => {
    await deliver('proto-delta-fail');
    const [row] = sessions(store.db, {});
    expect(row).toMatchObject({ errors: 1, apiRequests: 1, prompts: 1, tokens: { input: 1007, output: 51 } });
    expect(row!.costUsd).toBeCloseTo(0.007935, 12);
  });

  it('the edit session reports the lines the metric counted', async () => {
    await deliver('json-delta-edit');
    expect(sessions(store.db, {})[0]).toMatchObject({ linesAdded: 5, linesRemoved: 2, toolCalls: 2, errors: 0 });
  });
});

describe('a page of sessions', () => {
  it.each(['startTime', 'durationMs', 'costUsd', 'tokens', 'prompts', 'agents', 'toolCalls', 'errors', 'user', 'model'] as const)('sorted in SQL by %s is the start of the full sorted list', async (sort) => {
    for (const c of captureCases) await deliver(c);
    const pages = [false, true].map((ascending) => sessions(store.db, { sort, ascending, limit: 4 }));
    const full = [false, true].map((ascending) => sessions(store.db, { sort, ascending }).slice(0, 4));
    expect(pages).toEqual(full);
  });
});

describe('the sessions filter', () => {
  it.each([
    ['hello.py', ['0a000000-0000-4000-8000-000000000001']],
    ['HELLO.PY', ['0a000000-0000-4000-8000-000000000001']],
    ['haiku', ['0a000000-0000-4000-8000-000000000005']],
    ['-000000000006', ['0a000000-0000-4000-8000-000000000006']],
    ['100%', []],
    ['l_o', []],
  ])('%j finds %j (id, user, model used, or prompt text)', async (filter, expected) => {
    for (const c of captureCases) await deliver(c);
    const ids = (q: Parameters<typeof sessions>[1]) => sessions(store.db, q).map((r) => r.sessionId).sort();
    expect(ids({ filter })).toEqual(expected);
    expect(ids({ filter, limit: 10 })).toEqual(expected);
  });
});
