// A turn as bars on a time axis, for a waterfall view: one per span (the interaction, each model
// request, each tool with its permission wait and its run) and one per hook, in tree order, so a
// subagent's requests and tools follow the Agent tool that started them, in the subagent's lane.
// Without traces the bars come from the events' own durations (model requests and their errors, tool
// results, hooks), which end at the event's time; `source` says which. A subagent's bars hang under
// the Agent tool that started it: its spans do by their parents; its hooks (events) go to its lane's
// root; without traces, under the main thread's Agent tool that holds (or last precedes) its first bar.
import { attribute } from '../../vocabulary/attributes.js';
import { spanType } from '../../vocabulary/spans.js';
import { eventAttributes } from './span-turns.js';
import type { SessionSpan, TimelineEvent, Turn } from './types.js';

export type BarKind = 'interaction' | 'llm_request' | 'tool' | 'tool.blocked_on_user' | 'tool.execution' | 'hook' | 'other';

export interface WaterfallBar {
  key: string;
  kind: BarKind;
  /** The subagent's id for its lane; null = the main thread. */
  lane: string | null;
  /** 0 for a root (the interaction), one more per parent. */
  depth: number;
  /** The parent bar's key; null for a root. */
  parentKey: string | null;
  /** From the waterfall's start, ms. */
  startOffsetMs: number;
  endOffsetMs: number;
  /** Model, tool or hook name, as sent: telemetry text, to sanitise before showing. */
  label: string;
  durationMs: number;
  ttftMs: number | null;
  attempt: number | null;
  /**
   * A retried request (attempt > 1): the span's time before its last attempt began (the attempts that
   * failed and the waits between them), from its api_request's duration, which is the last attempt's.
   * `ttftMs` counts from the last attempt's start. null when not retried or not known.
   */
  retryMs: number | null;
  tokens: { input: number | null; output: number | null; cacheRead: number | null; cacheCreation: number | null } | null;
  /** A model request's cost, from its api_request event. */
  costUsd: number | null;
  success: boolean | null;
  /** A permission wait's outcome (accept, reject). */
  decision: string | null;
  /** The span behind the bar (for its raw JSON); null for a bar drawn from an event. */
  span: { traceId: string; spanId: string } | null;
  /** The event behind a bar drawn from one (a hook; every bar without traces): its index in the turn's events. */
  eventIndex: number | null;
}

export interface Waterfall {
  source: 'spans' | 'events';
  startMs: number;
  endMs: number;
  bars: WaterfallBar[];
}

const kinds: ReadonlySet<string> = new Set(Object.values(spanType));
const kindOf = (type: string | null): BarKind => (type !== null && kinds.has(type) ? (type as BarKind) : 'other');

interface Node {
  id: string;
  parentId: string | null;
  startMs: number;
  endMs: number;
  bar: Omit<WaterfallBar, 'depth' | 'parentKey' | 'startOffsetMs' | 'endOffsetMs'>;
}

const noFigures = { ttftMs: null, attempt: null, retryMs: null, tokens: null, costUsd: null, success: null, decision: null } as const;

/** `parentTool`: the tool span's tool name, which its execution span does not repeat. */
function spanLabel(s: SessionSpan, parentTool: string | null): string {
  switch (kindOf(s.type)) {
    case 'tool.execution':
      return s.toolName ?? parentTool ?? 'run';
    case 'llm_request':
      return s.model ?? s.name;
    case 'tool':
      return s.toolName ?? s.name;
    case 'tool.blocked_on_user':
      return s.decision === null ? 'permission' : `permission: ${s.decision}`;
    default:
      return s.name;
  }
}

/** Hooks ran before the hook_execution_complete event that reports them. `parentOf`: the node a lane's hook hangs under. */
function hookNodes(events: readonly TimelineEvent[], parentOf: (lane: string | null) => string | null): Node[] {
  return events.flatMap((e, i) => {
    if (e.kind !== 'hook_execution_complete') return [];
    const durationMs = e.durationMs ?? 0;
    const endMs = Date.parse(e.time);
    const isFailed = (e.failed ?? 0) + (e.cancelled ?? 0) > 0;
    const bar = {
      key: `hook:${e.sequence ?? i}`,
      kind: 'hook' as const,
      lane: e.agentId,
      label: e.hookName ?? 'hook',
      durationMs,
      ...noFigures,
      success: isFailed ? false : e.succeeded === null ? null : true,
      decision: e.blocking !== null && e.blocking > 0 ? 'blocked' : null,
      span: null,
      eventIndex: i,
    };
    return [{ id: `hook:${i}`, parentId: parentOf(e.agentId), startMs: endMs - durationMs, endMs, bar }];
  });
}

function spanNodes(turn: Turn): Node[] {
  const requests = new Map<string, { costUsd: number | null; durationMs: number | null }>();
  for (const e of turn.events)
    if (e.kind === 'api_request' && e.requestId !== null) requests.set(e.requestId, { costUsd: e.costUsd, durationMs: e.durationMs });
  const retryMs = (s: SessionSpan): number | null => {
    const lastAttemptMs = s.requestId === null ? null : (requests.get(s.requestId)?.durationMs ?? null);
    return s.attempt === null || s.attempt <= 1 || lastAttemptMs === null || lastAttemptMs >= s.durationMs ? null : s.durationMs - lastAttemptMs;
  };
  const root = turn.spans.find((s) => s.parentSpanId === null && s.type === spanType.interaction);
  const toolNames = new Map(turn.spans.filter((s) => s.type === spanType.tool).map((s) => [`${s.traceId}/${s.spanId}`, s.toolName]));
  const nodes: Node[] = turn.spans.map((s) => ({
    id: `${s.traceId}/${s.spanId}`,
    parentId: s.parentSpanId === null ? null : `${s.traceId}/${s.parentSpanId}`,
    startMs: s.startMs,
    endMs: s.endMs,
    bar: {
      key: s.spanId,
      kind: kindOf(s.type),
      lane: s.agentId,
      label: spanLabel(s, s.parentSpanId === null ? null : (toolNames.get(`${s.traceId}/${s.parentSpanId}`) ?? null)),
      durationMs: s.durationMs,
      ttftMs: s.ttftMs,
      attempt: s.attempt,
      retryMs: s.type === spanType.llmRequest ? retryMs(s) : null,
      tokens: s.type === spanType.llmRequest ? s.tokens : null,
      costUsd: s.requestId === null ? null : (requests.get(s.requestId)?.costUsd ?? null),
      success: s.success,
      decision: s.decision,
      span: { traceId: s.traceId, spanId: s.spanId },
      eventIndex: null,
    },
  }));
  // A lane's root: the span (the Agent tool's run) whose child is the first of the lane's spans.
  const laneRoots = new Map<string, string>();
  const lanes = new Map(turn.spans.map((s) => [`${s.traceId}/${s.spanId}`, s.agentId]));
  for (const s of turn.spans) {
    if (s.agentId === null || laneRoots.has(s.agentId) || s.parentSpanId === null) continue;
    const parentId = `${s.traceId}/${s.parentSpanId}`;
    if (lanes.has(parentId) && lanes.get(parentId) !== s.agentId) laneRoots.set(s.agentId, parentId);
  }
  const rootId = root === undefined ? null : `${root.traceId}/${root.spanId}`;
  return [...nodes, ...hookNodes(turn.events, (lane) => (lane === null ? rootId : (laneRoots.get(lane) ?? rootId)))];
}

/** Tools that start a subagent: `Agent` (2.1.332), `Task` before it. */
const agentTools: ReadonlySet<string> = new Set(['Agent', 'Task']);

function eventNodes(turn: Turn): Node[] {
  const nodes: Node[] = [];
  turn.events.forEach((e, i) => {
    if (e.kind !== 'api_request' && e.kind !== 'api_error' && e.kind !== 'tool_result') return;
    const endMs = Date.parse(e.time);
    const durationMs = e.durationMs ?? 0;
    const a = eventAttributes(e);
    const common = { id: `event:${i}`, parentId: null, startMs: endMs - durationMs, endMs };
    const bar = { key: `event:${e.sequence ?? i}`, lane: attribute.agentId(a), durationMs, ...noFigures, span: null, eventIndex: i };
    if (e.kind === 'api_request') {
      const tokens = { input: e.inputTokens, output: e.outputTokens, cacheRead: e.cacheReadTokens, cacheCreation: e.cacheCreationTokens };
      nodes.push({
        ...common,
        bar: { ...bar, kind: 'llm_request', label: e.model ?? 'model request', ttftMs: attribute.ttftMs(a), tokens, costUsd: e.costUsd, success: true },
      });
    } else if (e.kind === 'api_error') {
      nodes.push({ ...common, bar: { ...bar, kind: 'llm_request', label: e.model ?? 'model request', attempt: e.attempt, success: false } });
    } else {
      nodes.push({ ...common, bar: { ...bar, kind: 'tool.execution', label: e.toolName ?? 'tool', success: e.isSuccess } });
    }
  });
  const all = [...nodes, ...hookNodes(turn.events, () => null)];
  // Without spans nothing says which Agent tool started a lane: take the main thread's Agent tool
  // that holds the lane's first bar (a synchronous agent), else the last one started before it.
  const agentBars = all.filter((n) => n.bar.lane === null && n.bar.kind === 'tool.execution' && agentTools.has(n.bar.label));
  const laneStarts = new Map<string, number>();
  for (const n of all) if (n.bar.lane !== null) laneStarts.set(n.bar.lane, Math.min(laneStarts.get(n.bar.lane) ?? n.startMs, n.startMs));
  const anchors = new Map<string, string>();
  for (const [lane, startMs] of laneStarts) {
    const holding = agentBars.find((n) => n.startMs <= startMs && n.endMs >= startMs);
    const before = agentBars.filter((n) => n.startMs <= startMs).at(-1);
    const anchor = holding ?? before;
    if (anchor !== undefined) anchors.set(lane, anchor.id);
  }
  return all.map((n) => (n.bar.lane === null ? n : { ...n, parentId: anchors.get(n.bar.lane) ?? null }));
}

/** The turn's bars in tree order (each parent, then its children by start), offsets from the earliest start. */
export function turnWaterfall(turn: Turn): Waterfall {
  const source = turn.spans.length > 0 ? 'spans' : 'events';
  const nodes = source === 'spans' ? spanNodes(turn) : eventNodes(turn);
  const startMs = nodes.reduce((m, n) => Math.min(m, n.startMs), Number.POSITIVE_INFINITY);
  const endMs = nodes.reduce((m, n) => Math.max(m, n.endMs), Number.NEGATIVE_INFINITY);
  if (nodes.length === 0) return { source, startMs: Date.parse(turn.startTime), endMs: Date.parse(turn.startTime), bars: [] };
  const ids = new Set(nodes.map((n) => n.id));
  const children = new Map<string | null, Node[]>();
  for (const n of nodes) {
    // A span whose parent is not in this turn (not arrived yet, or another turn's) is drawn as a root.
    const parent = n.parentId !== null && ids.has(n.parentId) ? n.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), n]);
  }
  const bars: WaterfallBar[] = [];
  const keys = new Map(nodes.map((n) => [n.id, n.bar.key]));
  const visit = (parent: string | null, depth: number) => {
    for (const n of (children.get(parent) ?? []).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)) {
      bars.push({
        ...n.bar,
        depth,
        parentKey: parent === null ? null : (keys.get(parent) ?? null),
        startOffsetMs: n.startMs - startMs,
        endOffsetMs: n.endMs - startMs,
      });
      if (depth < 64) visit(n.id, depth + 1);
    }
  };
  visit(null, 0);
  return { source, startMs, endMs, bars };
}
