// A session's subagents (Claude Code 2.1.332), from its typed events: every event a subagent causes
// carries its `agent_id` (requests, tools, hooks), and subagent_completed says how it ended. Figures
// are the sums of the agent's own api_request events: subagent_completed's total_tokens is only its
// final request's, so it is never taken for the agent's total.
import type { CacheWrites, Subagent, TimelineEvent } from './types.js';

interface Tally {
  agent: Subagent;
  toolResults: number;
  isUnpriced: boolean;
  /** subagent_completed's total_tool_uses, once the agent completed. */
  completedToolUses: number | null;
  models: Map<string, number>;
}

function tallyOf(tallies: Map<string, Tally>, agentId: string): Tally {
  let tally = tallies.get(agentId);
  if (tally === undefined) {
    tally = {
      agent: {
        agentId,
        agentType: null,
        model: null,
        apiRequests: 0,
        costUsd: 0,
        tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
        toolUses: 0,
        durationMs: null,
        isAsync: null,
      },
      toolResults: 0,
      isUnpriced: false,
      completedToolUses: null,
      models: new Map(),
    };
    tallies.set(agentId, tally);
  }
  return tally;
}

/** The agent id an event belongs to, if a subagent caused it (or, for a notification, names it). */
function agentIdOf(event: TimelineEvent): string | null {
  if (event.kind === 'user_prompt') return event.agentResult?.agentId ?? null;
  return 'agentId' in event ? event.agentId : null;
}

/** Each subagent of the session, in the order it first appears. */
export function subagentsOf(events: readonly TimelineEvent[]): Subagent[] {
  const tallies = new Map<string, Tally>();
  for (const event of events) {
    const agentId = agentIdOf(event);
    if (agentId === null) continue;
    const t = tallyOf(tallies, agentId);
    const a = t.agent;
    switch (event.kind) {
      case 'api_request':
        a.apiRequests += 1;
        if (event.costUsd === null) t.isUnpriced = true;
        else a.costUsd = (a.costUsd ?? 0) + event.costUsd;
        a.tokens.input += event.inputTokens ?? 0;
        a.tokens.output += event.outputTokens ?? 0;
        a.tokens.cacheRead += event.cacheReadTokens ?? 0;
        a.tokens.cacheCreation += event.cacheCreationTokens ?? 0;
        a.agentType ??= event.agentName;
        if (event.model !== null) t.models.set(event.model, (t.models.get(event.model) ?? 0) + 1);
        break;
      case 'tool_result':
        t.toolResults += 1;
        break;
      case 'subagent_completed':
        // Claude Code's own account of the run: its type, model, tool uses, duration and mode.
        a.agentType = event.agentType ?? a.agentType;
        a.model = event.model;
        t.completedToolUses = event.toolUses;
        a.durationMs = event.durationMs;
        a.isAsync = event.isAsync;
        break;
      default:
        break;
    }
  }
  return [...tallies.values()].map((t) => {
    const mostUsed = [...t.models].sort((x, y) => y[1] - x[1] || x[0].localeCompare(y[0]))[0]?.[0] ?? null;
    return {
      ...t.agent,
      model: t.agent.model ?? mostUsed,
      costUsd: t.isUnpriced ? null : t.agent.costUsd,
      // Claude Code's count once the agent completed; until then, the tool results seen so far.
      toolUses: t.completedToolUses ?? t.toolResults,
    };
  });
}

/** The session's cache writes by lifetime: sums over the api_request events that report them. */
export function cacheWritesOf(events: readonly TimelineEvent[]): CacheWrites {
  let fiveMinute: number | null = null;
  let oneHour: number | null = null;
  for (const e of events) {
    if (e.kind !== 'api_request' || (e.cacheCreation5mTokens === null && e.cacheCreation1hTokens === null)) continue;
    fiveMinute = (fiveMinute ?? 0) + (e.cacheCreation5mTokens ?? 0);
    oneHour = (oneHour ?? 0) + (e.cacheCreation1hTokens ?? 0);
  }
  return { fiveMinuteTokens: fiveMinute, oneHourTokens: oneHour };
}
