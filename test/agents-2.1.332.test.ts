// Claude Code 2.1.332's subagents, skills and MCP servers, from its real captures through the
// receiver into SQLite and out through the read models and the CLI: each agent's figures (the sum
// of its own requests, equal to the subagent cost metric and to what the scripted API reported),
// cost and tokens by skill / MCP server / agent type / plugin, the Agents column, the prompts a
// person typed (an agent's notification is not one), cache writes by lifetime, the sentences of the
// new events, and the subagent's own transcript cross-checked with telemetry.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionJson } from '../src/present/export/session-json.js';
import { session } from '../src/store/read/session.js';
import { sessions } from '../src/store/read/sessions.js';
import { summary } from '../src/store/read/summary.js';
import type { SessionRow, Summary } from '../src/store/read/types.js';
import { scanTranscripts } from '../src/transcripts/scan-transcripts.js';
import { apiUsage, captures2_1_332Dir, capturedRequests, usageTotals } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const subagentCase = 'v2.1.332-proto-subagent-hooks-traces';
const skillCase = 'v2.1.332-json-gzip-skill-traces';
const mcpCase = 'v2.1.332-proto-mcp-traces';
const subagentSession = '0a000000-0000-4000-8000-000000000011';
const skillSession = '0a000000-0000-4000-8000-000000000012';
const mcpSession = '0a000000-0000-4000-8000-000000000013';
/** Just after the captures (2026-11-29 23:50–23:51 UTC): past the export lag, so nothing is pending. */
const nowMs = Date.parse('2026-11-30T00:10:00Z');

let store: TempReceiver;
const db = () => ['--db', store.dbPath];

async function deliver(caseName: string): Promise<void> {
  for (const r of capturedRequests(caseName, captures2_1_332Dir)) expect((await post(`${store.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
}

/** The cost metric's points, summed, for the series whose attribute `key` is `value`. */
function metricCost(key: string, value: string): number {
  return store.db
    .prepare(
      `SELECT TOTAL(p.delta) FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.name = 'claude_code.cost.usage' AND json_extract(s.attributes_json, ?) = ?`,
    )
    .pluck()
    .get(`$."${key}"`, value) as number;
}

/** What the scripted API reported for some of a case's requests. */
const reported = (caseName: string, pick: (n: number, kind: string) => boolean) => {
  const { input, output, cacheRead, cacheCreation } = usageTotals(apiUsage(caseName, captures2_1_332Dir).filter((u) => pick(u.n, u.kind)));
  return { input, output, cacheRead, cacheCreation };
};

beforeAll(async () => {
  store = await tempReceiver();
  for (const c of [subagentCase, skillCase, mcpCase]) await deliver(c);
  // Claude Code's config folder as the subagent run left it: the session's transcript and, under
  // <session>/subagents/, the subagent's own.
  fs.cpSync(path.join(captures2_1_332Dir, subagentCase, 'projects'), path.join(store.dir, 'claude', 'projects'), { recursive: true });
  await scanTranscripts(store.db, [path.join(store.dir, 'claude', 'projects')]);
});
afterAll(async () => {
  await store.stop();
});

describe('subagents', () => {
  it("each agent's figures are the sums of its own requests: equal to the subagent cost metric and to what the API reported", () => {
    const detail = session(store.db, subagentSession, nowMs)!;
    expect(detail.subagents).toEqual([
      {
        agentId: 'a21d4b1ee8dbce6e4',
        agentType: 'general-purpose',
        model: 'claude-haiku-5-5',
        apiRequests: 2,
        costUsd: expect.closeTo(metricCost('agent.name', 'general-purpose'), 12),
        tokens: reported(subagentCase, (_n, kind) => kind === 'subagent'),
        toolUses: 1,
        durationMs: 878,
        isAsync: true,
      },
    ]);
    // subagent_completed's total_tokens (9,182) is the final request's alone, not the agent's 14,348.
    const t = detail.subagents[0]!.tokens;
    expect(t.input + t.output + t.cacheRead + t.cacheCreation).toBe(14_348);
    expect(detail.subagents[0]!.costUsd).toBeCloseTo(0.0004022, 12);
  });

  it('session --json gains `subagents` with the documented fields, in order', async () => {
    const json = JSON.parse((await runCli(['session', subagentSession, '--json', ...db()])).stdout) as SessionJson;
    expect(json.subagents.map((a) => Object.keys(a))).toEqual([
      ['agentId', 'agentType', 'model', 'apiRequests', 'costUsd', 'tokens', 'toolUses', 'durationMs', 'isAsync'],
    ]);
    expect(json.subagents[0]).toMatchObject({
      agentId: 'a21d4b1ee8dbce6e4',
      apiRequests: 2,
      tokens: { input: 2042, output: 106, cacheRead: 12_000, cacheCreation: 200 },
      isAsync: true,
    });
    const skill = JSON.parse((await runCli(['session', skillSession, '--json', ...db()])).stdout) as SessionJson;
    expect(skill.subagents).toEqual([]);
  });

  it("an asynchronous agent's notification opens a turn as the agent's result, and is not counted as a prompt", async () => {
    const detail = session(store.db, subagentSession, nowMs)!;
    expect(detail.turns.map((t) => [t.prompt, t.agentResult?.agentId ?? null])).toEqual([
      [null, null],
      ['survey the project with a subagent', null],
      [null, 'a21d4b1ee8dbce6e4'],
    ]);
    expect(detail.session).toMatchObject({ prompts: 1, agents: 1 });
    const { stdout } = await runCli(['session', subagentSession, ...db()]);
    expect(stdout).toContain('Z  agent result: a21d4b1ee8dbce6e4 — completed — Subagent: wrote sub.py.\n');
    expect(stdout).toContain('    #28 user_prompt agent result  a21d4b1ee8dbce6e4  completed  "Subagent: wrote sub.py."\n');
    expect(stdout).toContain('prompts 1  agents 1  API requests 5  tool calls 2  errors 0');
    expect(stdout).toContain(
      'agent general-purpose a21d4b1ee8dbce6e4: claude-haiku-5-5, 2 requests, $0.0004, tokens in 2,042 out 106 cache read 12,000 cache write 200, 1 tool use, 878ms, async\n',
    );
  });

  it('sessions --json rows gain `agents`; `prompts` stays what a person typed', async () => {
    const rows = JSON.parse((await runCli(['sessions', '--json', ...db()])).stdout) as SessionRow[];
    expect(rows.map((r) => [r.sessionId, r.prompts, r.agents])).toEqual([
      [subagentSession, 1, 1],
      [mcpSession, 1, 0],
      [skillSession, 1, 0],
    ]);
    const { stdout } = await runCli(['sessions', ...db()]);
    expect(stdout).toMatch(/^Start\s+Session\s+Project\s+User\s+Model\s+Prompts\s+Agents\s+Duration/m);
    expect(stdout).toMatch(/^2026-11-29 23:51Z\s+0a00000…\s+proj\s+\S+\s+claude-opus-5-5\s+1\s+1\s+2s\s+\$0\.02\s/m);
  });

  it("the cost split puts `agent:…` requests under subagent: the metric's subagent cost, the rest main", () => {
    const s = summary(store.db, { nowMs });
    expect(s.costSplit.subagent).toBeCloseTo(metricCost('query_source', 'subagent'), 12);
    expect(s.costSplit.main).toBeCloseTo(metricCost('query_source', 'main'), 12);
    expect(s.costSplit).toEqual({ main: expect.closeTo(0.04522, 12), subagent: expect.closeTo(0.0004022, 12), auxiliary: 0 });
  });

  it("the subagent's own transcript is read too: its requests are cross-checked, none is telemetry-only", () => {
    const row = sessions(store.db, { nowMs }).find((r) => r.sessionId === subagentSession)!;
    expect(row.integrity).toMatchObject({
      status: 'ok',
      reason: "all 5 of the transcript's requests are in telemetry; metrics and events agree",
      transcriptRequests: 5,
      missingRequests: 0,
      telemetryOnlyRequests: 0,
    });
    const sidechain = store.db
      .prepare('SELECT request_id FROM transcript_requests WHERE session_id = ? AND is_sidechain = 1 ORDER BY request_id')
      .pluck()
      .all(subagentSession);
    expect(sidechain).toEqual(['req_lab_2', 'req_lab_4']);
  });
});

describe('cost and tokens by skill, MCP server, agent type and plugin', () => {
  const figures = (caseName: string, n: number, costUsd: number, apiRequests: number) => ({
    costUsd: expect.closeTo(costUsd, 12),
    tokens: reported(caseName, (m) => m === n),
    apiRequests,
    unpricedRequests: 0,
  });

  it('summary: each from the requests made for it, equal to the metric points that name it', () => {
    const s = summary(store.db, { nowMs });
    expect(s.bySkill).toEqual([{ key: 'lab-review', ...figures(skillCase, 2, metricCost('skill.name', 'lab-review'), 1) }]);
    expect(s.byMcp).toEqual([
      {
        key: 'lab',
        ...figures(mcpCase, 2, metricCost('mcp_server.name', 'lab'), 1),
        tools: [{ key: 'echo', ...figures(mcpCase, 2, metricCost('mcp_tool.name', 'echo'), 1) }],
      },
    ]);
    expect(s.byAgent).toEqual([
      {
        key: 'general-purpose',
        costUsd: expect.closeTo(metricCost('agent.name', 'general-purpose'), 12),
        tokens: reported(subagentCase, (_n, kind) => kind === 'subagent'),
        apiRequests: 2,
        unpricedRequests: 0,
      },
    ]);
    expect(s.byPlugin).toEqual([]);
    expect(s.bySkill[0]!.costUsd).toBeCloseTo(0.006396, 12);
  });

  it('the same from the hourly rollups as from the raw rows', () => {
    const pick = (s: Summary) => ({ bySkill: s.bySkill, byMcp: s.byMcp, byAgent: s.byAgent, byPlugin: s.byPlugin, cacheWrites: s.cacheWrites });
    const range = { sinceMs: Date.parse('2026-11-29T20:00:00Z'), untilMs: Date.parse('2026-11-30T02:00:00Z'), nowMs };
    // Hour buckets read whole hours from the rollups; 5-minute ones read the raw rows.
    expect(pick(summary(store.db, { ...range, bucketMs: 3_600_000 }))).toEqual(pick(summary(store.db, { ...range, bucketMs: 300_000 })));
    expect(pick(summary(store.db, { ...range, bucketMs: 3_600_000 })).bySkill).toHaveLength(1);
  });

  it('metric points count for a session without events: the cost and tokens are there, the request count is not', async () => {
    const metricsOnly = await tempReceiver();
    for (const r of capturedRequests(skillCase, captures2_1_332Dir).filter((c) => c.signal === 'metrics'))
      await post(`${metricsOnly.receiver.url}${r.path}`, r.body, r.headers);
    const s = summary(metricsOnly.db, { nowMs });
    await metricsOnly.stop();
    expect(s.bySkill).toEqual([
      { key: 'lab-review', costUsd: expect.closeTo(0.006396, 12), tokens: reported(skillCase, (n) => n === 2), apiRequests: 0, unpricedRequests: 0 },
    ]);
    expect(s.cacheWrites).toEqual({ fiveMinuteTokens: null, oneHourTokens: null });
  });

  it.each([
    ['skill', [{ key: 'lab-review', apiRequests: 1, tokens: { input: 1014, output: 52, cacheRead: 4000, cacheCreation: 100 } }]],
    [
      'mcp',
      [{ key: 'lab', apiRequests: 1, tokens: { input: 1014, output: 52, cacheRead: 4000, cacheCreation: 100 }, tools: [{ key: 'echo', apiRequests: 1 }] }],
    ],
    ['agent', [{ key: 'general-purpose', apiRequests: 2, tokens: { input: 2042, output: 106, cacheRead: 12_000, cacheCreation: 200 } }]],
    ['plugin', []],
  ])('summary --by %s --json: rows of key, costUsd, tokens, apiRequests', async (by, expected) => {
    const json = JSON.parse((await runCli(['summary', '--by', by, '--json', ...db()])).stdout) as Summary & {
      by: string;
      groups: Array<Record<string, unknown>>;
    };
    expect(json.groups).toMatchObject(expected);
    expect(json.groups.map((g) => Object.keys(g).slice(0, 4))).toEqual(expected.map(() => ['key', 'costUsd', 'tokens', 'apiRequests']));
    expect(json.by).toBe(by);
  });

  it('summary --json gains bySkill, byMcp, byAgent, byPlugin and the cache writes by lifetime', async () => {
    const json = JSON.parse((await runCli(['summary', '--json', ...db()])).stdout) as Summary;
    expect([json.bySkill.length, json.byMcp.length, json.byAgent.length, json.byPlugin.length]).toEqual([1, 1, 1, 0]);
    expect(json.cacheWrites).toEqual({ fiveMinuteTokens: 0, oneHourTokens: 0 });
  });

  it('summary --by mcp prints each server and its tools', async () => {
    const { code, stdout } = await runCli(['summary', '--by', 'mcp', ...db()]);
    expect(code).toBe(0);
    expect(stdout).toContain('tokens 9,618 (in 9,147, out 471; cache read 42,000, cache write 900: 5m 0, 1h 0)\n');
    expect(stdout).toMatch(/^MCP server\s+Cost\s+Requests\s+In\s+Out\s+Cache read\s+Cache write$/m);
    expect(stdout).toMatch(/^lab\s+\$0\.0064\s+1\s+1,014\s+52\s+4,000\s+100$/m);
    expect(stdout).toMatch(/^ {2}echo\s+\$0\.0064\s+1\s+1,014\s+52\s+4,000\s+100$/m);
  });
});

describe('the new events as sentences', () => {
  it('plain session folds the start-up events into one line and says every other event', async () => {
    const { stdout } = await runCli(['session', subagentSession, ...db()]);
    expect(stdout).toContain(
      '    #0-#6 start-up managed settings none · 4 plugins (cc-plugin-agents-md, cc-plugin-telemetry, cc-plugin-privacy, cc-plugin-plugin-authoring) · 2 hooks (PreToolUse, PostToolUse)\n',
    );
    expect(stdout).not.toContain('plugin_loaded');
    expect(stdout).toContain('    #8 hook_execution_start PreToolUse:Agent  1 hook\n');
    expect(stdout).toContain('    #11 hook_execution_complete PreToolUse:Agent  ok  63ms\n');
    expect(stdout).toContain('    #24 hook_execution_complete PostToolUse:Write  2/2 ok  14ms\n');
    expect(stdout).toContain('    #16 api_request claude-haiku-5-5  $0.0002  241ms  in 1,014 out 52 cache 4,000/100  agent:builtin:general-purpose\n');
    expect(stdout).toContain('    #27 subagent_completed general-purpose  claude-haiku-5-5  async  1 tool use  878ms  last request 9,182 tokens\n');
    expect(stdout).toContain('cache write 500 (5m 0, 1h 0)\n');
  });

  it('MCP server connections and MCP-attributed requests', async () => {
    const { stdout } = await runCli(['session', mcpSession, ...db()]);
    expect(stdout).toContain(
      '    #0-#4 start-up managed settings none · 4 plugins (cc-plugin-agents-md, cc-plugin-telemetry, cc-plugin-privacy, cc-plugin-plugin-authoring)\n',
    );
    expect(stdout).toContain('    #5 mcp_server_connection lab  connected  stdio  408ms\n');
    expect(stdout).toContain('    #10 api_request claude-opus-5-5  $0.0064  30ms  in 1,014 out 52 cache 4,000/100  sdk  mcp lab/echo\n');
    expect(stdout).toContain('    #12 mcp_server_connection lab  disconnected  stdio  554ms\n');
  });

  it('session --json keeps every start-up event, typed, and the cache writes by lifetime', async () => {
    const json = JSON.parse((await runCli(['session', subagentSession, '--json', ...db()])).stdout) as SessionJson;
    expect(json.turns[0]!.events.map((e) => e.kind)).toEqual([
      'managed_settings_resolved',
      'hook_registered',
      'hook_registered',
      'plugin_loaded',
      'plugin_loaded',
      'plugin_loaded',
      'plugin_loaded',
    ]);
    expect(json.session.cacheWrites).toEqual({ fiveMinuteTokens: 0, oneHourTokens: 0 });
  });
});
