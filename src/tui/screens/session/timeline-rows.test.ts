import { describe, expect, it } from 'vitest';
import type { TimelineEvent, Turn } from '../../../store/read/types.js';
import { claudeCodeEvent } from '../../../vocabulary/events.js';
import { stepCursor, timelineRows, type TurnRow } from './timeline-rows.js';

const startMs = Date.parse('2026-11-25T14:37:00.000Z');
const at = (ms: number) => new Date(startMs + ms).toISOString();

const event = (name: string, attributes: Record<string, unknown>, ms: number): TimelineEvent => ({
  name,
  time: at(ms),
  sequence: null,
  raw: { attributes },
  ...claudeCodeEvent(name, attributes),
});

// A turn with no model time and no tool time has no time line.
const noTime = { modelMs: 0, ttftMs: 0, toolMs: 0, waitingOnUserMs: null, hooksMs: null };
const turn = (promptId: string | null, prompt: string | null, events: TimelineEvent[]): Turn => ({
  promptId,
  prompt,
  agentResult: null,
  startTime: events[0]?.time ?? at(0),
  events,
  spans: [],
  time: noTime,
});

const turnRows = (turns: Turn[], collapsed: string[] = []) => timelineRows(turns, collapsed, startMs).filter((r): r is TurnRow => r.kind === 'turn');

describe('timeline rows', () => {
  it('lists each turn, then its events, with offsets from the session start', () => {
    const rows = timelineRows(
      [
        turn(null, null, [event('api_request', { cost_usd: 0.25 }, 0)]),
        turn('p1', 'hi', [event('user_prompt', { prompt: 'hi' }, 50), event('api_error', {}, 120)]),
      ],
      [],
      startMs,
    );
    expect(rows.map((r) => [r.kind, r.key, r.offsetMs])).toEqual([
      ['turn', 'outside:0', 0],
      ['event', 'outside:0#0', 0],
      ['turn', 'p1', 50],
      ['event', 'p1#0', 50],
      ['event', 'p1#1', 120],
    ]);
  });

  it('folds a collapsed turn to its header, which still counts its events', () => {
    const rows = timelineRows([turn('p1', 'hi', [event('user_prompt', { prompt: 'hi' }, 0), event('api_error', {}, 10)])], ['p1'], startMs);
    expect(rows).toEqual([expect.objectContaining({ kind: 'turn', key: 'p1', isCollapsed: true, eventCount: 2 })]);
  });

  const costOf = (requests: Record<string, unknown>[]) => {
    const events = [event('user_prompt', {}, 0), ...requests.map((a, i) => event('api_request', a, i + 1)), event('tool_result', { cost_usd: 9 }, 9)];
    return turnRows([turn('p1', null, events)])[0]?.costUsd;
  };

  it.each([
    [[{ cost_usd: 0.25 }, { cost_usd: '0.5' }], 0.75],
    // cost_usd_micros alone (as some versions send it) prices the request too.
    [[{ cost_usd: 0.25 }, { cost_usd_micros: 7935 }], 0.257935],
    [[], 0],
  ])('costs a turn with requests %j at %s (its API requests only)', (requests, expected) => {
    expect(costOf(requests)).toBeCloseTo(expected, 12);
  });

  it('leaves a turn unpriced when one of its requests is', () => {
    expect(costOf([{ cost_usd: 0.25 }, { cost_usd: 'n/a' }])).toBeNull();
  });

  it.each([
    [turn('p1', 'write hello.py', [event('user_prompt', { prompt: 'write hello.py' }, 0)]), { kind: 'prompt', text: 'write hello.py' }],
    [turn('p1', null, [event('user_prompt', { prompt: '<REDACTED>' }, 0)]), { kind: 'redacted' }],
    [turn('p1', null, [event('api_request', {}, 0)]), { kind: 'missing' }],
    [turn(null, null, [event('api_request', {}, 0)]), { kind: 'outside' }],
  ])('titles a turn %#: %j', (t, expected) => {
    expect(turnRows([t])[0]?.title).toEqual(expected);
  });

  it("titles a turn an agent's result opened by the agent, not as a prompt", () => {
    const result = { agentId: 'a2', status: 'completed', summary: null, result: 'done' };
    expect(turnRows([{ ...turn('p2', null, [event('user_prompt', {}, 0)]), agentResult: result }])[0]?.title).toEqual({ kind: 'agent', result });
  });

  describe('start-up events', () => {
    const startup = turn(null, null, [
      event('managed_settings_resolved', { 'managed_settings.trigger': 'startup' }, 0),
      event('plugin_loaded', { 'plugin.name': 'a' }, 1),
      event('hook_registered', { hook_event: 'PreToolUse' }, 2),
      event('mcp_server_connection', { status: 'connected' }, 3),
      event('plugin_loaded', { 'plugin.name': 'b' }, 4),
    ]);

    it('fold into one row per run, folded by default', () => {
      const rows = timelineRows([startup], [], startMs);
      expect(rows.map((r) => [r.kind, r.key, r.kind === 'startup' ? r.events.length : null])).toEqual([
        ['turn', 'outside:0', null],
        ['startup', 'outside:0#startup0', 3],
        ['event', 'outside:0#3', null],
        ['startup', 'outside:0#startup4', 1],
      ]);
    });

    it('unfold into their events, nested under the start-up row', () => {
      const rows = timelineRows([startup], [], startMs, ['outside:0#startup0']);
      expect(rows.map((r) => [r.kind, r.key, r.kind === 'event' ? r.isNested === true : null])).toEqual([
        ['turn', 'outside:0', null],
        ['startup', 'outside:0#startup0', null],
        ['event', 'outside:0#0', true],
        ['event', 'outside:0#1', true],
        ['event', 'outside:0#2', true],
        ['event', 'outside:0#3', false],
        ['startup', 'outside:0#startup4', null],
      ]);
    });
  });

  describe("a turn's time line", () => {
    const timed = { ...turn('p1', 'hi', [event('user_prompt', {}, 0), event('api_request', {}, 10)]), time: { ...noTime, modelMs: 84, ttftMs: null } };

    it('follows the header of a turn that had model or tool time, and folds with it', () => {
      const rows = timelineRows([turn(null, null, [event('api_error', {}, 0)]), timed], [], startMs);
      expect(rows.map((r) => [r.kind, r.key])).toEqual([
        ['turn', 'outside:0'],
        ['event', 'outside:0#0'],
        ['turn', 'p1'],
        ['time', 'p1#time'],
        ['event', 'p1#0'],
        ['event', 'p1#1'],
      ]);
      expect(rows[3]).toMatchObject({ kind: 'time', turnKey: 'p1', time: { modelMs: 84, ttftMs: null } });
      expect(timelineRows([timed], ['p1'], startMs).map((r) => r.kind)).toEqual(['turn']);
    });

    it('is passed over by the cursor, both ways, and the cursor stops at either end', () => {
      const rows = timelineRows([timed, { ...timed, promptId: 'p2' }], [], startMs);
      expect(rows.map((r) => r.kind)).toEqual(['turn', 'time', 'event', 'event', 'turn', 'time', 'event', 'event']);
      expect([
        stepCursor(rows, 0, 1),
        stepCursor(rows, 2, -1),
        stepCursor(rows, 3, 1),
        stepCursor(rows, 0, 3),
        stepCursor(rows, 7, 1),
        stepCursor(rows, 0, -1),
      ]).toEqual([2, 0, 4, 4, 7, 0]);
      // From past the end, one step back is the last row the cursor may stop on.
      expect(stepCursor(rows.slice(0, 6), 6, -1)).toBe(4);
    });
  });
});
