// Every attribute of Claude Code's telemetry that we read, named once with its older names and how
// its value is read. normalize fills the stored columns from these readers, the event catalogue
// (events.ts) builds typed events from them, so an alias added here reaches both.
import { flagOf, integerOf, numberOf, text, textListOf, textOf, unredactedTextOf, usdOf, type AttributeBag } from './attribute-values.js';
import { agentResultOf } from './task-notification.js';
import { gitBranch, gitCommitId } from './tool-parameters.js';

export const attribute = {
  // On every event and data point (standard attributes), or on the resource.
  sessionId: textOf('session.id'),
  promptId: textOf('prompt.id'),
  eventName: textOf('event.name'),
  eventTimestamp: textOf('event.timestamp'),
  eventSequence: integerOf('event.sequence'),
  userId: textOf('user.id'),
  userEmail: textOf('user.email'),
  /** Metric points name their user by email when they have one. */
  userEmailOrId: textOf('user.email', 'user.id'),
  terminalType: textOf('terminal.type'),
  appVersion: textOf('app.version'),
  serviceVersion: textOf('service.version'),
  osType: textOf('os.type'),
  osVersion: textOf('os.version'),
  agentName: textOf('agent.name'),

  // Model requests (api_request, api_error, assistant_response) and the usage metrics.
  model: textOf('model'),
  inputTokens: integerOf('input_tokens'),
  outputTokens: integerOf('output_tokens'),
  cacheReadTokens: integerOf('cache_read_tokens'),
  cacheCreationTokens: integerOf('cache_creation_tokens'),
  /** cost_usd is a double with float noise; cost_usd_micros (2.1.x) is exact but not always sent. */
  costUsd: usdOf('cost_usd', 'cost_usd_micros'),
  durationMs: numberOf('duration_ms'),
  requestId: textOf('request_id'),
  querySource: textOf('query_source'),
  statusCode: integerOf('status_code'),
  attempt: integerOf('attempt'),
  error: textOf('error'),

  // Tools.
  toolName: textOf('tool_name'),
  /** Before mid-2025 tool_result and tool_decision called the tool `name`. */
  toolNameOfToolEvent: textOf('tool_name', 'name'),
  isSuccess: flagOf('success'),
  /** A failed tool with no error text still failed: error_type names its class. */
  toolError: textOf('error', 'error_type'),
  decision: textOf('decision', 'decision_type'),
  decisionSource: textOf('source', 'decision_source'),
  /** From tool_parameters of a `git commit` tool_result (see tool-parameters.ts). */
  gitCommitId,
  gitBranch,

  // What the person typed and what the model answered (redacted unless OTEL_LOG_USER_PROMPTS=1).
  prompt: unredactedTextOf('prompt'),
  promptLength: integerOf('prompt_length'),
  commandName: textOf('command_name'),
  response: unredactedTextOf('response'),
  responseLength: integerOf('response_length'),

  // Skills (2.1.332): which one, what invoked it (`claude-proactive`, a slash command), where it lives.
  skillName: textOf('skill.name'),
  invocationTrigger: textOf('invocation_trigger'),
  skillSource: textOf('skill.source'),

  // Claude Code 2.1.332's further events and attributes (plugins, hooks, subagents, MCP servers,
  // compaction, retries, refusals, permission modes, mentions, logins, internal errors).
  /** On a request, tool or hook a subagent made: which run of which agent. */
  agentId: textOf('agent_id'),
  agentType: textOf('agent_type'),
  isAsync: flagOf('is_async'),
  /** subagent_completed: the tokens of the agent's final request only, not a sum over its run. */
  finalRequestTokens: integerOf('total_tokens'),
  totalToolUses: integerOf('total_tool_uses'),
  /** Cache writes by lifetime (the two add up to cache_creation_tokens). */
  cacheCreation5mTokens: integerOf('cache_creation_5m_tokens'),
  cacheCreation1hTokens: integerOf('cache_creation_1h_tokens'),
  mcpServerName: textOf('mcp_server.name'),
  mcpToolName: textOf('mcp_tool.name'),
  pluginName: textOf('plugin.name'),
  pluginVersion: textOf('plugin.version'),
  marketplaceName: textOf('marketplace.name'),
  installTrigger: textOf('install.trigger'),
  hookEvent: textOf('hook_event'),
  hookName: textOf('hook_name'),
  hookType: textOf('hook_type'),
  hookSource: textOf('hook_source'),
  hookMatcher: textOf('hook_matcher'),
  hookCount: integerOf('num_hooks'),
  hooksSucceeded: integerOf('num_success'),
  hooksBlocking: integerOf('num_blocking'),
  hooksFailed: integerOf('num_non_blocking_error'),
  hooksCancelled: integerOf('num_cancelled'),
  totalDurationMs: numberOf('total_duration_ms'),
  managedSettingsTrigger: textOf('managed_settings.trigger'),
  managedSettingsSources: textListOf('managed_settings.sources'),
  connectionStatus: textOf('status'),
  serverName: textOf('server_name'),
  transportType: textOf('transport_type'),
  errorCode: textOf('error_code'),
  errorName: textOf('error_name'),
  /** compaction (auto, manual), permission_mode_changed (shift_tab, …). */
  trigger: textOf('trigger'),
  preTokens: integerOf('pre_tokens'),
  postTokens: integerOf('post_tokens'),
  totalAttempts: integerOf('total_attempts'),
  totalRetryDurationMs: numberOf('total_retry_duration_ms'),
  refusalCategory: textOf('category'),
  fromMode: textOf('from_mode'),
  toMode: textOf('to_mode'),
  mentionType: textOf('mention_type'),
  authAction: textOf('action'),
  authMethod: textOf('auth_method'),
  errorCategory: textOf('error_category'),
  /** An asynchronous subagent's result, which comes back as a user_prompt nobody typed. */
  agentResult: agentResultOf('prompt', 'prompt_text'),
  // Traces (2.1.332, behind CLAUDE_CODE_ENHANCED_TELEMETRY_BETA): what spans carry besides the
  // readers above (model, tokens, attempt, success, decision). GenAI semantic-convention names are
  // the fallbacks, so a span that has only those still joins.
  spanType: textOf('span.type'),
  /** The session on spans that lack `session.id`; a subagent's spans carry its agent id here. */
  conversationId: textOf('gen_ai.conversation.id'),
  spanRequestId: textOf('request_id', 'gen_ai.response.id'),
  toolUseId: textOf('tool_use_id', 'gen_ai.tool.call.id'),
  spanToolName: textOf('tool_name', 'gen_ai.tool.name'),
  spanModel: textOf('model', 'gen_ai.response.model', 'gen_ai.request.model'),
  /** Time to first token, on llm_request spans and (2.1.332) on api_request events. */
  ttftMs: numberOf('ttft_ms'),
  /** The prompt's number in its Claude Code process (1, 2, …), on interaction spans. */
  interactionSequence: integerOf('interaction.sequence'),
  /** hook_execution_complete: all the hooks of one hook event (`PreToolUse:Write`), run together. */
  hookTotalDurationMs: numberOf('total_duration_ms'),

  // Metric points: `type` splits a metric (token kinds, lines added/removed, user/cli time).
  metricType: textOf('type'),
} as const;

/**
 * Attributes every event carries (identity, time, terminal): not worth showing for an event we do
 * not know yet, whose own attributes are the interesting ones.
 */
export const standardAttributeKeys: ReadonlySet<string> = new Set([
  'session.id',
  'prompt.id',
  'event.name',
  'event.timestamp',
  'event.sequence',
  'user.id',
  'user.email',
  'user.account_uuid',
  'user.account_id',
  'organization.id',
  'terminal.type',
  'app.version',
  'anthropic.provider',
  'anthropic.custom_base_url',
]);

/** The metric model carries context-window suffixes (`claude-opus-4-8[1m]`) that events do not. */
export function baseModel(model: string | null): string | null {
  if (model === null) return null;
  return model.replace(/\[[^\]]*\]$/, '');
}

/**
 * A project the user named in their own resource attributes (OTEL_RESOURCE_ATTRIBUTES=project=x):
 * when set, it wins over the project found from the session's transcript.
 */
export function projectLabel(recordAttributes: AttributeBag, resourceAttributes: AttributeBag): string | null {
  return text(resourceAttributes, 'project', 'project.name') ?? text(recordAttributes, 'project', 'project.name');
}
