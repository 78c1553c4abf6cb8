// What read models return: plain data, the same for commands (JSON/CSV/tables) and the TUI.
import type { ClaudeCodeEvent } from '../../vocabulary/events.js';
import type { AgentResult } from '../../vocabulary/task-notification.js';

export interface TimeRange {
  /** Inclusive lower bound, Unix ms; undefined = from the beginning. */
  sinceMs?: number;
  /** Exclusive upper bound, Unix ms; undefined = up to now and beyond. */
  untilMs?: number;
}

export interface TokenCounts {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  /** input + output, as the reference dashboard defines "Total Tokens". */
  total: number;
}

/** Where a session's cost and token figures come from. Never both: that would double count. */
export type FigureSource = 'events' | 'metrics' | 'none';

/**
 * Telemetry cross-checked with the session's transcript (and its metrics with its events).
 * ok: every transcript request is in telemetry and the two telemetry sources agree;
 * flagged: `reason` says what is missing or disagrees; pending: the session is too recent to tell
 * (exports lag the transcript by seconds to a minute); unchecked: nothing to check against.
 */
export type IntegrityStatus = 'ok' | 'flagged' | 'pending' | 'unchecked';

export interface SessionIntegrity {
  status: IntegrityStatus;
  /** One line: why flagged, or what was checked. */
  reason: string;
  /** Billed requests in the transcript (streamed duplicates collapsed; error placeholders left out). */
  transcriptRequests: number | null;
  /** Transcript requests with no api_request event, older than the export lag. */
  missingRequests: number;
  /** api_request events the transcript does not have: title generation and other auxiliary calls, usually. */
  telemetryOnlyRequests: number | null;
  /** Usage of the missing requests as the transcript reports it: an estimate, never added to the totals. */
  transcriptOnly: { tokens: TokenCounts; estimatedCostUsd: number | null } | null;
  /** Whole-session cost by each telemetry source, when both exist. */
  eventsCostUsd: number | null;
  metricsCostUsd: number | null;
}

export interface SessionRow {
  sessionId: string;
  /**
   * The machine whose records these are: another machine's name when they came through `sync`, else
   * this machine's (null until it has a name: `sync`, `--sync` or `--machine` give it one).
   */
  machine: string | null;
  /** The user's project attribute, else the git repository (or folder) the transcript names. */
  project: string | null;
  projectPath: string | null;
  gitBranch: string | null;
  startTime: string;
  endTime: string;
  user: string | null;
  model: string | null;
  /** What a person typed (an agent's <task-notification> is not); null when the session has no events (metrics carry no prompt count). */
  prompts: number | null;
  /** Subagents the session ran (distinct agent ids on its events); null when it has no events. */
  agents: number | null;
  durationMs: number;
  /** null = unpriced: some API request had no cost, or nothing says what it cost. */
  costUsd: number | null;
  toolCalls: number | null;
  apiRequests: number | null;
  errors: number | null;
  linesAdded: number;
  linesRemoved: number;
  tokens: TokenCounts;
  integrity: SessionIntegrity;
}

export type SessionSortKey = 'startTime' | 'project' | 'user' | 'model' | 'prompts' | 'agents' | 'durationMs' | 'costUsd' | 'toolCalls' | 'tokens' | 'errors';

export interface SessionsQuery extends TimeRange {
  sort?: SessionSortKey;
  /** Sort ascending; default is descending (newest, largest first). */
  ascending?: boolean;
  /** Case-insensitive substring of session id, machine, project, user, model or prompt text. */
  filter?: string;
  /** Exactly this project (as `project` shows it). */
  project?: string;
  /** For the integrity check's export-lag allowance; default Date.now(). */
  nowMs?: number;
  /** Rows to skip (in the sorted order) before the `limit` returned. */
  offset?: number;
  limit?: number;
}

export interface SessionMetadata extends SessionRow {
  appVersion: string | null;
  terminalType: string | null;
  os: string | null;
  source: FigureSource;
  unpricedRequests: number;
}

interface TimelineEventBase {
  /** The event's name as sent (without `claude_code.`); for a known event, `kind` is the same name. */
  name: string;
  time: string;
  sequence: number | null;
  /** The whole stored record, for the raw-JSON view and `session --json` only: views read the typed fields. */
  raw: Record<string, unknown>;
}

/** One event of a timeline: its typed fields by `kind` (vocabulary/events.ts), and the record as stored. */
export type TimelineEvent = TimelineEventBase & ClaudeCodeEvent;

/**
 * Where a scope's time went (a turn, or the whole session), in ms: each figure a sum of durations,
 * so work done at once (a subagent beside the main thread) adds up. null = unknown, never 0.
 */
export interface TimeFigures {
  /** Model requests: llm_request spans, else (a request without one) the api_request's duration_ms. With traces, retries and their waits are in. */
  modelMs: number | null;
  /** Of modelMs, until the first token: the span's ttft_ms, else the api_request's (2.1.332). null when a request has neither. */
  ttftMs: number | null;
  /** Tools running: tool.execution spans, else (a tool use without spans) the tool_result's duration_ms. */
  toolMs: number | null;
  /** Permission prompts: tool.blocked_on_user spans; null without traces (no event says it). */
  waitingOnUserMs: number | null;
  /** Hooks: hook_execution_complete total_duration_ms; null when the session reports no hooks at all. */
  hooksMs: number | null;
}

/** One span of a session (Claude Code's traces), joined to the turn of its trace. */
export interface SessionSpan {
  traceId: string;
  spanId: string;
  /** null for a trace's root (the interaction). */
  parentSpanId: string | null;
  name: string;
  /** `span.type`: interaction, llm_request, tool, tool.blocked_on_user, tool.execution (others kept as sent). */
  type: string | null;
  startMs: number;
  endMs: number;
  durationMs: number;
  requestId: string | null;
  toolUseId: string | null;
  /** The subagent whose lane the span is in: its own agent_id, else its nearest ancestor's; null = the main thread. */
  agentId: string | null;
  ttftMs: number | null;
  attempt: number | null;
  success: boolean | null;
  decision: string | null;
  toolName: string | null;
  model: string | null;
  tokens: { input: number | null; output: number | null; cacheRead: number | null; cacheCreation: number | null };
  /** OTLP status: 0 unset, 1 ok, 2 error. */
  statusCode: number;
  /** The turn the span's trace joined (see span-turns.ts); null when none did. */
  promptId: string | null;
}

export interface Turn {
  /** null for events outside any prompt (session start-up, title generation). */
  promptId: string | null;
  /** The prompt text; null when redacted or not sent, and for an agent's result. */
  prompt: string | null;
  /** An asynchronous agent's result that opened this turn (a user_prompt nobody typed); null for a person's prompt. */
  agentResult: AgentResult | null;
  startTime: string;
  events: TimelineEvent[];
  /** The spans of the traces that joined this turn, in start order (empty without traces). */
  spans: SessionSpan[];
  time: TimeFigures;
}

/** One subagent run of a session (Claude Code 2.1.332), from the events that carry its agent id. */
export interface Subagent {
  agentId: string;
  /** `general-purpose`, a custom agent's type (`custom` when Claude Code redacts it); null until known. */
  agentType: string | null;
  model: string | null;
  apiRequests: number;
  /** Sum of its requests' costs; null when one is unpriced. */
  costUsd: number | null;
  /** Sums of its requests (subagent_completed's total_tokens is the final request only, never used as a total). */
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number };
  toolUses: number;
  /** As subagent_completed reports it; null while the agent runs. */
  durationMs: number | null;
  /** Whether it ran in the background; null while the agent runs. */
  isAsync: boolean | null;
}

export interface SessionDetail {
  session: SessionMetadata;
  turns: Turn[];
  subagents: Subagent[];
  /** The session's cache writes by lifetime; null when none of its events reported them. */
  cacheWrites: CacheWrites;
  /** Every span of the session, in start order, joined or not. */
  spans: SessionSpan[];
  time: TimeFigures;
}

export interface CountByName {
  name: string;
  count: number;
}

export interface ModelFigures {
  model: string;
  costUsd: number;
  unpricedRequests: number;
  apiRequests: number;
  tokens: TokenCounts;
}

/** Cost and tokens of the requests made for one skill, MCP server or tool, agent type or plugin. */
export interface AttributionFigures {
  /** The skill, MCP server (or tool), agent type or plugin, as Claude Code names it (`custom`, `third-party` for redacted ones). */
  key: string;
  /** Priced requests' cost; unpriced ones are counted in unpricedRequests. */
  costUsd: number;
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number };
  /** api_request events; 0 for sessions whose figures come from metrics (points do not count requests). */
  apiRequests: number;
  unpricedRequests: number;
}

export interface McpFigures extends AttributionFigures {
  /** The server's tools, when the points or events name them. */
  tools: AttributionFigures[];
}

export interface SummaryAttribution {
  bySkill: AttributionFigures[];
  byMcp: McpFigures[];
  byAgent: AttributionFigures[];
  byPlugin: AttributionFigures[];
}

/** Cache writes by lifetime (api_request events of 2.1.332+); null when no event in range reported them. */
export interface CacheWrites {
  fiveMinuteTokens: number | null;
  oneHourTokens: number | null;
}

export interface SummaryBucket {
  startMs: number;
  costUsd: number;
  costByModel: Record<string, number>;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  activeUserSeconds: number;
  activeCliSeconds: number;
  linesAdded: number;
  linesRemoved: number;
  toolCalls: number;
  apiRequests: number;
  apiRequestsByModel: Record<string, number>;
  accepts: number;
  rejects: number;
}

export interface Summary extends SummaryAttribution {
  range: { since: string | null; until: string | null; bucketMs: number };
  costUsd: number;
  unpricedRequests: number;
  tokens: TokenCounts;
  sessions: number;
  commits: number;
  pullRequests: number;
  activeTime: { userSeconds: number; cliSeconds: number };
  lines: { added: number; removed: number };
  toolCalls: { total: number; byTool: CountByName[] };
  apiRequests: { total: number; byModel: CountByName[] };
  decisions: { accept: number; reject: number };
  byModel: ModelFigures[];
  /** Cost by who asked: the main loop, subagents, or auxiliary calls (titles, compaction). */
  costSplit: { main: number; subagent: number; auxiliary: number };
  cacheWrites: CacheWrites;
  /** cacheRead / (input + cacheRead + cacheCreation); null with no input-side tokens. */
  cacheHitRatio: number | null;
  /** Cost of the 15 minutes before nowMs, per hour (whatever the range). */
  burnRateUsdPerHour: number;
  /** The session in progress (activity in the last 5 minutes), with its cost per hour so far. */
  currentSession: { sessionId: string; costUsd: number | null; usdPerHour: number | null } | null;
  buckets: SummaryBucket[];
}
