import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../store/read/types.js';
import { claudeCodeEvent } from '../vocabulary/events.js';
import { eventSentence, eventSentenceText, isFailure } from './event-sentence.js';

/** An event as the session read model gives it, from attributes as Claude Code sends them. */
const event = (name: string, attributes: Record<string, unknown>): TimelineEvent => ({
  name,
  time: '2026-11-29T23:50:51.069Z',
  sequence: 9,
  raw: { attributes },
  ...claudeCodeEvent(name, attributes),
});

describe('event sentences', () => {
  it.each([
    ['api_request', { model: 'claude-opus-5-5', cost_usd: 0.006396000000000001, duration_ms: 32, input_tokens: 1014, output_tokens: 52, cache_read_tokens: 4000, cache_creation_tokens: 100, query_source: 'sdk' }, 'claude-opus-5-5  $0.0064  32ms  in 1,014 out 52 cache 4,000/100  sdk'],
    ['api_request', { model: 'claude-opus-4-8', cost_usd_micros: 7935, duration_ms: '84' }, 'claude-opus-4-8  $0.0079  84ms  in — out — cache —/—'],
    ['api_request', { model: 'claude-opus-4-8', input_tokens: 3 }, 'claude-opus-4-8  unpriced  —  in 3 out — cache —/—'],
    ['api_error', { status_code: '529', error: 'Overloaded', model: 'claude-opus-5-5', attempt: 2, duration_ms: 1200 }, '529  Overloaded  claude-opus-5-5  attempt 2  1.2s'],
    ['api_error', {}, 'no status  error  —'],
    ['tool_decision', { tool_name: 'Bash', decision: 'accept', source: 'config' }, 'Bash  accept (config)'],
    ['tool_result', { name: 'Bash', success: '0', duration_ms: '12', error_type: 'ShellError' }, 'Bash  failed  12ms  ShellError'],
    ['tool_result', { tool_name: 'Write', success: true, duration_ms: 14 }, 'Write  ok  14ms'],
    ['user_prompt', { prompt: 'write hello.py', prompt_length: '14', command_name: 'review' }, '"write hello.py"  /review'],
    ['user_prompt', { prompt: '<REDACTED>', prompt_length: '1800' }, '1,800 chars, redacted'],
    ['assistant_response', { response: '<REDACTED>' }, 'redacted'],
    ['skill_activated', { 'skill.name': 'lab-review', invocation_trigger: 'claude-proactive', 'skill.source': 'userSettings' }, 'lab-review  claude-proactive (userSettings)'],
    ['skill_activated', {}, '—'],
    ['plugin_loaded', { 'session.id': 's', 'plugin.name': 'cc-plugin-privacy', has_hooks: true }, 'plugin.name=cc-plugin-privacy  has_hooks=true'],
  ])('%s %j reads "%s"', (name, attributes, expected) => {
    expect(eventSentenceText(event(name, attributes))).toBe(expected);
  });

  it('says an unknown cost in warning tone, a known one as accent', () => {
    const cost = (attributes: Record<string, unknown>) => eventSentence(event('api_request', attributes))[2];
    expect([cost({}), cost({ cost_usd: 0.25 })]).toEqual([{ text: 'unpriced', tone: 'warn' }, { text: '$0.25', tone: 'accent' }]);
  });

  it('takes escape sequences and line breaks out of every piece of telemetry text', () => {
    const sentences = [
      event('api_error', { error: '\u001b[2Jboom\nagain', model: '\u001b[1mopus' }),
      event('tool_result', { tool_name: '\u001b[31mBash\u009b2J', error: 'bad\u0007' }),
      event('user_prompt', { prompt: '\u001b]0;title\u0007hi', command_name: 'x\ry' }),
      event('some_event', { '\u001b[31mkey': '\u001b[31mvalue' }),
    ].map(eventSentenceText);
    expect(sentences).toEqual(['no status  boom again  opus  —', 'Bash  —  —  bad', '"hi"  /x y', 'key=value']);
  });

  it.each([
    ['api_error', {}, true],
    ['tool_result', { success: 'false' }, true],
    ['tool_result', { success: '0' }, true],
    ['tool_result', { success: 'true' }, false],
    ['tool_result', {}, false],
    ['api_request', { success: 'false' }, false],
  ])('%s %j is a failure: %s', (name, attributes, expected) => {
    expect(isFailure(event(name, attributes))).toBe(expected);
  });
});
