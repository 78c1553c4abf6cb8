// What one event says after its name, the same on every surface: the TUI colours the phrases by
// tone, plain `session` joins their text. Built only from the typed event (vocabulary/events.ts),
// never from raw attributes; every piece of telemetry text passes plainText() here.
import type { TimelineEvent } from '../store/read/types.js';
import type { AgentResult } from '../vocabulary/task-notification.js';
import { formatCount, formatMs, formatUsd, shortCommitId } from './format.js';
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

/** " (value)" in muted tone, or nothing when the value was not sent. */
const aside = (value: string | null): Phrase[] => (value === null ? [] : [{ text: ` (${plainText(value)})`, tone: 'muted' }]);

/** A gap then the phrase, or nothing when there is no text. */
const then = (text: string | null, tone?: Tone, isBold?: boolean): Phrase[] =>
  text === null || text === '' ? [] : [gap, { text, ...(tone === undefined ? {} : { tone }), ...(isBold === undefined ? {} : { isBold }) }];

const plural = (n: number, one: string, many = `${one}s`): string => `${formatCount(n)} ${n === 1 ? one : many}`;

/** ok / failed / — for a success flag. */
const outcome = (isSuccess: boolean | null): Phrase =>
  isSuccess === false ? { text: 'failed', tone: 'bad', isBold: true } : isSuccess === true ? { text: 'ok', tone: 'good' } : { text: '—' };

/** What a request was made for (2.1.332 attributes): an agent, a skill, an MCP tool, a plugin. */
function attribution(event: Extract<TimelineEvent, { kind: 'api_request' }>): Phrase[] {
  const mcp =
    event.mcpServerName === null ? null : `mcp ${plainText(event.mcpServerName)}${event.mcpToolName === null ? '' : `/${plainText(event.mcpToolName)}`}`;
  const parts = [
    event.skillName === null ? null : `skill ${plainText(event.skillName)}`,
    mcp,
    event.pluginName === null ? null : `plugin ${plainText(event.pluginName)}`,
  ].filter((p): p is string => p !== null);
  return parts.length === 0 ? [] : [gap, { text: parts.join(' · '), tone: 'accent' }];
}

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
        ...attribution(event),
      ];
    case 'api_error': {
      const details = [
        event.model === null ? null : plainText(event.model),
        event.attempt === null ? null : `attempt ${event.attempt}`,
        formatMs(event.durationMs),
      ];
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
        {
          text: or(event.decision, '—'),
          ...(event.decision === 'reject' ? { tone: 'bad' as const } : event.decision === 'accept' ? { tone: 'good' as const } : {}),
        },
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
        ...(event.commitId === null
          ? []
          : [
              gap,
              {
                text: `commit ${shortCommitId(event.commitId)}${event.gitBranch === null ? '' : ` on ${plainText(event.gitBranch)}`}`,
                tone: 'accent' as const,
              },
            ]),
      ];
    case 'user_prompt':
      if (event.agentResult !== null) return agentResultSentence(event.agentResult);
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
    case 'managed_settings_resolved':
      return [
        { text: or(event.trigger, '—') },
        gap,
        {
          text: event.sources === null || event.sources.length === 0 ? 'no managed settings' : `from ${event.sources.map(plainText).join(', ')}`,
          tone: 'muted',
        },
      ];
    case 'plugin_loaded':
    case 'plugin_installed':
      return [
        { text: or(event.pluginName, '—'), tone: 'accent' },
        ...(event.pluginVersion === null ? [] : [{ text: ` ${plainText(event.pluginVersion)}` }]),
        ...aside(event.marketplaceName),
        ...(event.kind === 'plugin_installed' ? then(event.installTrigger === null ? null : `via ${plainText(event.installTrigger)}`, 'muted') : []),
      ];
    case 'hook_registered':
      return [
        { text: or(event.hookEvent, '—'), tone: 'accent' },
        ...then(event.hookType === null ? null : plainText(event.hookType)),
        ...aside(event.hookSource),
        ...then(event.hookMatcher === null ? null : `matches ${plainText(event.hookMatcher)}`, 'muted'),
      ];
    case 'hook_execution_start':
      return [
        { text: or(event.hookName ?? event.hookEvent, '—'), tone: 'accent' },
        ...then(event.hookCount === null ? null : plural(event.hookCount, 'hook'), 'muted'),
      ];
    case 'hook_execution_complete':
      return [{ text: or(event.hookName ?? event.hookEvent, '—'), tone: 'accent' }, gap, ...hookOutcome(event), gap, { text: formatMs(event.durationMs) }];
    case 'subagent_completed':
      return [
        { text: or(event.agentType, 'agent'), tone: 'accent' },
        ...then(event.model === null ? null : plainText(event.model)),
        ...then(event.isAsync === null ? null : event.isAsync ? 'async' : 'sync', 'muted'),
        ...then(event.toolUses === null ? null : plural(event.toolUses, 'tool use')),
        gap,
        { text: formatMs(event.durationMs) },
        // total_tokens is the final request's, not the run's: said so, so nobody reads it as the agent's total.
        ...then(event.finalRequestTokens === null ? null : `last request ${formatCount(event.finalRequestTokens)} tokens`, 'muted'),
      ];
    case 'mcp_server_connection':
      return [
        { text: or(event.serverName, 'MCP server'), tone: 'accent' },
        gap,
        event.status === 'failed'
          ? { text: 'failed', tone: 'bad', isBold: true }
          : { text: or(event.status, '—'), ...(event.status === 'connected' ? { tone: 'good' as const } : {}) },
        ...then(event.transportType === null ? null : plainText(event.transportType), 'muted'),
        gap,
        { text: formatMs(event.durationMs) },
        ...then(event.errorCode === null ? null : plainText(event.errorCode), 'bad'),
        ...then(event.error === null ? null : plainText(event.error), 'bad'),
      ];
    case 'compaction':
      return [
        { text: or(event.trigger, '—') },
        ...(event.isSuccess === false ? [gap, outcome(false)] : []),
        gap,
        { text: `${formatCount(event.preTokens)} → ${formatCount(event.postTokens)} tokens`, tone: 'cache' },
        gap,
        { text: formatMs(event.durationMs) },
        ...then(event.error === null ? null : plainText(event.error), 'bad'),
      ];
    case 'api_retries_exhausted':
      return [
        { text: event.statusCode === null ? 'no status' : String(event.statusCode), tone: 'bad', isBold: true },
        gap,
        { text: or(event.error, 'error'), tone: 'bad' },
        ...then(event.attempts === null ? null : `gave up after ${plural(event.attempts, 'attempt')}`, 'bad'),
        ...then(event.retryDurationMs === null ? null : `retried for ${formatMs(event.retryDurationMs)}`, 'bad'),
        ...then(event.model === null ? null : plainText(event.model), 'muted'),
      ];
    case 'api_refusal':
      return [
        { text: 'refused', tone: 'warn', isBold: true },
        ...then(event.category === null ? null : plainText(event.category), 'warn'),
        ...then(event.model === null ? null : plainText(event.model), 'muted'),
      ];
    case 'permission_mode_changed':
      return [{ text: `${or(event.fromMode, '—')} → ${or(event.toMode, '—')}`, tone: 'accent' }, ...aside(event.trigger)];
    case 'at_mention':
      return [{ text: or(event.mentionType, '—') }, gap, outcome(event.isSuccess)];
    case 'auth':
      return [
        { text: or(event.action, 'auth') },
        gap,
        outcome(event.isSuccess),
        ...aside(event.authMethod),
        ...then(event.errorCategory === null ? null : plainText(event.errorCategory), 'bad'),
        ...then(event.statusCode === null ? null : `status ${event.statusCode}`, 'bad'),
      ];
    case 'internal_error':
      return [
        { text: or(event.errorName, 'internal error'), tone: 'bad', isBold: true },
        ...then(event.errorCode === null ? null : plainText(event.errorCode), 'bad'),
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

/** A hook event's outcome: blocked (the hook stopped the tool), errors, cancellations, or how many succeeded. */
function hookOutcome(event: Extract<TimelineEvent, { kind: 'hook_execution_complete' }>): Phrase[] {
  const phrases: Phrase[] = [];
  if (event.blocking !== null && event.blocking > 0) phrases.push({ text: `blocked (${formatCount(event.blocking)})`, tone: 'warn', isBold: true });
  if (event.failed !== null && event.failed > 0) phrases.push({ text: plural(event.failed, 'error'), tone: 'bad' });
  if (event.cancelled !== null && event.cancelled > 0) phrases.push({ text: `${formatCount(event.cancelled)} cancelled`, tone: 'warn' });
  if (phrases.length === 0) {
    if (event.succeeded === null) return [{ text: '—' }];
    const isAll = event.hookCount === null || event.succeeded === event.hookCount;
    return [
      {
        text: event.hookCount === null || event.hookCount === 1 ? 'ok' : `${event.succeeded}/${event.hookCount} ok`,
        ...(isAll ? { tone: 'good' as const } : {}),
      },
    ];
  }
  return phrases.flatMap((p, i) => (i === 0 ? [p] : [{ text: ', ' }, p]));
}

/** An asynchronous agent's result, which arrives as a user_prompt: its id, status and result. */
function agentResultSentence(r: AgentResult): Phrase[] {
  return [
    { text: 'agent result', tone: 'accent', isBold: true },
    ...then(r.agentId === null ? null : plainText(r.agentId), 'muted'),
    ...then(r.status === null ? null : plainText(r.status), r.status === 'completed' ? 'good' : r.status === 'failed' ? 'bad' : undefined),
    ...then(r.result !== null ? `"${plainText(r.result)}"` : r.summary === null ? null : plainText(r.summary)),
  ];
}

/** Whether the whole event reads as a failure. */
export function isFailure(event: TimelineEvent): boolean {
  switch (event.kind) {
    case 'api_error':
    case 'api_retries_exhausted':
    case 'internal_error':
      return true;
    case 'tool_result':
    case 'compaction':
    case 'at_mention':
    case 'auth':
      return event.isSuccess === false;
    case 'mcp_server_connection':
      return event.status === 'failed';
    default:
      return false;
  }
}

/** The sentence as one line of plain text, for surfaces without colour. */
export function eventSentenceText(event: TimelineEvent): string {
  return eventSentence(event)
    .map((p) => p.text)
    .join('');
}
