import { describe, expect, it } from 'vitest';
import type { Subagent } from '../../../store/read/types.js';
import type { BarKind, Waterfall, WaterfallBar } from '../../../store/read/waterfall.js';
import { lineWidth } from '../../components/styled-line.js';
import { timeAxis } from '../../components/time-axis.js';
import { figureLines, figuresLine, waterfallColumns, waterfallLine } from './waterfall-line.js';
import { waterfallRows, type WaterfallRow } from './waterfall-rows.js';

const bar = (
  key: string,
  kind: BarKind,
  parentKey: string | null,
  startOffsetMs: number,
  endOffsetMs: number,
  more: Partial<WaterfallBar> = {},
): WaterfallBar => ({
  key,
  kind,
  lane: null,
  depth: 0,
  parentKey,
  startOffsetMs,
  endOffsetMs,
  label: key,
  durationMs: endOffsetMs - startOffsetMs,
  ttftMs: null,
  attempt: null,
  retryMs: null,
  tokens: null,
  costUsd: null,
  success: null,
  decision: null,
  span: { traceId: 't', spanId: key },
  eventIndex: null,
  ...more,
});

const waterfall = (bars: WaterfallBar[]): Waterfall => ({ source: 'spans', startMs: 0, endMs: Math.max(...bars.map((b) => b.endOffsetMs)), bars });

const shape = (rows: readonly WaterfallRow[]) =>
  rows.map((r) => (r.kind === 'lane' ? [r.depth, `lane ${r.agentId}`] : [r.depth, r.bar.key, r.wait?.key ?? null, r.run?.key ?? null]));

// A prompt: a model request, an Agent tool (its wait and its run), under the run a subagent's request
// and tool (with its own wait and run), a hook of the subagent's hung under the same run, then the
// main thread's last request.
const a = { lane: 'a1' };
const subagentTurn = waterfall([
  bar('prompt', 'interaction', null, 0, 1000),
  bar('req1', 'llm_request', 'prompt', 100, 300, { ttftMs: 80 }),
  bar('agent', 'tool', 'prompt', 300, 400, { label: 'Agent' }),
  bar('agent.wait', 'tool.blocked_on_user', 'agent', 300, 320, { decision: 'accept' }),
  bar('agent.run', 'tool.execution', 'agent', 320, 400, { success: true }),
  bar('sub.req', 'llm_request', 'agent.run', 350, 600, { ...a }),
  bar('sub.hook', 'hook', 'agent.run', 600, 650, { ...a, span: null, eventIndex: 7 }),
  bar('sub.write', 'tool', 'agent.run', 650, 800, { ...a, label: 'Write' }),
  bar('sub.write.wait', 'tool.blocked_on_user', 'sub.write', 650, 700, { ...a }),
  bar('sub.write.run', 'tool.execution', 'sub.write', 700, 800, { ...a, success: false }),
  bar('req2', 'llm_request', 'prompt', 700, 900),
]);

describe('waterfall rows', () => {
  it('draws a tool with its wait and run in one row, and the subagent in a lane under the tool', () => {
    expect(shape(waterfallRows(subagentTurn))).toEqual([
      [0, 'prompt', null, null],
      [1, 'req1', null, null],
      [1, 'agent', 'agent.wait', 'agent.run'],
      [2, 'lane a1'],
      [3, 'sub.req', null, null],
      [3, 'sub.hook', null, null],
      [3, 'sub.write', 'sub.write.wait', 'sub.write.run'],
      [1, 'req2', null, null],
    ]);
  });

  it('gives a lane the extent of its bars', () => {
    expect(waterfallRows(subagentTurn)[3]).toMatchObject({ kind: 'lane', startOffsetMs: 350, endOffsetMs: 800 });
  });

  it('gathers a lane whose bars are roots (no Agent tool to hang under) where its first bar falls', () => {
    const flat = waterfall([
      bar('r1', 'llm_request', null, 0, 10),
      bar('s1', 'llm_request', null, 5, 20, { lane: 'x' }),
      bar('r2', 'llm_request', null, 12, 30),
      bar('s2', 'tool.execution', null, 25, 40, { lane: 'x' }),
    ]);
    expect(shape(waterfallRows(flat))).toEqual([
      [0, 'r1', null, null],
      [0, 'lane x'],
      [1, 's1', null, null],
      [1, 's2', null, null],
      [0, 'r2', null, null],
    ]);
  });

  it('nests a subagent started by a subagent one lane deeper', () => {
    const nested = waterfall([
      bar('t', 'tool', null, 0, 100, { label: 'Agent' }),
      bar('t.run', 'tool.execution', 't', 0, 100),
      bar('u', 'tool', 't.run', 10, 90, { lane: 'outer', label: 'Agent' }),
      bar('u.run', 'tool.execution', 'u', 10, 90, { lane: 'outer' }),
      bar('v', 'llm_request', 'u.run', 20, 80, { lane: 'inner' }),
    ]);
    expect(shape(waterfallRows(nested))).toEqual([
      [0, 't', null, 't.run'],
      [1, 'lane outer'],
      [2, 'u', null, 'u.run'],
      [3, 'lane inner'],
      [4, 'v', null, null],
    ]);
  });
});

describe('waterfall lines', () => {
  const agents = new Map<string, Subagent>([
    [
      'a1',
      {
        agentId: 'a1',
        agentType: 'general-purpose',
        model: 'claude-haiku-5-5',
        apiRequests: 2,
        costUsd: 0.0004,
        tokens: { input: 1, output: 2, cacheRead: 0, cacheCreation: 0 },
        toolUses: 1,
        durationMs: 878,
        isAsync: true,
      },
    ],
  ]);
  const rows = waterfallRows(subagentTurn);
  const text = (segments: readonly { text: string }[]) => segments.map((s) => s.text).join('');
  const lineAt = (row: WaterfallRow, width: number, isSelected = false) => {
    const { labelWidth, barColumns } = waterfallColumns(width);
    return waterfallLine(row, isSelected, { labelWidth, axis: timeAxis(1000, barColumns) }, agents);
  };

  it.each([
    [80, 22, 48],
    [120, 32, 78],
    [40, 11, 19],
    [24, 6, 8],
  ])('at %i columns: a %i-column label, %i columns of bar', (width, labelWidth, barColumns) => {
    expect(waterfallColumns(width)).toEqual({ labelWidth, barColumns });
  });

  it.each([24, 40, 80, 120])('draws every row exactly %i columns wide, never more', (width) => {
    expect(rows.map((r) => lineWidth(lineAt(r, width)))).toEqual(rows.map(() => width));
  });

  it('draws a request with its time to first token, and a tool with its wait and its (failed) run, by glyph', () => {
    expect(text(lineAt(rows[1]!, 80))).toBe('   req1                      ▒▒▒▒▒██████                                   200ms');
    expect(text(lineAt(rows[6]!, 80))).toBe('     Write                                              ░░░╳╳╳╳╳           150ms');
    expect(lineAt(rows[6]!, 80).filter((s) => /[░╳]/.test(s.text))).toEqual([
      { text: '░░░', role: 'wait' },
      { text: '╳╳╳╳╳', role: 'bad' },
    ]);
  });

  it('draws a retried request: its failed attempts and the waits first, then the last attempt with its first token', () => {
    const retried = waterfallRows(waterfall([bar('r', 'llm_request', null, 0, 1000, { attempt: 2, retryMs: 500, ttftMs: 250 })]))[0]!;
    expect(text(lineAt(retried, 80))).toBe('  r                      ╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳╳▒▒▒▒▒▒▒▒▒▒▒▒████████████   1.0s');
    expect(text(figuresLine(retried, agents))).toBe('r  +0.00s  1.0s · first token 250ms · attempt 2 (retrying 500ms)');
  });

  it('indents by depth, names a lane by its agent, and cuts a long label with "…"', () => {
    expect(text(lineAt(rows[3]!, 80, true))).toBe('›   general-purpose a1                   ───────────────────────           450ms');
    expect(text(lineAt(rows[3]!, 40)).slice(0, 14)).toBe('    general-… ');
  });

  it.each([
    [1, 'req1  +0.10s  200ms · first token 80ms'],
    [2, 'Agent  +0.30s  100ms · waiting on you 20ms (accept) · running 80ms · ok'],
    [3, 'general-purpose  +0.35s  450ms · claude-haiku-5-5 · 2 requests $0.0004 · 1 tool use · async · a1'],
    [6, 'Write  +0.65s  150ms · waiting on you 50ms · running 100ms · failed'],
  ])('says the figures of row %i', (index, figures) => {
    expect(text(figuresLine(rows[index]!, agents))).toBe(figures);
  });

  it('breaks the figures between two figures when they are wider than the line, and cuts one wider than the line alone', () => {
    const figures = figuresLine(rows[2]!, agents);
    expect(figureLines(figures, 80).map(text)).toEqual(['Agent  +0.30s  100ms · waiting on you 20ms (accept) · running 80ms · ok']);
    expect(figureLines(figures, 40).map(text)).toEqual(['Agent  +0.30s  100ms', 'waiting on you 20ms (accept)', 'running 80ms · ok']);
    expect(figureLines(figures, 12).map(text)).toEqual(['Agent  +0.3…', 'waiting on …', 'running 80ms', 'ok']);
  });

  it('shows telemetry text without its escape sequences', () => {
    const hostile = waterfallRows(
      waterfall([
        bar('h', 'tool', null, 0, 100, { label: '\u001b[31mBash\u009b2J\u0007' }),
        bar('w', 'tool.blocked_on_user', 'h', 0, 50, { decision: '\u001b]0;x\u0007reject' }),
      ]),
    )[0]!;
    const all = [...lineAt(hostile, 80), ...figuresLine(hostile, agents)].map((s) => s.text).join('');
    expect(all).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(text(figuresLine(hostile, agents))).toBe('Bash  +0.00s  100ms · waiting on you 50ms (reject) · did not run');
  });
});
