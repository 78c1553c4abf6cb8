import { describe, expect, it } from 'vitest';
import type { LogRecord } from '../otlp/types.js';
import { eventName, eventRow } from './events.js';

function record(partial: Partial<LogRecord>): LogRecord {
  return {
    timeUnixNano: '1795617449093000000',
    observedTimeUnixNano: '0',
    severityNumber: 0,
    severityText: '',
    body: null,
    attributes: {},
    eventName: '',
    traceId: '',
    spanId: '',
    ...partial,
  };
}
const resource = { attributes: { 'service.version': '2.1.197', 'os.type': 'linux' } };
const scope = { name: 'com.anthropic.claude_code.events', version: '2.1.197', attributes: {} };

describe('event names', () => {
  it.each([
    [record({ body: 'claude_code.api_request', attributes: { 'event.name': 'other' } }), 'api_request'],
    [record({ attributes: { 'event.name': 'tool_result' } }), 'tool_result'],
    [record({ attributes: { 'event.name': 'claude_code.tool_result' } }), 'tool_result'],
    [record({ eventName: 'claude_code.user_prompt' }), 'user_prompt'],
    [record({ body: 'free text' }), 'log'],
  ])('%# → %s', (r, expected) => {
    expect(eventName(r)).toBe(expected);
  });
});

describe('event rows', () => {
  it('coerces strings to numbers and booleans and accepts older attribute names', () => {
    const row = eventRow(
      record({
        body: 'claude_code.tool_result',
        attributes: {
          'session.id': 's',
          'event.sequence': 4,
          name: 'Bash',
          success: 'false',
          duration_ms: '12',
          decision: 'accept',
          source: 'config',
          error_type: 'ShellError',
        },
      }),
      resource,
      scope,
      0,
    );
    expect(row).toMatchObject({
      name: 'tool_result',
      toolName: 'Bash',
      isSuccess: false,
      durationMs: 12,
      decision: 'accept',
      decisionSource: 'config',
      error: 'ShellError',
      appVersion: '2.1.197',
      osType: 'linux',
    });
  });

  it('takes cost from cost_usd, else from cost_usd_micros, else leaves it unknown', () => {
    const cost = (attributes: Record<string, string | number>) => eventRow(record({ body: 'claude_code.api_request', attributes }), resource, scope, 0).costUsd;
    expect([cost({ cost_usd: '0.25', cost_usd_micros: 1 }), cost({ cost_usd_micros: 7935 }), cost({})]).toEqual([0.25, 0.007935, null]);
  });

  it.each([
    [{ 'session.id': 's', 'event.sequence': 3, request_id: 'req_1' }, 'claude_code.api_request', 'api_request:s:req_1'],
    [{ 'session.id': 's', 'event.sequence': 3 }, 'claude_code.tool_result', 'seq:s:3:tool_result'],
    [{ 'session.id': 's' }, 'claude_code.tool_result', expect.stringMatching(/^hash:[0-9a-f]{64}$/)],
  ])('natural key for %j', (attributes, body, key) => {
    expect(eventRow(record({ body, attributes }), resource, scope, 0).dedupKey).toEqual(key);
  });

  it('keeps the whole record with its resource and scope as raw JSON', () => {
    const row = eventRow(record({ body: 'claude_code.user_prompt', attributes: { prompt: 'hi' } }), resource, scope, 0);
    expect(JSON.parse(row.rawJson)).toMatchObject({
      body: 'claude_code.user_prompt',
      attributes: { prompt: 'hi' },
      resource: resource.attributes,
      scope: { name: scope.name },
    });
  });

  it('falls back to event.timestamp when the record has no time', () => {
    const row = eventRow(record({ timeUnixNano: '0', attributes: { 'event.timestamp': '2026-11-25T14:37:29.093Z' } }), resource, scope, 5);
    expect(row.timeMs).toBe(Date.parse('2026-11-25T14:37:29.093Z'));
  });
});
