import { describe, expect, it } from 'vitest';
import type { Span } from '../otlp/types.js';
import { spanRows } from './spans.js';

const span = (extra: Partial<Span> = {}): Span => ({
  traceId: 'dba2bb3fde93e088a0360b8987e41852',
  spanId: 'faf63e71c4184aab',
  parentSpanId: '48840241c4696790',
  name: 'claude_code.llm_request',
  kind: 1,
  startTimeUnixNano: '1795996263271000000',
  endTimeUnixNano: '1795996263378792665',
  attributes: {},
  events: [],
  status: { code: 0, message: '' },
  ...extra,
});

const rowsOf = (...spans: Span[]) =>
  spanRows({
    resourceSpans: [
      {
        resource: { attributes: { 'service.version': '2.1.332' } },
        scopeSpans: [{ scope: { name: 'com.anthropic.claude_code.tracing', version: '1.0.0', attributes: {} }, spans }],
      },
    ],
  });

describe('span rows', () => {
  it('reads the typed columns, numbers and flags sent as strings included', () => {
    const [row] = rowsOf(
      span({
        attributes: {
          'gen_ai.conversation.id': 's1',
          request_id: 'req_1',
          ttft_ms: '58',
          attempt: '2',
          success: 'true',
          input_tokens: 1007,
          model: 'claude-opus-5-5',
        },
      }),
    ).rows;
    expect(row).toMatchObject({
      sessionId: 's1',
      spanType: 'llm_request',
      requestId: 'req_1',
      ttftMs: 58,
      attempt: 2,
      isSuccess: true,
      inputTokens: 1007,
      model: 'claude-opus-5-5',
      startMs: 1795996263271,
      endMs: 1795996263378,
      durationMs: 108,
    });
  });

  it('prefers session.id to gen_ai.conversation.id (a subagent puts its agent id there), and GenAI names as fallbacks', () => {
    const [row] = rowsOf(
      span({
        attributes: {
          'session.id': 's1',
          'gen_ai.conversation.id': 'agent',
          'gen_ai.response.id': 'req_2',
          'gen_ai.tool.call.id': 'toolu_1',
          'gen_ai.request.model': 'm',
          'span.type': 'custom',
        },
      }),
    ).rows;
    expect(row).toMatchObject({ sessionId: 's1', requestId: 'req_2', toolUseId: 'toolu_1', model: 'm', spanType: 'custom' });
  });

  it('makes an all-zero parent a root, and names a foreign span by nothing but its name', () => {
    const [row] = rowsOf(span({ parentSpanId: '0000000000000000', name: 'GET /x' })).rows;
    expect(row).toMatchObject({ parentSpanId: null, spanType: null, name: 'GET /x' });
  });

  it('rejects a span it cannot place, alone, with one reason per kind of fault', () => {
    const result = rowsOf(
      span(),
      span({ spanId: '' }),
      span({ spanId: 'ab' }),
      span({ endTimeUnixNano: '1' }),
      span({ startTimeUnixNano: '0' }),
      span({ endTimeUnixNano: '18446744073709551615' }),
    );
    expect(result.rows).toHaveLength(1);
    expect(result.rejected).toBe(5);
    expect(result.reasons).toEqual([
      'span "claude_code.llm_request": the span id must be 8 bytes, not all zero',
      'span "claude_code.llm_request": it ends before it starts',
      'span "claude_code.llm_request": a span needs a start and an end time',
      'span "claude_code.llm_request": its end time is past the year 2262',
    ]);
  });
});
