// The real Claude Code captures, through the real receiver into a real SQLite file: the stored figures
// equal what the scripted API reported, events and metrics agree, and a second delivery changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sessions } from '../src/store/read/sessions.js';
import { summary } from '../src/store/read/summary.js';
import { apiUsage, captureCases, captureCases2_1_332, captures2_1_332Dir, capturedRequests, usageTotals } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver();
});
afterEach(async () => {
  await store.stop();
});

async function deliver(caseName: string, root?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (const request of capturedRequests(caseName, root)) {
    statuses.push((await post(`${store.receiver.url}${request.path}`, request.body, request.headers)).status);
  }
  return statuses;
}

function storedCounts() {
  return {
    events: store.db.prepare('SELECT COUNT(*) FROM events').pluck().get(),
    points: store.db.prepare('SELECT COUNT(*) FROM metric_points').pluck().get(),
    deltaTotal: store.db.prepare('SELECT TOTAL(delta) FROM metric_points').pluck().get(),
    series: store.db.prepare('SELECT COUNT(*) FROM metric_series').pluck().get(),
  };
}

function eventCost(sessionId: string): number {
  return store.db.prepare("SELECT TOTAL(cost_usd) FROM events WHERE name = 'api_request' AND session_id = ?").pluck().get(sessionId) as number;
}

function metricTotal(sessionId: string, metric: string, type?: string): number {
  return store.db
    .prepare(
      'SELECT TOTAL(p.delta) FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.session_id = ? AND s.name = ? AND (? IS NULL OR s.type = ?)',
    )
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
    expect(s.costUsd).toBeCloseTo(
      rows.reduce((n, r) => n + (r.costUsd ?? 0), 0),
      12,
    );
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
    expect(soon.currentSession).toEqual({
      sessionId: latest.sessionId,
      costUsd: latest.costUsd,
      usdPerHour: (latest.costUsd! * 3_600_000) / Math.max(latest.durationMs, 60_000),
    });
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

describe('real Claude Code 2.1.332 captures (subagent, skill, MCP, retry, commit; traces on)', () => {
  const reportedOf = (caseName: string) => apiUsage(caseName, captures2_1_332Dir).filter((r) => r.status === 200);
  /** The cost and token metric points that carry `key` (skill.name, mcp_server.name, agent.name), by its value. */
  const attributed = (key: string) =>
    store.db
      .prepare(
        `
        SELECT json_extract(s.attributes_json, '$."' || @key || '"') AS attributeValue,
          TOTAL(CASE WHEN s.name = 'claude_code.cost.usage' THEN p.delta END) AS costUsd,
          TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'input' THEN p.delta END) AS input,
          TOTAL(CASE WHEN s.name = 'claude_code.token.usage' AND s.type = 'cacheRead' THEN p.delta END) AS cacheRead
        FROM metric_points p JOIN metric_series s ON s.id = p.series_id
        WHERE json_extract(s.attributes_json, '$."' || @key || '"') IS NOT NULL GROUP BY attributeValue`,
      )
      .all({ key });
  const requestCost = (requestId: string) =>
    store.db.prepare("SELECT cost_usd FROM events WHERE name = 'api_request' AND request_id = ?").pluck().get(requestId) as number;

  it('are all here, with traces in every one but the interactive case', () => {
    expect(captureCases2_1_332).toEqual([
      'v2.1.332-interactive-statusline',
      'v2.1.332-json-gzip-skill-traces',
      'v2.1.332-json-tools-traces',
      'v2.1.332-proto-commit-traces',
      'v2.1.332-proto-cumulative-error-traces',
      'v2.1.332-proto-mcp-traces',
      'v2.1.332-proto-subagent-hooks-traces',
    ]);
    const withTraces = captureCases2_1_332.filter((c) => capturedRequests(c, captures2_1_332Dir).some((r) => r.signal === 'traces'));
    expect(withTraces).toEqual(captureCases2_1_332.filter((c) => c.endsWith('-traces')));
  });

  it.each(captureCases2_1_332)('%s: stored tokens equal what the API reported (subagents included); event cost = cost metric', async (caseName) => {
    expect(await deliver(caseName, captures2_1_332Dir)).toEqual(capturedRequests(caseName, captures2_1_332Dir).map(() => 200));
    const [row, ...others] = sessions(store.db, {});
    const reported = usageTotals(reportedOf(caseName));
    expect(others).toEqual([]);
    expect(row!.tokens).toEqual({ ...reported, total: reported.input + reported.output });
    expect(row!.apiRequests).toBe(reportedOf(caseName).length);
    expect(row!.costUsd).toBeGreaterThan(0);
    expect(row!.costUsd).toBeCloseTo(eventCost(row!.sessionId), 12);
    expect(metricTotal(row!.sessionId, 'claude_code.cost.usage')).toBeCloseTo(eventCost(row!.sessionId), 12);
    expect([metricTotal(row!.sessionId, 'claude_code.token.usage', 'input'), metricTotal(row!.sessionId, 'claude_code.token.usage', 'cacheRead')]).toEqual([
      reported.input,
      reported.cacheRead,
    ]);
  });

  it.each(captureCases2_1_332)('%s: delivering every request again changes nothing', async (caseName) => {
    await deliver(caseName, captures2_1_332Dir);
    const before = { counts: storedCounts(), rows: sessions(store.db, {}) };
    expect(await deliver(caseName, captures2_1_332Dir)).toEqual(capturedRequests(caseName, captures2_1_332Dir).map(() => 200));
    expect({ counts: storedCounts(), rows: sessions(store.db, {}) }).toEqual(before);
  });

  it("the subagent session: the haiku requests are the subagent's, and its metric points say so (agent.name)", async () => {
    await deliver('v2.1.332-proto-subagent-hooks-traces', captures2_1_332Dir);
    const subagent = usageTotals(reportedOf('v2.1.332-proto-subagent-hooks-traces').filter((r) => r.kind === 'subagent'));
    const [general] = attributed('agent.name') as { attributeValue: string; costUsd: number; input: number; cacheRead: number }[];
    expect(general).toMatchObject({ attributeValue: 'general-purpose', input: subagent.input, cacheRead: subagent.cacheRead });
    expect(general!.costUsd).toBeCloseTo(requestCost('req_lab_2') + requestCost('req_lab_4'), 12);
  });

  it.each([
    ['v2.1.332-json-gzip-skill-traces', 'skill.name', 'lab-review'],
    ['v2.1.332-proto-mcp-traces', 'mcp_server.name', 'lab'],
  ])('%s: the points of the request made for the skill or MCP server keep %s, and add up to that request', async (caseName, key, value) => {
    await deliver(caseName, captures2_1_332Dir);
    // The scripted API's second request is the one made after the Skill / MCP tool ran.
    const second = usageTotals(reportedOf(caseName).filter((r) => r.n === 2));
    const rows = attributed(key) as { attributeValue: string; costUsd: number; input: number; cacheRead: number }[];
    expect(rows).toMatchObject([{ attributeValue: value, input: second.input, cacheRead: second.cacheRead }]);
    expect(rows[0]!.costUsd).toBeCloseTo(requestCost('req_lab_2'), 12);
  });
});

describe('a page of sessions', () => {
  it.each(['startTime', 'durationMs', 'costUsd', 'tokens', 'prompts', 'agents', 'toolCalls', 'errors', 'user', 'model'] as const)(
    'sorted in SQL by %s is the start of the full sorted list',
    async (sort) => {
      for (const c of captureCases) await deliver(c);
      const pages = [false, true].map((ascending) => sessions(store.db, { sort, ascending, limit: 4 }));
      const full = [false, true].map((ascending) => sessions(store.db, { sort, ascending }).slice(0, 4));
      expect(pages).toEqual(full);
    },
  );
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
    const ids = (q: Parameters<typeof sessions>[1]) =>
      sessions(store.db, q)
        .map((r) => r.sessionId)
        .sort();
    expect(ids({ filter })).toEqual(expected);
    expect(ids({ filter, limit: 10 })).toEqual(expected);
  });
});
