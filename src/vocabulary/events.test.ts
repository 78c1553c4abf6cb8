import { describe, expect, it } from 'vitest';
import { claudeCodeEvent, eventCatalogue, isEventName } from './events.js';

describe('typed events', () => {
  it('reads an api_request as 2.1.332 sends it', () => {
    const attributes = {
      'session.id': 's',
      model: 'claude-opus-5-5',
      input_tokens: 1014,
      output_tokens: 52,
      cache_read_tokens: 4000,
      cache_creation_tokens: 100,
      cost_usd: 0.006396000000000001,
      cost_usd_micros: 6396,
      duration_ms: 32,
      request_id: 'req_lab_2',
      query_source: 'sdk',
    };
    expect(claudeCodeEvent('api_request', attributes)).toEqual({
      kind: 'api_request',
      model: 'claude-opus-5-5',
      costUsd: 0.006396000000000001,
      durationMs: 32,
      inputTokens: 1014,
      outputTokens: 52,
      cacheReadTokens: 4000,
      cacheCreationTokens: 100,
      requestId: 'req_lab_2',
      querySource: 'sdk',
      cacheCreation5mTokens: null,
      cacheCreation1hTokens: null,
      agentId: null,
      agentName: null,
      skillName: null,
      mcpServerName: null,
      mcpToolName: null,
      pluginName: null,
    });
  });

  it('prices a request from cost_usd_micros when cost_usd is missing, and leaves it unknown when both are', () => {
    const cost = (attributes: Record<string, unknown>) => {
      const event = claudeCodeEvent('api_request', attributes);
      return event.kind === 'api_request' ? event.costUsd : undefined;
    };
    expect([cost({ cost_usd_micros: '7935' }), cost({})]).toEqual([0.007935, null]);
  });

  it.each([
    [
      { name: 'Bash', success: '0', error_type: 'ShellError', duration_ms: '12' },
      { toolName: 'Bash', isSuccess: false, error: 'ShellError', durationMs: 12, agentId: null, commitId: null, gitBranch: null },
    ],
    [
      { tool_name: 'Edit', name: 'other', success: 1 },
      { toolName: 'Edit', isSuccess: true, error: null, durationMs: null, agentId: null, commitId: null, gitBranch: null },
    ],
    [
      { tool_name: 'Read', success: 'true', error: 'denied', error_type: 'Perm', agent_id: 'a1' },
      { toolName: 'Read', isSuccess: true, error: 'denied', durationMs: null, agentId: 'a1', commitId: null, gitBranch: null },
    ],
  ])('reads tool_result %j with the older names and every spelling of success', (attributes, expected) => {
    expect(claudeCodeEvent('tool_result', attributes)).toEqual({ kind: 'tool_result', ...expected });
  });

  it('reads the commit a `git commit` tool_result reports (2.1.332, from the commit capture)', () => {
    const parameters =
      '{"bash_command":"git","full_command":"git commit -m \\"Add hello.py\\"","description":"Commit it","git_commit_id":"64c0e33a1f85b63ee0cfd11cfa11db0e14772aea","git_branch":"feature/lab-commit"}';
    expect(claudeCodeEvent('tool_result', { tool_name: 'Bash', success: 'true', duration_ms: '49', tool_parameters: parameters })).toEqual({
      kind: 'tool_result',
      toolName: 'Bash',
      isSuccess: true,
      durationMs: 49,
      error: null,
      agentId: null,
      commitId: '64c0e33a1f85b63ee0cfd11cfa11db0e14772aea',
      gitBranch: 'feature/lab-commit',
    });
  });

  it('reads a tool_decision under its older attribute names', () => {
    expect(claudeCodeEvent('tool_decision', { name: 'Bash', decision_type: 'reject', decision_source: 'user_temporary' })).toEqual({
      kind: 'tool_decision',
      toolName: 'Bash',
      decision: 'reject',
      decisionSource: 'user_temporary',
      agentId: null,
    });
  });

  it('takes a redacted prompt as no text, keeping its length', () => {
    expect(claudeCodeEvent('user_prompt', { prompt: '<REDACTED>', prompt_length: '18' })).toEqual({
      kind: 'user_prompt',
      prompt: null,
      promptLength: 18,
      commandName: null,
      agentResult: null,
    });
  });

  it('keeps an event type it does not know, with its own attributes and without the standard ones', () => {
    const attributes = {
      'session.id': 's',
      'event.name': 'plugin_unloaded',
      'event.sequence': 1,
      'anthropic.provider': 'firstParty',
      'plugin.name': 'cc-plugin-agents-md',
      has_hooks: true,
      'managed.sources': [],
    };
    expect(claudeCodeEvent('plugin_unloaded', attributes)).toEqual({
      kind: 'unknown',
      keyAttributes: [
        { key: 'plugin.name', value: 'cc-plugin-agents-md' },
        { key: 'has_hooks', value: 'true' },
        { key: 'managed.sources', value: '[]' },
      ],
    });
  });

  it('keeps at most eight of an unknown event’s attributes', () => {
    const attributes = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i]));
    const event = claudeCodeEvent('future_event', attributes);
    expect(event.kind === 'unknown' ? event.keyAttributes.map((k) => k.key) : []).toEqual(['k0', 'k1', 'k2', 'k3', 'k4', 'k5', 'k6', 'k7']);
  });

  it.each(['constructor', '__proto__', 'toString', 'unknown', 'log', ''])('never mistakes %j for a known event', (name) => {
    expect(isEventName(name)).toBe(false);
    expect(claudeCodeEvent(name, {})).toEqual({ kind: 'unknown', keyAttributes: [] });
  });

  it.each(Object.keys(eventCatalogue))('reads %s from hostile values without throwing: every field is null', (name) => {
    const hostile = { model: { nested: true }, cost_usd: 'NaN', duration_ms: Infinity, input_tokens: '1e400', success: 'maybe', attempt: 1.5, status_code: [] };
    const event: Record<string, unknown> = { ...claudeCodeEvent(name, hostile) };
    delete event['kind'];
    const values = Object.entries(event).filter(([field]) => field !== 'model');
    expect(values.every(([, v]) => v === null)).toBe(true);
  });

  it('reads an asynchronous agent’s notification as its result, not as a prompt a person typed', () => {
    const prompt =
      '<task-notification>\n<task-id>a21d4b1ee8dbce6e4</task-id>\n<tool-use-id>toolu_lab_1_1</tool-use-id>\n<status>completed</status>\n<summary>Agent "Survey the files" finished</summary>\n<result>Subagent: wrote sub.py.</result>\n</task-notification>';
    expect(claudeCodeEvent('user_prompt', { prompt, prompt_text: prompt, prompt_length: '683' })).toMatchObject({
      kind: 'user_prompt',
      agentResult: { agentId: 'a21d4b1ee8dbce6e4', status: 'completed', summary: 'Agent "Survey the files" finished', result: 'Subagent: wrote sub.py.' },
    });
    expect(claudeCodeEvent('user_prompt', { prompt: 'explain <task-notification> to me' })).toMatchObject({ agentResult: null });
  });

  it('reads subagent_completed’s total_tokens as the final request’s, under a name that says so', () => {
    expect(
      claudeCodeEvent('subagent_completed', {
        agent_type: 'general-purpose',
        is_async: true,
        total_tokens: 9182,
        total_tool_uses: 1,
        duration_ms: 878,
        model: 'claude-haiku-5-5',
        agent_id: 'a2',
      }),
    ).toEqual({
      kind: 'subagent_completed',
      agentId: 'a2',
      agentType: 'general-purpose',
      model: 'claude-haiku-5-5',
      isAsync: true,
      finalRequestTokens: 9182,
      toolUses: 1,
      durationMs: 878,
    });
  });

  it('names no field as a timeline event’s own keys, so typed fields never overwrite them', () => {
    const reserved = ['kind', 'name', 'time', 'sequence', 'raw', 'attributes', 'keyAttributes'];
    expect(Object.values(eventCatalogue).flatMap((fields) => Object.keys(fields).filter((f) => reserved.includes(f)))).toEqual([]);
  });
});
