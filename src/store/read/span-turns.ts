// Which turn (prompt) each trace belongs to. A trace is one prompt's interaction, but its spans do
// not carry prompt.id, so the join goes through what both sides carry, most exact first: a model
// request's request_id (the api_request event's turn), then a tool's tool_use_id (its tool events'
// turn), then the interaction's time span holding the turn's user_prompt event. A subagent's spans
// are in the trace of the prompt that started it, as its events are in that prompt's turn.
import { attribute } from '../../vocabulary/attributes.js';
import type { AttributeBag } from '../../vocabulary/attribute-values.js';
import { spanType } from '../../vocabulary/spans.js';
import type { SessionSpan, TimelineEvent, Turn } from './types.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The attributes an event was sent with (from its stored record). */
export function eventAttributes(event: TimelineEvent): AttributeBag {
  const attributes = event.raw['attributes'];
  return isObject(attributes) ? attributes : {};
}

type TurnEvents = Pick<Turn, 'promptId' | 'events'>;

/** The spans with `promptId` set, and the turns with their spans (both keep their order). */
export function joinSpansToTurns<T extends TurnEvents>(
  spans: readonly SessionSpan[],
  turns: readonly T[],
): { spans: SessionSpan[]; turns: (T & Pick<Turn, 'spans'>)[] } {
  const byRequest = new Map<string, string>();
  const byToolUse = new Map<string, string>();
  const prompts: { timeMs: number; promptId: string }[] = [];
  for (const turn of turns) {
    if (turn.promptId === null) continue;
    for (const event of turn.events) {
      const attributes = eventAttributes(event);
      const requestId = attribute.requestId(attributes);
      const toolUseId = attribute.toolUseId(attributes);
      if (requestId !== null && (event.name === 'api_request' || event.name === 'api_error')) byRequest.set(requestId, turn.promptId);
      if (toolUseId !== null && (event.name === 'tool_decision' || event.name === 'tool_result')) byToolUse.set(toolUseId, turn.promptId);
      if (event.name === 'user_prompt') prompts.push({ timeMs: Date.parse(event.time), promptId: turn.promptId });
    }
  }
  const traceTurn = new Map<string, string>();
  const joinBy = (find: (span: SessionSpan) => string | undefined) => {
    for (const span of spans) {
      if (traceTurn.has(span.traceId)) continue;
      const promptId = find(span);
      if (promptId !== undefined) traceTurn.set(span.traceId, promptId);
    }
  };
  joinBy((s) => (s.type === spanType.llmRequest && s.requestId !== null ? byRequest.get(s.requestId) : undefined));
  joinBy((s) => (s.toolUseId !== null ? byToolUse.get(s.toolUseId) : undefined));
  joinBy((s) => (s.type === spanType.interaction ? prompts.find((p) => p.timeMs >= s.startMs && p.timeMs <= s.endMs)?.promptId : undefined));

  const joined = spans.map((s) => ({ ...s, promptId: traceTurn.get(s.traceId) ?? null }));
  const byPrompt = new Map<string, SessionSpan[]>();
  for (const span of joined) {
    if (span.promptId === null) continue;
    const list = byPrompt.get(span.promptId) ?? [];
    list.push(span);
    byPrompt.set(span.promptId, list);
  }
  return { spans: joined, turns: turns.map((t) => ({ ...t, spans: t.promptId === null ? [] : (byPrompt.get(t.promptId) ?? []) })) };
}
