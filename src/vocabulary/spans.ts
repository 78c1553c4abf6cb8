// Claude Code's spans (2.1.332, a beta: CLAUDE_CODE_ENHANCED_TELEMETRY_BETA=1 and
// OTEL_TRACES_EXPORTER=otlp). One trace per prompt: an `interaction` span, and under it a span per
// model request (`llm_request`) and per tool use (`tool`), which holds the permission wait
// (`tool.blocked_on_user`) and the run (`tool.execution`). A subagent's requests and tools hang
// under the Agent tool's execution span and carry its `agent_id`. The attributes they carry are in
// attributes.ts.
import type { AttributeBag } from './attribute-values.js';
import { attribute } from './attributes.js';

/** The scope Claude Code's tracer reports under. */
export const tracingScopeName = 'com.anthropic.claude_code.tracing';

/** Span names carry this prefix; `span.type` is the name without it. */
export const spanNamePrefix = 'claude_code.';

/** Values of `span.type`. SQL in store/ interpolates these (our constants, never input). */
export const spanType = {
  interaction: 'interaction',
  llmRequest: 'llm_request',
  tool: 'tool',
  toolBlockedOnUser: 'tool.blocked_on_user',
  toolExecution: 'tool.execution',
} as const;

export type SpanType = (typeof spanType)[keyof typeof spanType];

const knownTypes: ReadonlySet<string> = new Set(Object.values(spanType));

export function isSpanType(value: string | null): value is SpanType {
  return value !== null && knownTypes.has(value);
}

/** `span.type` as sent, else the name without `claude_code.`; null for another program's span. */
export function spanTypeOf(name: string, attributes: AttributeBag): string | null {
  return attribute.spanType(attributes) ?? (name.startsWith(spanNamePrefix) ? name.slice(spanNamePrefix.length) : null);
}

/** Trace ids are 16 bytes, span ids 8 (W3C trace context), both lower-case hex once decoded. */
export const traceIdHexLength = 32;
export const spanIdHexLength = 16;
