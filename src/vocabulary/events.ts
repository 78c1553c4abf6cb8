// Claude Code's events as typed values. Each entry of the catalogue is one event type: its name as
// Claude Code sends it, and the fields we read from its attributes (see attributes.ts for the
// attribute names and how each value is read). Adding an event type is one entry here and its
// sentence in src/present/event-sentence.ts (both surfaces say it the same way); an event nobody has described yet still arrives as
// `unknown` with its name and own attributes, never dropped.
import { text, type AttributeBag, type Reader } from './attribute-values.js';
import { attribute as a, standardAttributeKeys } from './attributes.js';

export const eventCatalogue = {
  user_prompt: { prompt: a.prompt, promptLength: a.promptLength, commandName: a.commandName },
  assistant_response: { response: a.response, responseLength: a.responseLength, model: a.model, requestId: a.requestId },
  api_request: {
    model: a.model,
    costUsd: a.costUsd,
    durationMs: a.durationMs,
    inputTokens: a.inputTokens,
    outputTokens: a.outputTokens,
    cacheReadTokens: a.cacheReadTokens,
    cacheCreationTokens: a.cacheCreationTokens,
    requestId: a.requestId,
    querySource: a.querySource,
  },
  api_error: { model: a.model, statusCode: a.statusCode, error: a.error, attempt: a.attempt, durationMs: a.durationMs, requestId: a.requestId, querySource: a.querySource },
  tool_decision: { toolName: a.toolNameOfToolEvent, decision: a.decision, decisionSource: a.decisionSource },
  tool_result: { toolName: a.toolNameOfToolEvent, isSuccess: a.isSuccess, durationMs: a.durationMs, error: a.toolError },
  skill_activated: { skillName: a.skillName, invocationTrigger: a.invocationTrigger, skillSource: a.skillSource },
} as const satisfies Record<string, Readonly<Record<string, Reader<unknown>>>>;

export type EventName = keyof typeof eventCatalogue;

type Catalogue = typeof eventCatalogue;
type FieldsOf<N extends EventName> = { -readonly [F in keyof Catalogue[N]]: Catalogue[N][F] extends Reader<infer T> ? T | null : never };

/** A known event: `kind` is its name, beside its typed fields (null when not sent). */
export type KnownEvent = { [N in EventName]: { kind: N } & FieldsOf<N> }[EventName];

export interface KeyAttribute {
  key: string;
  /** As sent (telemetry text: sanitise before showing). */
  value: string;
}

/** An event name the catalogue does not have (a newer Claude Code, another program's log). */
export interface UnknownEvent {
  kind: 'unknown';
  /** Its own attributes (the standard ones left out), in the order sent, at most maxKeyAttributes. */
  keyAttributes: KeyAttribute[];
}

export type ClaudeCodeEvent = KnownEvent | UnknownEvent;

const maxKeyAttributes = 8;

/** Claude Code prefixes its log bodies and, in some versions, its event names with this. */
export const eventNamePrefix = 'claude_code.';

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(eventCatalogue, name);
}

function keyAttributes(attributes: AttributeBag): KeyAttribute[] {
  const out: KeyAttribute[] = [];
  for (const key of Object.keys(attributes)) {
    if (standardAttributeKeys.has(key)) continue;
    const value = text(attributes, key);
    if (value === null) continue;
    out.push({ key, value });
    if (out.length === maxKeyAttributes) break;
  }
  return out;
}

/** The typed event for a name and its attributes. Never throws: unknown names and odd values included. */
export function claudeCodeEvent(name: string, attributes: AttributeBag): ClaudeCodeEvent {
  if (!isEventName(name)) return { kind: 'unknown', keyAttributes: keyAttributes(attributes) };
  const event: Record<string, unknown> = { kind: name };
  for (const [field, read] of Object.entries<Reader<unknown>>(eventCatalogue[name])) event[field] = read(attributes);
  // Built field by field from the catalogue entry that FieldsOf<N> describes.
  return event as KnownEvent;
}
