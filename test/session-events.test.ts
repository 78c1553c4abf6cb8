// Events as the session read model, the plain `session` command and its --json give them: typed by
// the vocabulary from the stored record (a real Claude Code 2.1.332 capture, through the receiver
// into SQLite), never from raw attributes in a view; an event type nobody described yet keeps its
// name and its own attributes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionJson } from '../src/present/export/session-json.js';
import { session } from '../src/store/read/session.js';
import { captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const skillSession = '0a000000-0000-4000-8000-000000000012';
const oddSession = 'ad000000-0000-4000-8000-0000000000a1';

/** Records as older or other exporters send them: no cost at all, success as "0". */
function oddRecords(): string {
  const attr = (key: string, v: string | number) => ({ key, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
  const record = (name: string, sequence: number, attributes: ReturnType<typeof attr>[]) => ({
    timeUnixNano: String(BigInt(Date.parse('2026-11-29T23:55:00Z') + sequence) * 1_000_000n),
    body: { stringValue: `claude_code.${name}` },
    attributes: [attr('session.id', oddSession), attr('prompt.id', 'p-odd'), attr('event.name', name), attr('event.sequence', sequence), ...attributes],
  });
  const logRecords = [
    record('user_prompt', 0, [attr('prompt', 'count the files'), attr('prompt_length', '15')]),
    record('api_request', 1, [
      attr('model', 'claude-opus-5-5'),
      attr('input_tokens', 10),
      attr('output_tokens', 2),
      attr('duration_ms', 40),
      attr('request_id', 'req_odd_1'),
    ]),
    record('tool_result', 2, [attr('tool_name', 'Bash'), attr('success', '0'), attr('duration_ms', '7'), attr('error_type', 'ShellError')]),
    // An event type no version we know sends: kept, and said with its own attributes.
    record('workflow_paused', 3, [attr('reason', 'quota'), attr('pause_ms', 1200)]),
  ];
  return JSON.stringify({
    resourceLogs: [
      { resource: { attributes: [attr('service.version', '2.1.332')] }, scopeLogs: [{ scope: { name: 'com.anthropic.claude_code.events' }, logRecords }] },
    ],
  });
}

let store: TempReceiver;
beforeAll(async () => {
  store = await tempReceiver();
  for (const r of capturedRequests('v2.1.332-json-gzip-skill-traces', captures2_1_332Dir)) {
    expect((await post(`${store.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
  }
  expect((await post(`${store.receiver.url}/v1/logs`, oddRecords(), { 'content-type': 'application/json' })).status).toBe(200);
});
afterAll(async () => {
  await store.stop();
});

const db = () => ['--db', store.dbPath];

describe('session events', () => {
  it('reads every event of a real 2.1.332 session as a typed event, keeping the ones it does not know', () => {
    const events = session(store.db, skillSession)?.turns.flatMap((t) => t.events) ?? [];
    expect(events.map((e) => [e.sequence, e.name, e.kind])).toEqual([
      [0, 'managed_settings_resolved', 'managed_settings_resolved'],
      [1, 'plugin_loaded', 'plugin_loaded'],
      [2, 'plugin_loaded', 'plugin_loaded'],
      [3, 'plugin_loaded', 'plugin_loaded'],
      [4, 'plugin_loaded', 'plugin_loaded'],
      [5, 'user_prompt', 'user_prompt'],
      [6, 'tool_decision', 'tool_decision'],
      [7, 'skill_activated', 'skill_activated'],
      [8, 'tool_result', 'tool_result'],
      [9, 'api_request', 'api_request'],
      [10, 'api_request', 'api_request'],
      [11, 'assistant_response', 'assistant_response'],
    ]);
    expect(events[1]).toMatchObject({ kind: 'plugin_loaded', pluginName: 'cc-plugin-agents-md', marketplaceName: 'builtin', pluginVersion: null });
    expect(events[7]).toMatchObject({ kind: 'skill_activated', skillName: 'lab-review', invocationTrigger: 'claude-proactive', skillSource: 'userSettings' });
    expect(events[10]).toMatchObject({
      kind: 'api_request',
      model: 'claude-opus-5-5',
      costUsd: 0.006396000000000001,
      inputTokens: 1014,
      cacheReadTokens: 4000,
      querySource: 'sdk',
      skillName: 'lab-review',
      cacheCreation5mTokens: 0,
      cacheCreation1hTokens: 0,
    });
  });

  it('session prints each event as a sentence: money formatted, no float noise', async () => {
    const { code, stdout } = await runCli(['session', skillSession, ...db()]);
    expect(code).toBe(0);
    expect(stdout).toContain('    #10 api_request claude-opus-5-5  $0.0064  32ms  in 1,014 out 52 cache 4,000/100  sdk  skill lab-review\n');
    expect(stdout).toContain('    #9 api_request claude-opus-5-5  $0.0059  254ms  in 1,007 out 51 cache 2,000/100  sdk\n');
    expect(stdout).toContain('    #5 user_prompt "review it with the skill"\n');
    expect(stdout).toContain('    #7 skill_activated lab-review  claude-proactive (userSettings)\n');
    expect(stdout).not.toContain('0.006396000000000001');
  });

  it('session says "unpriced" for a request without a cost, and "failed" for success "0"', async () => {
    const { stdout } = await runCli(['session', oddSession, ...db()]);
    expect(stdout).toMatch(/^cost unpriced {2}tokens in 10 /m);
    expect(stdout).toContain('    #1 api_request claude-opus-5-5  unpriced  40ms  in 10 out 2 cache —/—\n');
    expect(stdout).toContain('    #2 tool_result Bash  failed  7ms  ShellError\n');
    expect(stdout).toContain('    #3 workflow_paused reason=quota  pause_ms=1200\n');
    expect(stdout).not.toMatch(/\$(\s|$)/m);
  });

  it('session --json keeps every event key it had, and adds the event type and its typed fields', async () => {
    const { stdout } = await runCli(['session', skillSession, '--json', ...db()]);
    const detail = JSON.parse(stdout) as SessionJson;
    const events = detail.turns.flatMap((t) => t.events);
    expect(events.map((e) => Object.keys(e).slice(0, 5))).toEqual(events.map(() => ['name', 'time', 'sequence', 'attributes', 'raw']));
    expect(events.every((e) => JSON.stringify(e.attributes) === JSON.stringify(e.raw['attributes']))).toBe(true);
    expect(events[9]).toMatchObject({
      name: 'api_request',
      attributes: { cost_usd: 0.005948, cost_usd_micros: 5948, request_id: 'req_lab_1' },
      kind: 'api_request',
      costUsd: 0.005948,
      requestId: 'req_lab_1',
      durationMs: 254,
    });
    expect(events[0]).toMatchObject({ name: 'managed_settings_resolved', kind: 'managed_settings_resolved', trigger: 'startup', sources: [] });
  });
});
