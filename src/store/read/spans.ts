// A session's spans, from their typed columns, each placed in its lane: a subagent's tool carries
// its agent_id, but the permission wait and the run under it do not, so a span without one takes
// its nearest ancestor's. Parents may arrive in a later request than their children, which is why
// the lane is found here, at read time, and not when the span is stored.
import { statement, type Db } from '../open.js';
import type { SessionSpan } from './types.js';

interface SpanRecord {
  traceId: string;
  spanId: string;
  parentSpanId: string | null;
  name: string;
  type: string | null;
  startMs: number;
  endMs: number;
  durationMs: number;
  requestId: string | null;
  toolUseId: string | null;
  ownAgentId: string | null;
  ttftMs: number | null;
  attempt: number | null;
  isSuccess: number | null;
  decision: string | null;
  toolName: string | null;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  statusCode: number;
}

export const sessionSpansSql = `
  SELECT trace_id AS traceId, span_id AS spanId, parent_span_id AS parentSpanId, name, span_type AS type,
    start_ms AS startMs, end_ms AS endMs, duration_ms AS durationMs, request_id AS requestId,
    tool_use_id AS toolUseId, agent_id AS ownAgentId, ttft_ms AS ttftMs, attempt, is_success AS isSuccess,
    decision, tool_name AS toolName, model, input_tokens AS inputTokens, output_tokens AS outputTokens,
    cache_read_tokens AS cacheReadTokens, cache_creation_tokens AS cacheCreationTokens, status_code AS statusCode
  FROM spans WHERE session_id = ?
  ORDER BY start_ms, id`;

/** Far more than Claude Code nests (interaction → tool → execution → a subagent's tool → …); stops a cycle. */
const maxDepth = 64;

/** The session's spans in start order, each with its lane; `promptId` is filled by the turn join. */
export function sessionSpans(db: Db, sessionId: string): SessionSpan[] {
  const records = statement(db, sessionSpansSql).all(sessionId) as SpanRecord[];
  const byId = new Map(records.map((r) => [`${r.traceId}/${r.spanId}`, r]));
  const laneOf = (record: SpanRecord): string | null => {
    let at: SpanRecord | undefined = record;
    for (let depth = 0; at !== undefined && depth < maxDepth; depth += 1) {
      if (at.ownAgentId !== null) return at.ownAgentId;
      at = at.parentSpanId === null ? undefined : byId.get(`${at.traceId}/${at.parentSpanId}`);
    }
    return null;
  };
  return records.map((r) => ({
    traceId: r.traceId,
    spanId: r.spanId,
    parentSpanId: r.parentSpanId,
    name: r.name,
    type: r.type,
    startMs: r.startMs,
    endMs: r.endMs,
    durationMs: r.durationMs,
    requestId: r.requestId,
    toolUseId: r.toolUseId,
    agentId: laneOf(r),
    ttftMs: r.ttftMs,
    attempt: r.attempt,
    success: r.isSuccess === null ? null : r.isSuccess === 1,
    decision: r.decision,
    toolName: r.toolName,
    model: r.model,
    tokens: { input: r.inputTokens, output: r.outputTokens, cacheRead: r.cacheReadTokens, cacheCreation: r.cacheCreationTokens },
    statusCode: r.statusCode,
    promptId: null,
  }));
}

/** Spans as stored, in the order asked (a tool, its permission wait, its run); one not stored is left out. */
export function spansRaw(db: Db, keys: readonly { traceId: string; spanId: string }[]): Record<string, unknown>[] {
  return keys.flatMap((k) => {
    const raw = spanRaw(db, k.traceId, k.spanId);
    return raw === null ? [] : [raw];
  });
}

/** One span as stored (with its resource and scope), for a raw-JSON view; null when not stored. */
export function spanRaw(db: Db, traceId: string, spanId: string): Record<string, unknown> | null {
  const json = statement(db, 'SELECT raw_json FROM spans WHERE trace_id = ? AND span_id = ?').pluck().get(traceId, spanId) as string | undefined;
  if (json === undefined) return null;
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : null;
}
