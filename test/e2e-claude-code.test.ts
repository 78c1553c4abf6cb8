// End to end: the real Claude Code CLI, offline against a scripted Messages API, exports its
// telemetry to our receiver; then the built claude-otel-tui CLI reads the database back. Every
// figure is checked against what the scripted API told Claude Code, and events against metrics.
// It runs at every version claudeCodeVersions() names (default 2.1.197 and 2.1.332; set
// CLAUDE_OTEL_TUI_E2E_VERSIONS to try another), with traces on from TRACES_SINCE.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SessionJson, SessionSpanJson } from '../src/present/export/session-json.js';
import type { SessionRow, SummaryAttribution } from '../src/store/read/types.js';
import { runCli } from './helpers/cli.js';
import { claudeCodeVersions, installClaudeCode, isAtLeast, runClaudeCode, TRACES_SINCE } from './helpers/claude-code.js';
import { SKILL_NAME, startScriptedApi, type Scenario, type UsageRecord } from './helpers/scripted-messages-api.js';
import { tempReceiver } from './helpers/temp-store.js';

interface Case {
  scenario: Scenario;
  /** The first version the scenario is proven at (the Agent and Skill tools as 2.1.332 has them). */
  since: string;
  protocol: 'http/protobuf' | 'http/json';
  gzip: boolean;
  temporality: 'delta' | 'cumulative';
  prompt: string;
  exitCode: number;
  toolCalls: number;
  /** status_code of the api_error events Claude Code emitted; a retried 529 emits none. */
  apiErrors: number[];
  /** Claude Code counts a written file's lines as split('\n'), so a final newline adds one. */
  linesAdded: number;
  linesRemoved: number;
  /** HTTP statuses the scripted API answered to the main thread and subagents, in order (auxiliary requests vary by version). */
  statuses: number[];
  /** The subagent the scenario starts: its tool uses, and whether it ran in the background. */
  subagent?: { toolUses: number; isAsync: boolean };
  /** The skill the scenario invokes: requests made after it are attributed to it. */
  skill?: string;
}

const cases: Case[] = [
  {
    scenario: 'tools',
    since: '2.1.197',
    protocol: 'http/protobuf',
    gzip: false,
    temporality: 'delta',
    prompt: 'write hello.py and then show it',
    exitCode: 0,
    toolCalls: 2,
    apiErrors: [],
    linesAdded: 3,
    linesRemoved: 0,
    statuses: [200, 200, 200],
  },
  {
    scenario: 'fail',
    since: '2.1.197',
    protocol: 'http/protobuf',
    gzip: false,
    temporality: 'delta',
    prompt: 'say hello to the scripted API',
    exitCode: 1,
    toolCalls: 0,
    apiErrors: [400],
    linesAdded: 0,
    linesRemoved: 0,
    statuses: [400],
  },
  {
    scenario: 'edit',
    since: '2.1.197',
    protocol: 'http/json',
    gzip: true,
    temporality: 'delta',
    prompt: 'write hello.py then merge its last two lines',
    exitCode: 0,
    toolCalls: 2,
    apiErrors: [],
    linesAdded: 5,
    linesRemoved: 2,
    statuses: [200, 200, 200],
  },
  {
    scenario: 'mixed',
    since: '2.1.197',
    protocol: 'http/protobuf',
    gzip: true,
    temporality: 'cumulative',
    prompt: 'write x = 1, glob, read it back and list files',
    exitCode: 0,
    toolCalls: 4,
    apiErrors: [],
    linesAdded: 2,
    linesRemoved: 0,
    statuses: [200, 200, 200],
  },
  {
    scenario: 'error',
    since: '2.1.197',
    protocol: 'http/protobuf',
    gzip: false,
    temporality: 'delta',
    prompt: 'say hello even when overloaded',
    exitCode: 0,
    toolCalls: 0,
    apiErrors: [],
    linesAdded: 0,
    linesRemoved: 0,
    statuses: [529, 200],
  },
  {
    // Main (Agent tool), main (answers the launch), subagent (Write), subagent (answer), main (the agent's result).
    scenario: 'subagent',
    since: '2.1.332',
    protocol: 'http/protobuf',
    gzip: false,
    temporality: 'delta',
    prompt: 'survey the project with a subagent',
    exitCode: 0,
    toolCalls: 2,
    apiErrors: [],
    linesAdded: 2,
    linesRemoved: 0,
    statuses: [200, 200, 200, 200, 200],
    subagent: { toolUses: 1, isAsync: true },
  },
  {
    scenario: 'skill',
    since: '2.1.332',
    protocol: 'http/json',
    gzip: true,
    temporality: 'cumulative',
    prompt: 'review the project with the lab-review skill',
    exitCode: 0,
    toolCalls: 1,
    apiErrors: [],
    linesAdded: 0,
    linesRemoved: 0,
    statuses: [200, 200],
    skill: SKILL_NAME,
  },
];

/** What `session --json` prints first for every span (the README documents these). */
const spanFields = ['spanId', 'parentSpanId', 'name', 'type', 'startMs', 'durationMs', 'requestId', 'toolUseId', 'agentId', 'ttftMs', 'attempt', 'success'];

interface RequestFigures {
  requestId: string | null;
  agentId: string | null;
  tokens: { input: number | null; output: number | null; cacheRead: number | null; cacheCreation: number | null };
}

const byRequestId = (a: { requestId: string | null }, b: { requestId: string | null }): number => String(a.requestId).localeCompare(String(b.requestId));

function sumUsage(records: UsageRecord[], key: keyof NonNullable<UsageRecord['usage']>): number {
  return records.reduce((total, r) => total + (r.usage?.[key] ?? 0), 0);
}

describe.each(claudeCodeVersions())('real Claude Code %s → receiver → claude-otel-tui CLI', (version) => {
  const traces = isAtLeast(version, TRACES_SINCE);
  let bin: string;

  // An install that fails (no registry, unknown version) fails every test below: never a skip.
  beforeAll(async () => {
    bin = await installClaudeCode(version);
  }, 300_000);

  it.each(cases.filter((c) => isAtLeast(version, c.since)))(
    '$scenario over $protocol (gzip $gzip, $temporality): tokens, cost, spans, agents and the transcript agree with the API',
    async (c) => {
      const store = await tempReceiver();
      onTestFinished(() => store.stop());
      const workdir = await mkdtemp(join(tmpdir(), `claude-otel-tui-e2e-${c.scenario}-`));
      onTestFinished(() => rm(workdir, { recursive: true, force: true }));
      const api = await startScriptedApi({ scenario: c.scenario, workdir });
      onTestFinished(() => api.close());
      const sessionId = randomUUID();
      const home = await mkdtemp(join(tmpdir(), 'claude-otel-tui-e2e-home-'));
      onTestFinished(() => rm(home, { recursive: true, force: true }));

      const run = await runClaudeCode({
        home,
        bin,
        apiUrl: api.url,
        otlpEndpoint: store.receiver.url,
        prompt: c.prompt,
        sessionId,
        workdir,
        protocol: c.protocol,
        gzip: c.gzip,
        temporality: c.temporality,
        traces,
        skill: c.skill,
      });
      expect(run.exitCode, run.stderr).toBe(c.exitCode);
      expect(api.records.filter((r) => r.kind !== 'aux').map((r) => r.status)).toEqual(c.statuses);
      const auxiliary = api.records.filter((r) => r.kind === 'aux');
      expect(auxiliary.map((r) => r.status)).toEqual(auxiliary.map(() => 200));

      // What serve and ui do every 10 s: read the transcripts the CLI wrote under its HOME (a subagent's too).
      const scanned = await runCli(['transcripts', '--json', '--db', store.dbPath], { HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
      expect(scanned).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(scanned.stdout)).toMatchObject({ files: c.subagent ? 2 : 1, filesRead: c.subagent ? 2 : 1, badLines: 0 });
      const listed = await runCli(['sessions', '--json', '--since', 'all', '--db', store.dbPath]);
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      const rows = JSON.parse(listed.stdout) as SessionRow[];
      expect(rows.map((r) => r.sessionId)).toEqual([sessionId]);
      const row = rows[0]!;
      const shown = await runCli(['session', sessionId, '--json', '--db', store.dbPath]);
      expect(shown).toMatchObject({ code: 0, stderr: '' });
      const detail = JSON.parse(shown.stdout) as SessionJson;
      const summarised = await runCli(['summary', '--json', '--since', 'all', '--by', 'skill', '--db', store.dbPath]);
      expect(summarised).toMatchObject({ code: 0, stderr: '' });
      const summary = JSON.parse(summarised.stdout) as SummaryAttribution;

      const events = detail.turns.flatMap((t) => t.events);
      const requests = events.flatMap((e) => (e.kind === 'api_request' ? [e] : []));
      const metricCostUsd = store.db
        .prepare(
          `
          SELECT TOTAL(p.delta) FROM metric_points p JOIN metric_series s ON s.id = p.series_id
          WHERE s.name = 'claude_code.cost.usage' AND s.session_id = ?`,
        )
        .pluck()
        .get(sessionId) as number;
      const metricLines = store.db
        .prepare(
          `
          SELECT s.type, TOTAL(p.delta) FROM metric_points p JOIN metric_series s ON s.id = p.series_id
          WHERE s.name = 'claude_code.lines_of_code.count' AND s.session_id = ? GROUP BY s.type`,
        )
        .raw()
        .all(sessionId) as [string, number][];

      const answered = api.records.filter((r) => r.status === 200);
      const subagentRecords = answered.filter((r) => r.kind === 'subagent');
      const agentId = detail.subagents[0]?.agentId ?? null;
      const input = sumUsage(answered, 'input_tokens');
      const output = sumUsage(answered, 'output_tokens');
      expect(row).toMatchObject({
        sessionId,
        prompts: 1,
        agents: c.subagent ? 1 : 0,
        apiRequests: answered.length,
        toolCalls: c.toolCalls,
        errors: c.apiErrors.length,
        linesAdded: c.linesAdded,
        linesRemoved: c.linesRemoved,
        tokens: {
          input,
          output,
          cacheRead: sumUsage(answered, 'cache_read_input_tokens'),
          cacheCreation: sumUsage(answered, 'cache_creation_input_tokens'),
          total: input + output,
        },
      });

      // Per request, exactly what the API reported: none lost, doubled, or a failed attempt priced;
      // the subagent's requests carry its id.
      const expected: RequestFigures[] = answered
        .map((r) => ({
          requestId: r.requestId ?? null,
          agentId: r.kind === 'subagent' ? agentId : null,
          tokens: {
            input: r.usage?.input_tokens ?? null,
            output: r.usage?.output_tokens ?? null,
            cacheRead: r.usage?.cache_read_input_tokens ?? null,
            cacheCreation: r.usage?.cache_creation_input_tokens ?? null,
          },
        }))
        .sort(byRequestId);
      const stored: RequestFigures[] = requests
        .map((e) => ({
          requestId: e.requestId,
          agentId: e.agentId,
          tokens: { input: e.inputTokens, output: e.outputTokens, cacheRead: e.cacheReadTokens, cacheCreation: e.cacheCreationTokens },
        }))
        .sort(byRequestId);
      expect(stored).toEqual(expected);
      expect(events.filter((e) => e.kind === 'api_error').map((e) => e.attributes['status_code'])).toEqual(c.apiErrors);
      // Claude Code numbers its events 0, 1, 2, …: a gap would be an event the receiver lost.
      expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i));
      const eventCostUsd = requests.reduce((total, e) => total + (e.costUsd ?? Number.NaN), 0);
      expect(eventCostUsd > 0).toBe(answered.length > 0);
      expect(row.costUsd).toBeCloseTo(eventCostUsd, 12);
      expect(row.costUsd).toBeCloseTo(metricCostUsd, 12);
      expect({ added: 0, removed: 0, ...Object.fromEntries(metricLines) }).toEqual({ added: c.linesAdded, removed: c.linesRemoved });

      expect(detail.session).toMatchObject({ ...row });

      // Traces: every answered request has its llm_request span (joined by request id, same tokens,
      // same lane); a refused one has a failed span; without traces there are none.
      const llmSpans = detail.spans.filter((s) => s.type === 'llm_request');
      const spanFigures = (spans: SessionSpanJson[]): RequestFigures[] =>
        spans.map((s) => ({ requestId: s.requestId, agentId: s.agentId, tokens: s.tokens })).sort(byRequestId);
      expect(spanFigures(llmSpans.filter((s) => s.success === true))).toEqual(traces ? expected : []);
      expect(llmSpans.filter((s) => s.success !== true).map((s) => s.requestId)).toEqual(
        traces ? api.records.filter((r) => r.status !== 200 && r.requestId !== undefined).map((r) => r.requestId) : [],
      );
      expect(detail.spans.length > 0).toBe(traces);
      expect(detail.spans.map((s) => Object.keys(s).slice(0, spanFields.length))).toEqual(detail.spans.map(() => spanFields));
      expect(detail.time.modelMs).toBeGreaterThan(0);

      // The subagent: one agent, its model, its requests and their cost.
      const subagentCostUsd = requests.filter((e) => e.agentId !== null).reduce((total, e) => total + (e.costUsd ?? Number.NaN), 0);
      expect(detail.subagents).toEqual(
        c.subagent
          ? [
              {
                agentId: expect.stringMatching(/^\w+$/),
                agentType: 'general-purpose',
                model: subagentRecords[0]?.model,
                apiRequests: subagentRecords.length,
                costUsd: expect.closeTo(subagentCostUsd, 12),
                tokens: {
                  input: sumUsage(subagentRecords, 'input_tokens'),
                  output: sumUsage(subagentRecords, 'output_tokens'),
                  cacheRead: sumUsage(subagentRecords, 'cache_read_input_tokens'),
                  cacheCreation: sumUsage(subagentRecords, 'cache_creation_input_tokens'),
                },
                toolUses: c.subagent.toolUses,
                durationMs: expect.any(Number),
                isAsync: c.subagent.isAsync,
              },
            ]
          : [],
      );
      expect(subagentRecords.length > 0).toBe(c.subagent !== undefined);
      // A person typed one prompt; a background agent's result opens a turn of its own.
      expect(detail.turns.filter((t) => t.promptId !== null && t.agentResult === null)).toMatchObject([{ prompt: c.prompt }]);
      expect(detail.turns.flatMap((t) => (t.agentResult ? [t.agentResult.agentId] : []))).toEqual(c.subagent?.isAsync ? [agentId] : []);

      // The skill: the requests made for it, from the metric points' attributes.
      const skillRequests = requests.filter((e) => e.skillName !== null);
      expect(summary.bySkill).toEqual(
        c.skill
          ? [
              {
                key: c.skill,
                costUsd: expect.closeTo(
                  skillRequests.reduce((total, e) => total + (e.costUsd ?? Number.NaN), 0),
                  12,
                ),
                tokens: {
                  input: skillRequests.reduce((t, e) => t + (e.inputTokens ?? Number.NaN), 0),
                  output: skillRequests.reduce((t, e) => t + (e.outputTokens ?? Number.NaN), 0),
                  cacheRead: skillRequests.reduce((t, e) => t + (e.cacheReadTokens ?? Number.NaN), 0),
                  cacheCreation: skillRequests.reduce((t, e) => t + (e.cacheCreationTokens ?? Number.NaN), 0),
                },
                apiRequests: skillRequests.length,
                unpricedRequests: 0,
              },
            ]
          : [],
      );
      expect(skillRequests.length > 0).toBe(c.skill !== undefined);

      // The transcripts agree: every request they have is in telemetry (the subagent's from its own
      // file); telemetry's extra ones are auxiliary (2.1.197's title request), never in a transcript.
      expect(row).toMatchObject({ project: basename(workdir), projectPath: workdir, integrity: { status: 'ok', missingRequests: 0 } });
      expect(row.integrity).toMatchObject({
        transcriptRequests: answered.filter((r) => r.kind !== 'aux').length,
        telemetryOnlyRequests: answered.filter((r) => r.kind === 'aux').length,
      });
    },
    120_000,
  );
});
