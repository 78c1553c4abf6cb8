// Where a turn's (or a session's) time went: model, of it time to first token, tools, waiting on
// the person, hooks. Spans say it best; without them the events' own durations stand in, request by
// request and tool use by tool use, so a session whose traces came in part is neither double
// counted nor short of what its events say. See TimeFigures for each figure's definition.
import { attribute } from '../../vocabulary/attributes.js';
import { spanType } from '../../vocabulary/spans.js';
import { eventAttributes } from './span-turns.js';
import type { SessionSpan, TimeFigures, TimelineEvent } from './types.js';

/** Events that say a session's Claude Code reports its hooks (2.1.332 and later, with hooks set up). */
const hookEventNames: ReadonlySet<string> = new Set(['hook_registered', 'hook_execution_start', 'hook_execution_complete']);

export function reportsHooks(events: readonly TimelineEvent[]): boolean {
  return events.some((e) => hookEventNames.has(e.name));
}

/** Adds what is known; one unknown part makes the whole unknown. */
class Total {
  private ms: number | null = 0;
  add(value: number | null): void {
    this.ms = this.ms === null || value === null ? null : this.ms + value;
  }
  get value(): number | null {
    return this.ms;
  }
}

function requestFigures(events: readonly TimelineEvent[], spans: readonly SessionSpan[]): { modelMs: number | null; ttftMs: number | null } {
  const llm = spans.filter((s) => s.type === spanType.llmRequest);
  const traced = new Set(llm.map((s) => s.requestId).filter((id) => id !== null));
  const model = new Total();
  const ttft = new Total();
  for (const span of llm) {
    model.add(span.durationMs);
    ttft.add(span.ttftMs);
  }
  for (const event of events) {
    if (event.kind !== 'api_request' || (event.requestId !== null && traced.has(event.requestId))) continue;
    model.add(event.durationMs);
    ttft.add(attribute.ttftMs(eventAttributes(event)));
  }
  return { modelMs: model.value, ttftMs: ttft.value };
}

function toolMs(events: readonly TimelineEvent[], spans: readonly SessionSpan[]): number | null {
  const traced = new Set(spans.filter((s) => (s.type === spanType.tool || s.type === spanType.toolExecution) && s.toolUseId !== null).map((s) => s.toolUseId));
  const total = new Total();
  // A traced tool use that never ran (refused) has a tool span and no execution: it adds nothing.
  for (const span of spans) if (span.type === spanType.toolExecution) total.add(span.durationMs);
  for (const event of events) {
    if (event.kind !== 'tool_result') continue;
    const toolUseId = attribute.toolUseId(eventAttributes(event));
    if (toolUseId !== null && traced.has(toolUseId)) continue;
    total.add(event.durationMs);
  }
  return total.value;
}

function hooksMs(events: readonly TimelineEvent[]): number | null {
  const total = new Total();
  for (const event of events) if (event.name === 'hook_execution_complete') total.add(attribute.hookTotalDurationMs(eventAttributes(event)));
  return total.value;
}

/**
 * The time figures of a scope's events and spans. `hasHooks`: whether the session reports hooks at
 * all (else hooksMs is unknown, not 0). A scope without spans has no traces, so its wait on the
 * person is unknown.
 */
export function timeFigures(events: readonly TimelineEvent[], spans: readonly SessionSpan[], hasHooks: boolean): TimeFigures {
  const { modelMs, ttftMs } = requestFigures(events, spans);
  const waiting = new Total();
  for (const span of spans) if (span.type === spanType.toolBlockedOnUser) waiting.add(span.durationMs);
  return {
    modelMs,
    ttftMs,
    toolMs: toolMs(events, spans),
    waitingOnUserMs: spans.length === 0 ? null : waiting.value,
    hooksMs: hasHooks ? hooksMs(events) : null,
  };
}
