// Claude Code's events as typed values. Each entry of the catalogue is one event type: its name as
// Claude Code sends it, and the fields we read from its attributes (see attributes.ts for the
// attribute names and how each value is read). Adding an event type is one entry here and its
// sentence in src/present/event-sentence.ts (both surfaces say it the same way); an event nobody has described yet still arrives as
// `unknown` with its name and own attributes, never dropped.
import { text, type AttributeBag, type Reader } from './attribute-values.js';
import { attribute as a, standardAttributeKeys } from './attributes.js';

export const eventCatalogue = {
  user_prompt: { prompt: a.prompt, promptLength: a.promptLength, commandName: a.commandName, agentResult: a.agentResult },
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
    cacheCreation5mTokens: a.cacheCreation5mTokens,
    cacheCreation1hTokens: a.cacheCreation1hTokens,
    agentId: a.agentId,
    agentName: a.agentName,
    skillName: a.skillName,
    mcpServerName: a.mcpServerName,
    mcpToolName: a.mcpToolName,
    pluginName: a.pluginName,
  },
  api_error: {
    model: a.model,
    statusCode: a.statusCode,
    error: a.error,
    attempt: a.attempt,
    durationMs: a.durationMs,
    requestId: a.requestId,
    querySource: a.querySource,
  },
  tool_decision: { toolName: a.toolNameOfToolEvent, decision: a.decision, decisionSource: a.decisionSource, agentId: a.agentId },
  tool_result: {
    toolName: a.toolNameOfToolEvent,
    isSuccess: a.isSuccess,
    durationMs: a.durationMs,
    error: a.toolError,
    agentId: a.agentId,
    commitId: a.gitCommitId,
    gitBranch: a.gitBranch,
  },
  skill_activated: { skillName: a.skillName, invocationTrigger: a.invocationTrigger, skillSource: a.skillSource },

  // Start-up (2.1.332): settings, plugins and hooks, once per session start.
  managed_settings_resolved: { trigger: a.managedSettingsTrigger, sources: a.managedSettingsSources },
  plugin_loaded: { pluginName: a.pluginName, pluginVersion: a.pluginVersion, marketplaceName: a.marketplaceName },
  hook_registered: { hookEvent: a.hookEvent, hookType: a.hookType, hookSource: a.hookSource, hookMatcher: a.hookMatcher },
  // Hooks running, subagents, MCP servers, and the rest of Claude Code 2.1.332's documented events.
  hook_execution_start: { hookName: a.hookName, hookEvent: a.hookEvent, hookCount: a.hookCount, agentId: a.agentId },
  hook_execution_complete: {
    hookName: a.hookName,
    hookEvent: a.hookEvent,
    hookCount: a.hookCount,
    succeeded: a.hooksSucceeded,
    blocking: a.hooksBlocking,
    failed: a.hooksFailed,
    cancelled: a.hooksCancelled,
    durationMs: a.totalDurationMs,
    agentId: a.agentId,
  },
  subagent_completed: {
    agentId: a.agentId,
    agentType: a.agentType,
    model: a.model,
    isAsync: a.isAsync,
    finalRequestTokens: a.finalRequestTokens,
    toolUses: a.totalToolUses,
    durationMs: a.durationMs,
  },
  mcp_server_connection: {
    serverName: a.serverName,
    status: a.connectionStatus,
    transportType: a.transportType,
    durationMs: a.durationMs,
    errorCode: a.errorCode,
    error: a.error,
  },
  compaction: { trigger: a.trigger, isSuccess: a.isSuccess, preTokens: a.preTokens, postTokens: a.postTokens, durationMs: a.durationMs, error: a.error },
  api_retries_exhausted: { model: a.model, statusCode: a.statusCode, error: a.error, attempts: a.totalAttempts, retryDurationMs: a.totalRetryDurationMs },
  api_refusal: { model: a.model, requestId: a.requestId, category: a.refusalCategory, attempt: a.attempt },
  permission_mode_changed: { fromMode: a.fromMode, toMode: a.toMode, trigger: a.trigger },
  at_mention: { mentionType: a.mentionType, isSuccess: a.isSuccess },
  auth: { action: a.authAction, isSuccess: a.isSuccess, authMethod: a.authMethod, errorCategory: a.errorCategory, statusCode: a.statusCode },
  internal_error: { errorName: a.errorName, errorCode: a.errorCode },
  plugin_installed: { pluginName: a.pluginName, pluginVersion: a.pluginVersion, marketplaceName: a.marketplaceName, installTrigger: a.installTrigger },
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
