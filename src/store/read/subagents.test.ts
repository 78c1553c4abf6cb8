import { describe, expect, it } from 'vitest';
import { claudeCodeEvent } from '../../vocabulary/events.js';
import { cacheWritesOf, subagentsOf } from './subagents.js';
import type { TimelineEvent } from './types.js';

const event = (name: string, attributes: Record<string, unknown>): TimelineEvent => ({
  name,
  time: '2026-11-29T23:51:20.000Z',
  sequence: null,
  raw: { attributes },
  ...claudeCodeEvent(name, attributes),
});

describe('subagents of a session', () => {
  it('an agent still running: its requests and tool results so far; duration and mode unknown; unpriced if a request is', () => {
    const events = [
      event('api_request', { agent_id: 'a1', 'agent.name': 'Explore', model: 'claude-haiku-5-5', cost_usd: 0.001, input_tokens: 10, output_tokens: 2 }),
      event('tool_result', { agent_id: 'a1', tool_name: 'Read', success: 'true' }),
      event('tool_result', { agent_id: 'a1', tool_name: 'Grep', success: 'true' }),
      event('api_request', { agent_id: 'a1', model: 'claude-haiku-5-5', input_tokens: 5 }),
      event('api_request', { model: 'claude-opus-5-5', cost_usd: 0.5 }),
    ];
    expect(subagentsOf(events)).toEqual([
      {
        agentId: 'a1',
        agentType: 'Explore',
        model: 'claude-haiku-5-5',
        apiRequests: 2,
        costUsd: null,
        tokens: { input: 15, output: 2, cacheRead: 0, cacheCreation: 0 },
        toolUses: 2,
        durationMs: null,
        isAsync: null,
      },
    ]);
  });

  it("takes subagent_completed's type, model, tool uses, duration and mode, but never its total_tokens for the agent's total", () => {
    const events = [
      event('api_request', {
        agent_id: 'a2',
        model: 'claude-haiku-5-5',
        cost_usd: 0.25,
        input_tokens: 100,
        output_tokens: 10,
        cache_read_tokens: 1000,
        cache_creation_tokens: 50,
      }),
      event('api_request', {
        agent_id: 'a2',
        model: 'claude-haiku-5-5',
        cost_usd: 0.5,
        input_tokens: 200,
        output_tokens: 20,
        cache_read_tokens: 2000,
        cache_creation_tokens: 50,
      }),
      event('subagent_completed', {
        agent_id: 'a2',
        agent_type: 'general-purpose',
        model: 'claude-haiku-5-5',
        is_async: false,
        total_tokens: 2270,
        total_tool_uses: 3,
        duration_ms: 1500,
      }),
    ];
    expect(subagentsOf(events)).toEqual([
      {
        agentId: 'a2',
        agentType: 'general-purpose',
        model: 'claude-haiku-5-5',
        apiRequests: 2,
        costUsd: 0.75,
        tokens: { input: 300, output: 30, cacheRead: 3000, cacheCreation: 100 },
        toolUses: 3,
        durationMs: 1500,
        isAsync: false,
      },
    ]);
  });

  it('lists agents in the order they first appear; the main thread is none of them', () => {
    const events = [
      event('tool_result', { agent_id: 'b' }),
      event('api_request', { cost_usd: 1 }),
      event('hook_execution_start', { agent_id: 'a' }),
      event('user_prompt', { prompt: '<task-notification><task-id>c</task-id></task-notification>' }),
    ];
    expect(subagentsOf(events).map((a) => a.agentId)).toEqual(['b', 'a', 'c']);
  });
});

describe('cache writes of a session', () => {
  it('are null when no request reported them (before 2.1.332), else the sums', () => {
    expect(cacheWritesOf([event('api_request', { cache_creation_tokens: 100 })])).toEqual({ fiveMinuteTokens: null, oneHourTokens: null });
    expect(
      cacheWritesOf([
        event('api_request', { cache_creation_5m_tokens: 60, cache_creation_1h_tokens: 40 }),
        event('api_request', { cache_creation_5m_tokens: '5' }),
      ]),
    ).toEqual({ fiveMinuteTokens: 65, oneHourTokens: 40 });
  });
});
