// `session --json` and the session read model with Claude Code 2.1.332's traces (the subagent capture,
// through the real receiver): its spans, each in its lane and joined to its turn, and where the time
// went, per session and per turn; without traces the same session loses nothing and its time comes
// from the events, with the wait on the person unknown.
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionJson } from '../src/present/export/session-json.js';
import { session } from '../src/store/read/session.js';
import { turnWaterfall } from '../src/store/read/waterfall.js';
import { SessionView } from '../src/tui/screens/session/session-view.js';
import { timelineRows } from '../src/tui/screens/session/timeline-rows.js';
import { captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const subagentCase = 'v2.1.332-proto-subagent-hooks-traces';
const subagentSession = '0a000000-0000-4000-8000-000000000011';
const agentId = 'a21d4b1ee8dbce6e4';
const interactiveSession = '2bd93043-9958-4edf-b46e-9d2ac5f17376';

let traced: TempReceiver;
let untraced: TempReceiver;
beforeAll(async () => {
  [traced, untraced] = [await tempReceiver(), await tempReceiver()];
  for (const r of capturedRequests(subagentCase, captures2_1_332Dir)) {
    expect((await post(`${traced.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
    if (r.signal !== 'traces') expect((await post(`${untraced.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
  }
  for (const r of capturedRequests('v2.1.332-interactive-statusline', captures2_1_332Dir)) await post(`${untraced.receiver.url}${r.path}`, r.body, r.headers);
});
afterAll(async () => {
  await traced.stop();
  await untraced.stop();
});

async function sessionJson(store: TempReceiver, id: string): Promise<SessionJson> {
  const { code, stdout } = await runCli(['session', id, '--json', '--db', store.dbPath]);
  expect(code).toBe(0);
  return JSON.parse(stdout) as SessionJson;
}

const apiRequestsOf = (json: SessionJson) => json.turns.flatMap((t) => t.events).filter((e) => e.kind === 'api_request');

describe('session --json with traces (the subagent capture)', () => {
  it('lists every span with the agreed fields first; the subagent lane carries its agent id', async () => {
    const json = await sessionJson(traced, subagentSession);
    expect(json.spans).toHaveLength(13);
    expect(json.spans.map((s) => Object.keys(s).slice(0, 12))).toEqual(
      json.spans.map(() => [
        'spanId',
        'parentSpanId',
        'name',
        'type',
        'startMs',
        'durationMs',
        'requestId',
        'toolUseId',
        'agentId',
        'ttftMs',
        'attempt',
        'success',
      ]),
    );
    expect(json.spans.filter((s) => s.agentId === agentId).map((s) => [s.type, s.toolName ?? s.model])).toEqual([
      ['llm_request', 'claude-haiku-5-5'],
      ['tool.blocked_on_user', null],
      ['tool', 'Write'],
      ['tool.execution', null],
      ['llm_request', 'claude-haiku-5-5'],
    ]);
    // Their api_request events say the same: the haiku requests are the subagent's.
    const agentRequests = json.spans.filter((s) => s.agentId === agentId && s.type === 'llm_request').map((s) => s.requestId);
    expect(
      apiRequestsOf(json)
        .filter((e) => e.attributes['agent_id'] === agentId)
        .map((e) => e.kind === 'api_request' && e.requestId),
    ).toEqual(agentRequests);
  });

  it('joins every llm_request to its api_request, and every span to the turn of its prompt', async () => {
    const json = await sessionJson(traced, subagentSession);
    const llm = json.spans.filter((s) => s.type === 'llm_request');
    const byRequest = new Map(
      json.turns.flatMap((t) =>
        t.events.filter((e) => e.kind === 'api_request').map((e) => [e.kind === 'api_request' ? e.requestId : null, t.promptId] as const),
      ),
    );
    expect(llm.map((s) => [s.requestId, s.promptId])).toEqual(llm.map((s) => [s.requestId, byRequest.get(s.requestId)]));
    expect(llm).toHaveLength(apiRequestsOf(json).length);
    const prompts = json.turns.filter((t) => t.promptId !== null).map((t) => t.promptId);
    expect(prompts).toHaveLength(2);
    // The first prompt's trace holds the subagent's spans (it started there); the task notification has its own.
    expect(prompts.map((p) => json.spans.filter((s) => s.promptId === p).length)).toEqual([11, 2]);
  });

  it('time: model from the spans, first token, tools, the permission waits and the hooks, per session and per turn', async () => {
    const json = await sessionJson(traced, subagentSession);
    const sum = (type: string, pick: (s: SessionJson['spans'][number]) => number | null) =>
      json.spans.filter((s) => s.type === type).reduce((n, s) => n + (pick(s) ?? 0), 0);
    const hooks = json.turns
      .flatMap((t) => t.events)
      .filter((e) => e.name === 'hook_execution_complete')
      .reduce((n, e) => n + Number(e.attributes['total_duration_ms']), 0);
    expect(json.time).toEqual({
      modelMs: sum('llm_request', (s) => s.durationMs),
      ttftMs: sum('llm_request', (s) => s.ttftMs),
      toolMs: sum('tool.execution', (s) => s.durationMs),
      waitingOnUserMs: sum('tool.blocked_on_user', (s) => s.durationMs),
      hooksMs: hooks,
    });
    expect(json.time).toEqual({ modelMs: 778, ttftMs: 358, toolMs: 123, waitingOnUserMs: 50, hooksMs: 341 });
    expect(json.turns.map((t) => t.time)).toEqual([
      { modelMs: 0, ttftMs: 0, toolMs: 0, waitingOnUserMs: null, hooksMs: 0 },
      { modelMs: 750, ttftMs: 344, toolMs: 123, waitingOnUserMs: 50, hooksMs: 341 },
      { modelMs: 28, ttftMs: 14, toolMs: 0, waitingOnUserMs: 0, hooksMs: 0 },
    ]);
  });

  it('plain `session` says where the time went in one line', async () => {
    const { stdout } = await runCli(['session', subagentSession, '--db', traced.dbPath]);
    expect(stdout).toContain('\ntime model 778ms (first token 358ms) · tools 123ms · waiting on you 50ms · hooks 341ms\n');
  });

  it('the session header in the TUI says it too', () => {
    const detail = session(traced.db, subagentSession, 0)!;
    const rows = timelineRows(detail.turns, [], Date.parse(detail.session.startTime));
    const ui = render(<SessionView sessionId={subagentSession} detail={detail} rows={rows} cursor={0} width={100} height={30} />);
    expect(ui.lastFrame()).toMatch(/^time model 778ms \(first token 358ms\) · tools 123ms · waiting on you 50ms · hooks 341ms\s*$/m);
    ui.unmount();
  });
});

describe('a session without traces', () => {
  it('loses nothing: the same turns and events as with them, and no spans', async () => {
    const [withTraces, without] = [await sessionJson(traced, subagentSession), await sessionJson(untraced, subagentSession)];
    expect(without.spans).toEqual([]);
    expect(without.turns.map(({ time: _t, ...turn }) => turn)).toEqual(withTraces.turns.map(({ time: _t, ...turn }) => turn));
    expect(without.session).toEqual(withTraces.session);
  });

  it('takes its time from the events (the wait on the person unknown), request by request', async () => {
    const json = await sessionJson(untraced, subagentSession);
    const events = json.turns.flatMap((t) => t.events);
    const total = (name: string, key: string) => events.filter((e) => e.name === name).reduce((n, e) => n + Number(e.attributes[key]), 0);
    expect(json.time).toEqual({
      modelMs: total('api_request', 'duration_ms'),
      ttftMs: total('api_request', 'ttft_ms'),
      toolMs: total('tool_result', 'duration_ms'),
      waitingOnUserMs: null,
      hooksMs: 341,
    });
  });

  it('an interactive 2.1.332 session without hooks: hooks unknown, not 0', async () => {
    const json = await sessionJson(untraced, interactiveSession);
    expect(json.time).toMatchObject({ waitingOnUserMs: null, hooksMs: null });
    expect(json.time.modelMs).toBeGreaterThan(0);
  });
});

describe('the waterfall read model', () => {
  it('draws a traced turn as bars in tree order, the subagent nested under the Agent tool in its own lane', () => {
    const turn = session(traced.db, subagentSession, 0)!.turns[1]!;
    const waterfall = turnWaterfall(turn);
    expect(waterfall.source).toBe('spans');
    expect(waterfall.bars.map((b) => [b.depth, b.kind, b.lane === null ? 'main' : 'agent', b.label])).toEqual([
      [0, 'interaction', 'main', 'claude_code.interaction'],
      [1, 'llm_request', 'main', 'claude-opus-5-5'],
      [1, 'hook', 'main', 'PreToolUse:Agent'],
      [1, 'tool', 'main', 'Agent'],
      [2, 'tool.blocked_on_user', 'main', 'permission: accept'],
      [2, 'tool.execution', 'main', 'Agent'],
      [3, 'llm_request', 'agent', 'claude-haiku-5-5'],
      // The subagent's hooks (events, not spans) hang in its lane, beside its spans.
      [3, 'hook', 'agent', 'PreToolUse:Write'],
      [3, 'tool', 'agent', 'Write'],
      [4, 'tool.blocked_on_user', 'agent', 'permission: accept'],
      [4, 'tool.execution', 'agent', 'Write'],
      [3, 'hook', 'agent', 'PostToolUse:Write'],
      [3, 'llm_request', 'agent', 'claude-haiku-5-5'],
      [1, 'hook', 'main', 'PostToolUse:Agent'],
      [1, 'llm_request', 'main', 'claude-opus-5-5'],
    ]);
    // The subagent ran in the background: its last request ends after the interaction does.
    expect([waterfall.bars[0]!.startOffsetMs, waterfall.bars[0]!.endOffsetMs, waterfall.bars[12]!.endOffsetMs, waterfall.endMs - waterfall.startMs]).toEqual([
      0, 1284, 1581, 1581,
    ]);
    expect(waterfall.bars.filter((b) => b.lane !== null).map((b) => b.parentKey)).toEqual([
      '57d87ed5e7d1f1d3',
      '57d87ed5e7d1f1d3',
      '57d87ed5e7d1f1d3',
      '60b775c90f82bb4e',
      '60b775c90f82bb4e',
      '57d87ed5e7d1f1d3',
      '57d87ed5e7d1f1d3',
    ]);
    expect(waterfall.bars[1]).toMatchObject({
      ttftMs: 85,
      attempt: 1,
      costUsd: 0.005948,
      tokens: { input: 1007, output: 51, cacheRead: 2000, cacheCreation: 100 },
    });
  });

  it('without traces, draws the turn from the events and says so', () => {
    const turn = session(untraced.db, subagentSession, 0)!.turns[1]!;
    const waterfall = turnWaterfall(turn);
    expect(waterfall.source).toBe('events');
    expect(waterfall.bars.filter((b) => b.kind === 'llm_request').map((b) => [b.label, b.durationMs, b.endOffsetMs - b.startOffsetMs])).toEqual([
      ['claude-opus-5-5', 162, 162],
      ['claude-haiku-5-5', 241, 241],
      ['claude-haiku-5-5', 27, 27],
      ['claude-opus-5-5', 79, 79],
    ]);
    // Nothing links a subagent's events to the Agent tool that started it but time: its bars hang
    // under the main thread's Agent tool_result that started last before them.
    expect(waterfall.bars.map((b) => [b.depth, b.kind, b.lane === null ? 'main' : 'agent', b.label])).toEqual([
      [0, 'llm_request', 'main', 'claude-opus-5-5'],
      [0, 'hook', 'main', 'PreToolUse:Agent'],
      [0, 'tool.execution', 'main', 'Agent'],
      [1, 'llm_request', 'agent', 'claude-haiku-5-5'],
      [1, 'hook', 'agent', 'PreToolUse:Write'],
      [1, 'tool.execution', 'agent', 'Write'],
      [1, 'hook', 'agent', 'PostToolUse:Write'],
      [1, 'llm_request', 'agent', 'claude-haiku-5-5'],
      [0, 'hook', 'main', 'PostToolUse:Agent'],
      [0, 'llm_request', 'main', 'claude-opus-5-5'],
    ]);
    // Each bar from an event says which, for its raw JSON.
    expect(waterfall.bars.map((b) => turn.events[b.eventIndex!]?.name)).toEqual([
      'api_request',
      'hook_execution_complete',
      'tool_result',
      'api_request',
      'hook_execution_complete',
      'tool_result',
      'hook_execution_complete',
      'api_request',
      'hook_execution_complete',
      'api_request',
    ]);
  });
});
