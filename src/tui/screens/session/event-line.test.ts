import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../../../store/read/types.js';
import { claudeCodeEvent } from '../../../vocabulary/events.js';
import { eventLine } from './event-line.js';
import type { EventRow } from './timeline-rows.js';

const row = (name: string, attributes: Record<string, unknown>, offsetMs = 120): EventRow => {
  const event: TimelineEvent = { name, time: '2026-11-25T14:37:37.807Z', sequence: 3, raw: { attributes }, ...claudeCodeEvent(name, attributes) };
  return { kind: 'event', key: 'p#0', turnKey: 'p', event, offsetMs };
};

const textOf = (segments: readonly { text: string }[]) => segments.map((s) => s.text).join('');

describe('event line', () => {
  it('shows the offset, the name padded to its column, then the sentence', () => {
    const line = eventLine(row('tool_result', { tool_name: 'Write', success: 'true', duration_ms: 14 }), false, 80);
    expect(textOf(line)).toBe('    +0.12s   tool_result    Write  ok  14ms');
    expect(line.find((s) => s.text === 'ok')).toEqual({ text: 'ok', role: 'good' });
  });

  it('gives the name a wider column from 100 columns', () => {
    expect(textOf(eventLine(row('tool_decision', { tool_name: 'Bash', decision: 'accept' }), true, 120))).toBe('›   +0.12s   tool_decision       Bash  accept');
  });

  it.each([
    ['success "0"', row('tool_result', { tool_name: 'Bash', success: '0', duration_ms: 5 })],
    ['success false', row('tool_result', { tool_name: 'Bash', success: false })],
    ['an API error', row('api_error', { status_code: 529, error: 'Overloaded' })],
  ])('reads as a failure as a whole: %s', (_label, failing) => {
    const line = eventLine(failing, false, 80);
    expect(line[2]).toMatchObject({ role: 'bad', isBold: true });
    expect(line.slice(3).every((s) => s.role === 'bad')).toBe(true);
  });

  it('shows an event type nobody described yet by its own attributes, muted', () => {
    const line = eventLine(row('hook_plugin_metrics', { 'session.id': 's', plugin_id: 'lint@official', hook_event: 'PostToolUse' }), false, 80);
    expect(line.at(-1)).toEqual({ text: 'plugin_id=lint@official  hook_event=PostToolUse', role: 'muted' });
  });
});
