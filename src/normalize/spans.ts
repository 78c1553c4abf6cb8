// Every OTLP span becomes one span row: typed columns for what is joined (request id, tool use id,
// agent id) or summed (durations, time to first token, tokens), and the whole span with its
// resource and scope as raw JSON. A span that cannot be placed in time or in its trace (ids of the
// wrong size, no start, an end before its start) is rejected alone, with a reason, as a metric point
// with a value that is not a number is: the rest of the request is stored.
import type { Resource, Scope, Span, TracesRequest } from '../otlp/types.js';
import { attribute } from '../vocabulary/attributes.js';
import { spanIdHexLength, spanTypeOf, traceIdHexLength } from '../vocabulary/spans.js';
import { nanosToMs } from './time.js';

export interface SpanRow {
  traceId: string;
  spanId: string;
  /** null for a trace's root span. */
  parentSpanId: string | null;
  name: string;
  spanType: string | null;
  /** `session.id`, else `gen_ai.conversation.id` (a subagent's spans carry its agent id there). */
  sessionId: string | null;
  startMs: number;
  endMs: number;
  /** From the nanosecond times, rounded to the nearest millisecond. */
  durationMs: number;
  requestId: string | null;
  toolUseId: string | null;
  agentId: string | null;
  ttftMs: number | null;
  attempt: number | null;
  isSuccess: boolean | null;
  decision: string | null;
  toolName: string | null;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  /** OTLP status: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  rawJson: string;
}

export interface SpanRows {
  rows: SpanRow[];
  rejected: number;
  /** Why spans were rejected, one line per reason (for OTLP partial_success). */
  reasons: string[];
}

/** Nanoseconds past this do not fit SQLite's signed 64 bits (the year 2262). */
const maxNanos = 2n ** 63n - 1n;

const isHexId = (id: string, length: number): boolean => id.length === length && !/^0+$/.test(id);

/** The span by its name (cut short), not its id: equal reasons then read as one line. */
function label(span: Span): string {
  return `span "${span.name.length > 40 ? `${span.name.slice(0, 40)}…` : span.name}"`;
}

function rejectReason(span: Span): string | null {
  if (!isHexId(span.traceId, traceIdHexLength)) return `${label(span)}: the trace id must be 16 bytes, not all zero`;
  if (!isHexId(span.spanId, spanIdHexLength)) return `${label(span)}: the span id must be 8 bytes, not all zero`;
  if (span.parentSpanId !== '' && span.parentSpanId.length !== spanIdHexLength) return `${label(span)}: the parent span id must be 8 bytes or empty`;
  if (span.name === '') return `${label(span)}: a span needs a name`;
  const start = BigInt(span.startTimeUnixNano);
  const end = BigInt(span.endTimeUnixNano);
  if (start === 0n || end === 0n) return `${label(span)}: a span needs a start and an end time`;
  if (end < start) return `${label(span)}: it ends before it starts`;
  if (end > maxNanos) return `${label(span)}: its end time is past the year 2262`;
  return null;
}

export function spanRow(span: Span, resource: Resource, scope: Scope): SpanRow {
  const a = span.attributes;
  const r = resource.attributes;
  const start = BigInt(span.startTimeUnixNano);
  const end = BigInt(span.endTimeUnixNano);
  const raw = {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId,
    name: span.name,
    kind: span.kind,
    startTimeUnixNano: span.startTimeUnixNano,
    endTimeUnixNano: span.endTimeUnixNano,
    attributes: a,
    events: span.events,
    status: span.status,
    resource: r,
    scope: { name: scope.name, version: scope.version },
  };
  return {
    traceId: span.traceId,
    spanId: span.spanId,
    parentSpanId: span.parentSpanId === '' || /^0+$/.test(span.parentSpanId) ? null : span.parentSpanId,
    name: span.name,
    spanType: spanTypeOf(span.name, a),
    sessionId: attribute.sessionId(a) ?? attribute.sessionId(r) ?? attribute.conversationId(a),
    startMs: nanosToMs(span.startTimeUnixNano),
    endMs: nanosToMs(span.endTimeUnixNano),
    durationMs: Number((end - start + 500_000n) / 1_000_000n),
    requestId: attribute.spanRequestId(a),
    toolUseId: attribute.toolUseId(a),
    agentId: attribute.agentId(a),
    ttftMs: attribute.ttftMs(a),
    attempt: attribute.attempt(a),
    isSuccess: attribute.isSuccess(a),
    decision: attribute.decision(a),
    toolName: attribute.spanToolName(a),
    model: attribute.spanModel(a),
    inputTokens: attribute.inputTokens(a),
    outputTokens: attribute.outputTokens(a),
    cacheReadTokens: attribute.cacheReadTokens(a),
    cacheCreationTokens: attribute.cacheCreationTokens(a),
    statusCode: span.status.code,
    rawJson: JSON.stringify(raw),
  };
}

export function spanRows(request: TracesRequest): SpanRows {
  const rows: SpanRow[] = [];
  const reasons = new Set<string>();
  let rejected = 0;
  for (const rs of request.resourceSpans) {
    for (const ss of rs.scopeSpans) {
      for (const span of ss.spans) {
        const reason = rejectReason(span);
        if (reason === null) {
          rows.push(spanRow(span, rs.resource, ss.scope));
          continue;
        }
        rejected += 1;
        reasons.add(reason);
      }
    }
  }
  return { rows, rejected, reasons: [...reasons] };
}
