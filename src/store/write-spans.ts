// Spans, one row each, in one IMMEDIATE transaction per request (or per slice of a large one).
// (trace_id, span_id) is unique, so a retried request, or a span sent again in a later batch,
// changes nothing: the first copy stays.
import type { SpanRow } from '../normalize/spans.js';
import type { Db } from './open.js';
import { writeEach } from './store-failure.js';
import type { AlsoInTransaction, WriteResult } from './write.js';

export type SpanWriter = (rows: readonly SpanRow[], receivedMs: number, also?: AlsoInTransaction) => WriteResult;

/** `machine`: as createWriter's (sync). */
export function createSpanWriter(db: Db, machine: string | null = null): SpanWriter {
  const insertSpan = db.prepare(`
    INSERT OR IGNORE INTO spans (
      trace_id, span_id, parent_span_id, name, span_type, session_id, start_ms, end_ms, duration_ms,
      request_id, tool_use_id, agent_id, ttft_ms, attempt, is_success, decision, tool_name, model,
      input_tokens, output_tokens, cache_read_tokens, cache_creation_tokens, status_code, raw_json, received_ms, machine
    ) VALUES (
      @traceId, @spanId, @parentSpanId, @name, @spanType, @sessionId, @startMs, @endMs, @durationMs,
      @requestId, @toolUseId, @agentId, @ttftMs, @attempt, @isSuccess, @decision, @toolName, @model,
      @inputTokens, @outputTokens, @cacheReadTokens, @cacheCreationTokens, @statusCode, @rawJson, @receivedMs, @machine
    )`);
  // Each span under a savepoint of its own (see writeEach): one the store cannot take is rejected alone.
  const writeSpan = db.transaction(
    (row: SpanRow, receivedMs: number): boolean =>
      insertSpan.run({ ...row, isSuccess: row.isSuccess === null ? null : row.isSuccess ? 1 : 0, receivedMs, machine }).changes === 1,
  );
  const write = db.transaction((rows: readonly SpanRow[], receivedMs: number, also?: AlsoInTransaction): WriteResult => {
    const result = writeEach(
      db,
      rows,
      (row) => writeSpan(row, receivedMs),
      (row) => `span "${row.name}"`,
    );
    also?.(result);
    return result;
  });
  return (rows, receivedMs, also) => write.immediate(rows, receivedMs, also);
}
