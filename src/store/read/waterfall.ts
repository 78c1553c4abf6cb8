// A turn as bars on a time axis, for a waterfall view: one per span (the interaction, each model
// request, each tool with its permission wait and its run) and one per hook, in tree order, so a
// subagent's requests and tools follow the Agent tool that started them, in the subagent's lane.
// Without traces the bars come from the events' own durations (model requests, tool results,
// hooks), which end at the event's time; `source` says which.
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
  /** 0 for a root (the interaction), one more per parent; event bars are 0. */
  depth: number;
  /** From the waterfall's start, ms. */
  startOffsetMs: number;
  endOffsetMs: number;
  /** Model, tool or hook name, as sent: telemetry text, to sanitise before showing. */
  label: string;
  durationMs: number;
  ttftMs: number | null;
  attempt: number | null;
  tokens: { input: number | null; output: number | null; cacheRead: number | null; cacheCreation: number | null } | null;
  /** A model request's cost, from its api_request event. */
  costUsd: number | null;
  success: boolean | null;
  /** A permission wait's outcome (accept, reject). */
  decision: string | null;
  /** The span behind the bar (for its raw JSON); null for a bar drawn from an event. */
  span: { traceId: string; spanId: string } | null;
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
  bar: Omit<WaterfallBar, 'depth' | 'startOffsetMs' | 'endOffsetMs'>;
}

const noFigures = { ttftMs: null, attempt: null, tokens: null, costUsd: null, success: null, decision: null } as const;

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

/** Hooks ran before the hook_execution_complete event that reports them. */
function hookNodes(events: readonly TimelineEvent[], parentId: string | null): Node[] {
  return events.flatMap((e, i) => {
    if (e.name !== 'hook_execution_complete') return [];
    const a = eventAttributes(e);
    const durationMs = attribute.hookTotalDurationMs(a) ?? 0;
    const endMs = Date.parse(e.time);
    return [{ id: `hook:${i}`, parentId, startMs: endMs - durationMs, endMs, bar: { key: `hook:${e.sequence ?? i}`, kind: 'hook' as const, lane: attribute.agentId(a), label: attribute.hookName(a) ?? 'hook', durationMs, ...noFigures, span: null } }];
  });
}

function spanNodes(turn: Turn): Node[] {
  const costs = new Map<string, number | null>();
  for (const e of turn.events) if (e.kind === 'api_request' && e.requestId !== null) costs.set(e.requestId, e.costUsd);
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
      tokens: s.type === spanType.llmRequest ? s.tokens : null,
      costUsd: s.requestId === null ? null : (costs.get(s.requestId) ?? null),
      success: s.success,
      decision: s.decision,
      span: { traceId: s.traceId, spanId: s.spanId },
    },
  }));
  return [...nodes, ...hookNodes(turn.events, root === undefined ? null : `${root.traceId}/${root.spanId}`)];
}

function eventNodes(turn: Turn): Node[] {
  const nodes: Node[] = [];
  turn.events.forEach((e, i) => {
    if (e.kind !== 'api_request' && e.kind !== 'tool_result') return;
    const endMs = Date.parse(e.time);
    const durationMs = e.durationMs ?? 0;
    const a = eventAttributes(e);
    const common = { id: `event:${i}`, parentId: null, startMs: endMs - durationMs, endMs };
    if (e.kind === 'api_request') {
      const tokens = { input: e.inputTokens, output: e.outputTokens, cacheRead: e.cacheReadTokens, cacheCreation: e.cacheCreationTokens };
      nodes.push({ ...common, bar: { key: `event:${e.sequence ?? i}`, kind: 'llm_request', lane: attribute.agentId(a), label: e.model ?? 'model request', durationMs, ...noFigures, ttftMs: attribute.ttftMs(a), tokens, costUsd: e.costUsd, span: null } });
    } else {
      nodes.push({ ...common, bar: { key: `event:${e.sequence ?? i}`, kind: 'tool.execution', lane: attribute.agentId(a), label: e.toolName ?? 'tool', durationMs, ...noFigures, success: e.isSuccess, span: null } });
    }
  });
  return [...nodes, ...hookNodes(turn.events, null)];
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
  const visit = (parent: string | null, depth: number) => {
    for (const n of (children.get(parent) ?? []).sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs)) {
      bars.push({ ...n.bar, depth, startOffsetMs: n.startMs - startMs, endOffsetMs: n.endMs - startMs });
      if (depth < 64) visit(n.id, depth + 1);
    }
  };
  visit(null, 0);
  return { source, startMs, endMs, bars };
}
