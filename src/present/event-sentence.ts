// What one event says after its name, the same on every surface: the TUI colours the phrases by
// tone, plain `session` joins their text. Built only from the typed event (vocabulary/events.ts),
// never from raw attributes; every piece of telemetry text passes plainText() here.
import type { TimelineEvent } from '../store/read/types.js';
import { formatCount, formatMs, formatUsd } from './format.js';
import { plainText } from './sanitize.js';

/** How a phrase reads: the TUI maps tones to its theme's colours, plain text ignores them. */
export type Tone = 'accent' | 'muted' | 'good' | 'bad' | 'warn' | 'input' | 'output' | 'cache';

export interface Phrase {
  /** Plain text, already sanitised. */
  text: string;
  tone?: Tone;
  isBold?: boolean;
}

const gap: Phrase = { text: '  ' };

/** A prompt or response: quoted when sent, else its length (Claude Code redacts them by default). */
const quoted = (value: string | null, length: number | null): string =>
  value !== null ? `"${plainText(value)}"` : length === null ? 'redacted' : `${formatCount(length)} chars, redacted`;

const or = (value: string | null, fallback: string): string => (value === null ? fallback : plainText(value));

/** The phrases after an event's name. */
export function eventSentence(event: TimelineEvent): Phrase[] {
  switch (event.kind) {
    case 'api_request':
      return [
        { text: or(event.model, '—') },
        gap,
        // Cost and duration before the tokens, so an 80-column line still shows them.
        { text: formatUsd(event.costUsd), tone: event.costUsd === null ? 'warn' : 'accent' },
        gap,
        { text: formatMs(event.durationMs) },
        gap,
        { text: `in ${formatCount(event.inputTokens)}`, tone: 'input' },
        { text: ' ' },
        { text: `out ${formatCount(event.outputTokens)}`, tone: 'output' },
        { text: ' ' },
        { text: `cache ${formatCount(event.cacheReadTokens)}/${formatCount(event.cacheCreationTokens)}`, tone: 'cache' },
        ...(event.querySource === null ? [] : [gap, { text: plainText(event.querySource), tone: 'muted' as const }]),
      ];
    case 'api_error': {
      const details = [event.model === null ? null : plainText(event.model), event.attempt === null ? null : `attempt ${event.attempt}`, formatMs(event.durationMs)];
      return [
        { text: event.statusCode === null ? 'no status' : String(event.statusCode), tone: 'bad', isBold: true },
        gap,
        { text: or(event.error, 'error'), tone: 'bad' },
        gap,
        { text: details.filter((s) => s !== null).join('  '), tone: 'bad' },
      ];
    }
    case 'tool_decision':
      return [
        { text: or(event.toolName, '—') },
        gap,
        { text: or(event.decision, '—'), ...(event.decision === 'reject' ? { tone: 'bad' as const } : event.decision === 'accept' ? { tone: 'good' as const } : {}) },
        ...(event.decisionSource === null ? [] : [{ text: ` (${plainText(event.decisionSource)})`, tone: 'muted' as const }]),
      ];
    case 'tool_result':
      return [
        { text: or(event.toolName, '—') },
        gap,
        event.isSuccess === false ? { text: 'failed', tone: 'bad', isBold: true } : event.isSuccess === true ? { text: 'ok', tone: 'good' } : { text: '—' },
        gap,
        { text: formatMs(event.durationMs) },
        ...(event.error === null ? [] : [gap, { text: plainText(event.error), tone: 'bad' as const }]),
      ];
    case 'user_prompt':
      return [
        { text: quoted(event.prompt, event.promptLength) },
        ...(event.commandName === null ? [] : [gap, { text: `/${plainText(event.commandName)}`, tone: 'accent' as const }]),
      ];
    case 'assistant_response':
      return [{ text: quoted(event.response, event.responseLength), tone: 'muted' }];
    case 'skill_activated':
      return [
        { text: or(event.skillName, '—'), tone: 'accent' },
        ...(event.invocationTrigger === null ? [] : [gap, { text: plainText(event.invocationTrigger) }]),
        ...(event.skillSource === null ? [] : [{ text: ` (${plainText(event.skillSource)})`, tone: 'muted' as const }]),
      ];
    case 'unknown':
      // An event type nobody described yet: its own attributes, so it still says something.
      return [{ text: event.keyAttributes.map(({ key, value }) => `${plainText(key)}=${plainText(value)}`).join('  '), tone: 'muted' }];
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}

/** Whether the whole event reads as a failure. */
export function isFailure(event: TimelineEvent): boolean {
  return event.kind === 'api_error' || (event.kind === 'tool_result' && event.isSuccess === false);
}

/** The sentence as one line of plain text, for surfaces without colour. */
export function eventSentenceText(event: TimelineEvent): string {
  return eventSentence(event)
    .map((p) => p.text)
    .join('');
}
