// End to end: the real Claude Code CLI, offline against a scripted Messages API, exports its
// telemetry to our receiver; then the built claude-otel-tui CLI reads the database back. Every
// figure is checked against what the scripted API told Claude Code, and events against metrics.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { SessionJson } from '../src/present/export/session-json.js';
import type { SessionRow } from '../src/store/read/types.js';
import { runCli } from './helpers/cli.js';
import { installClaudeCode, runClaudeCode } from './helpers/claude-code.js';
import { startScriptedApi, type Scenario, type UsageRecord } from './helpers/scripted-messages-api.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

interface Case {
  scenario: Scenario;
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
  /** HTTP statuses the scripted API answered, in order. */
  statuses: number[];
}

const cases: Case[] = [
  {
    scenario: 'tools',
    protocol: 'http/protobuf',
    gzip: false,
    temporality: 'delta',
    prompt: 'write hello.py and then show it',
    exitCode: 0,
    toolCalls: 2,
    apiErrors: [],
    linesAdded: 3,
    linesRemoved: 0,
    statuses: [200, 200, 200, 200],
  },
  {
    scenario: 'fail',
    protocol: 'http/protobuf',
    gzip: false,
    temporality: 'delta',
    prompt: 'say hello to the scripted API',
    exitCode: 1,
    toolCalls: 0,
    apiErrors: [400],
    linesAdded: 0,
    linesRemoved: 0,
    statuses: [200, 400],
  },
  {
    scenario: 'edit',
    protocol: 'http/json',
    gzip: true,
    temporality: 'delta',
    prompt: 'write hello.py then merge its last two lines',
    exitCode: 0,
    toolCalls: 2,
    apiErrors: [],
    linesAdded: 5,
    linesRemoved: 2,
    statuses: [200, 200, 200, 200],
  },
  {
    scenario: 'mixed',
    protocol: 'http/protobuf',
    gzip: true,
    temporality: 'cumulative',
    prompt: 'write x = 1, glob, read it back and list files',
    exitCode: 0,
    toolCalls: 4,
    apiErrors: [],
    linesAdded: 2,
    linesRemoved: 0,
    statuses: [200, 200, 200, 200],
  },
  {
    scenario: 'error',
    protocol: 'http/protobuf',
    gzip: false,
    temporality: 'delta',
    prompt: 'say hello even when overloaded',
    exitCode: 0,
    toolCalls: 0,
    apiErrors: [],
    linesAdded: 0,
    linesRemoved: 0,
    statuses: [200, 529, 200],
  },
];

function sumUsage(records: UsageRecord[], key: keyof NonNullable<UsageRecord['usage']>): number {
  return records.reduce((total, r) => total + (r.usage?.[key] ?? 0), 0);
}

describe('real Claude Code → receiver → claude-otel-tui CLI', () => {
  let bin: string;
  let store: TempReceiver;

  beforeAll(async () => {
    bin = await installClaudeCode();
    store = await tempReceiver();
  }, 300_000);

  afterAll(async () => {
    await store?.stop();
  });

  it.each(cases)(
    '$scenario over $protocol (gzip $gzip, $temporality): sessions and session agree with the API and with the metrics',
    async (c) => {
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
      });
      expect(run.exitCode, run.stderr).toBe(c.exitCode);
      expect(api.records.map((r) => r.status)).toEqual(c.statuses);

      // What serve and ui do every 10 s: read the transcript the CLI wrote under its HOME.
      const scanned = await runCli(['transcripts', '--json', '--db', store.dbPath], { HOME: home, XDG_CONFIG_HOME: join(home, '.config') });
      expect(scanned).toMatchObject({ code: 0, stderr: '' });
      expect(JSON.parse(scanned.stdout)).toMatchObject({ files: 1, filesRead: 1, badLines: 0 });
      const listed = await runCli(['sessions', '--json', '--since', 'all', '--db', store.dbPath]);
      expect(listed).toMatchObject({ code: 0, stderr: '' });
      const row = (JSON.parse(listed.stdout) as SessionRow[]).find((r) => r.sessionId === sessionId);
      const shown = await runCli(['session', sessionId, '--json', '--db', store.dbPath]);
      expect(shown).toMatchObject({ code: 0, stderr: '' });
      const detail = JSON.parse(shown.stdout) as SessionJson;
      const events = detail.turns.flatMap((t) => t.events);
      const requests = events.filter((e) => e.name === 'api_request');
      const metricCostUsd = store.db
        .prepare(`
          SELECT TOTAL(p.delta) FROM metric_points p JOIN metric_series s ON s.id = p.series_id
          WHERE s.name = 'claude_code.cost.usage' AND s.session_id = ?`)
        .pluck()
        .get(sessionId) as number;
      const metricLines = store.db
        .prepare(`
          SELECT s.type, TOTAL(p.delta) FROM metric_points p JOIN metric_series s ON s.id = p.series_id
          WHERE s.name = 'claude_code.lines_of_code.count' AND s.session_id = ? GROUP BY s.type`)
        .raw()
        .all(sessionId) as [string, number][];

      const answered = api.records.filter((r) => r.status === 200);
      const input = sumUsage(answered, 'input_tokens');
      const output = sumUsage(answered, 'output_tokens');
      expect(row).toMatchObject({
        sessionId,
        prompts: 1,
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
      // Exactly the answered requests were stored (no failed attempt priced, none lost or doubled).
      expect(requests.map((e) => e.attributes['request_id']).sort()).toEqual(answered.map((r) => r.requestId).sort());
      expect(events.filter((e) => e.name === 'api_error').map((e) => e.attributes['status_code'])).toEqual(c.apiErrors);
      // Claude Code numbers its events 0, 1, 2, …: a gap would be an event the receiver lost.
      expect(events.map((e) => e.sequence)).toEqual(events.map((_, i) => i));
      const eventCostUsd = requests.reduce((total, e) => total + Number(e.attributes['cost_usd']), 0);
      expect(eventCostUsd).toBeGreaterThan(0);
      expect(row?.costUsd).toBeCloseTo(eventCostUsd, 12);
      expect(row?.costUsd).toBeCloseTo(metricCostUsd, 12);
      expect({ added: 0, removed: 0, ...Object.fromEntries(metricLines) }).toEqual({ added: c.linesAdded, removed: c.linesRemoved });

      expect(detail.session).toMatchObject({ ...row });

      // The transcript agrees: every request it has is in telemetry; telemetry's extra ones are the
      // title request (auxiliary calls are not in transcripts).
      expect(row).toMatchObject({ project: basename(workdir), projectPath: workdir, integrity: { status: 'ok', missingRequests: 0 } });
      const integrity = row!.integrity;
      expect(integrity.transcriptRequests! + integrity.telemetryOnlyRequests!).toBe(answered.length);
      expect(integrity.transcriptRequests).toBe(c.exitCode === 0 ? answered.length - 1 : 0);
      expect(detail.turns.filter((t) => t.promptId !== null)).toMatchObject([{ prompt: c.prompt }]);
    },
    120_000,
  );
});
