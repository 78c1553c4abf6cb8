import { describe, expect, it } from 'vitest';
import type { TimelineEvent } from '../store/read/types.js';
import { claudeCodeEvent } from '../vocabulary/events.js';
import { eventSentence, eventSentenceText, isFailure } from './event-sentence.js';

/** An event as the session read model gives it, from attributes as Claude Code sends them. */
const event = (name: string, attributes: Record<string, unknown>): TimelineEvent => ({
  name,
  time: '2026-11-29T23:50:51.069Z',
  sequence: 9,
  raw: { attributes },
  ...claudeCodeEvent(name, attributes),
});

describe('event sentences', () => {
  it.each([
    [
      'api_request',
      {
        model: 'claude-opus-5-5',
        cost_usd: 0.006396000000000001,
        duration_ms: 32,
        input_tokens: 1014,
        output_tokens: 52,
        cache_read_tokens: 4000,
        cache_creation_tokens: 100,
        query_source: 'sdk',
      },
      'claude-opus-5-5  $0.0064  32ms  in 1,014 out 52 cache 4,000/100  sdk',
    ],
    ['api_request', { model: 'claude-opus-4-8', cost_usd_micros: 7935, duration_ms: '84' }, 'claude-opus-4-8  $0.0079  84ms  in — out — cache —/—'],
    ['api_request', { model: 'claude-opus-4-8', input_tokens: 3 }, 'claude-opus-4-8  unpriced  —  in 3 out — cache —/—'],
    [
      'api_error',
      { status_code: '529', error: 'Overloaded', model: 'claude-opus-5-5', attempt: 2, duration_ms: 1200 },
      '529  Overloaded  claude-opus-5-5  attempt 2  1.2s',
    ],
    ['api_error', {}, 'no status  error  —'],
    ['tool_decision', { tool_name: 'Bash', decision: 'accept', source: 'config' }, 'Bash  accept (config)'],
    ['tool_result', { name: 'Bash', success: '0', duration_ms: '12', error_type: 'ShellError' }, 'Bash  failed  12ms  ShellError'],
    ['tool_result', { tool_name: 'Write', success: true, duration_ms: 14 }, 'Write  ok  14ms'],
    [
      'tool_result',
      {
        tool_name: 'Bash',
        success: 'true',
        duration_ms: '49',
        tool_parameters: '{"git_commit_id":"64c0e33a1f85b63ee0cfd11cfa11db0e14772aea","git_branch":"feature/\\u001b[31mx"}',
      },
      'Bash  ok  49ms  commit 64c0e33 on feature/x',
    ],
    ['user_prompt', { prompt: 'write hello.py', prompt_length: '14', command_name: 'review' }, '"write hello.py"  /review'],
    ['user_prompt', { prompt: '<REDACTED>', prompt_length: '1800' }, '1,800 chars, redacted'],
    ['assistant_response', { response: '<REDACTED>' }, 'redacted'],
    [
      'skill_activated',
      { 'skill.name': 'lab-review', invocation_trigger: 'claude-proactive', 'skill.source': 'userSettings' },
      'lab-review  claude-proactive (userSettings)',
    ],
    ['skill_activated', {}, '—'],
    // Claude Code 2.1.332's events, with attributes as its captures carry them.
    [
      'api_request',
      {
        model: 'claude-opus-5-5',
        cost_usd: 0.006396,
        duration_ms: 30,
        input_tokens: 1014,
        output_tokens: 52,
        cache_read_tokens: 4000,
        cache_creation_tokens: 100,
        query_source: 'sdk',
        'mcp_server.name': 'lab',
        'mcp_tool.name': 'echo',
      },
      'claude-opus-5-5  $0.0064  30ms  in 1,014 out 52 cache 4,000/100  sdk  mcp lab/echo',
    ],
    [
      'api_request',
      { model: 'claude-opus-5-5', cost_usd: 0.006396, duration_ms: 32, query_source: 'sdk', 'skill.name': 'lab-review', 'plugin.name': 'p' },
      'claude-opus-5-5  $0.0064  32ms  in — out — cache —/—  sdk  skill lab-review · plugin p',
    ],
    ['plugin_loaded', { 'session.id': 's', 'plugin.name': 'cc-plugin-privacy', 'marketplace.name': 'builtin', has_hooks: true }, 'cc-plugin-privacy (builtin)'],
    ['plugin_installed', { 'plugin.name': 'x', 'plugin.version': '1.2.0', 'install.trigger': 'cli' }, 'x 1.2.0  via cli'],
    ['managed_settings_resolved', { 'managed_settings.trigger': 'startup', 'managed_settings.sources': [] }, 'startup  no managed settings'],
    ['managed_settings_resolved', { 'managed_settings.trigger': 'startup', 'managed_settings.sources': ['mdm', 'file'] }, 'startup  from mdm, file'],
    [
      'hook_registered',
      { hook_event: 'PreToolUse', hook_type: 'command', hook_source: 'userSettings', safe_mode: 'false', hook_matcher: '*' },
      'PreToolUse  command (userSettings)  matches *',
    ],
    ['hook_execution_start', { hook_event: 'PostToolUse', hook_name: 'PostToolUse:Write', num_hooks: '2' }, 'PostToolUse:Write  2 hooks'],
    [
      'hook_execution_complete',
      {
        hook_name: 'PreToolUse:Agent',
        num_hooks: '1',
        num_success: '1',
        num_blocking: '0',
        num_non_blocking_error: '0',
        num_cancelled: '0',
        total_duration_ms: '63',
      },
      'PreToolUse:Agent  ok  63ms',
    ],
    [
      'hook_execution_complete',
      { hook_name: 'PostToolUse:Write', num_hooks: '2', num_success: '2', num_blocking: '0', total_duration_ms: '14' },
      'PostToolUse:Write  2/2 ok  14ms',
    ],
    [
      'hook_execution_complete',
      { hook_name: 'PreToolUse:Bash', num_hooks: '2', num_success: '1', num_blocking: '1', num_non_blocking_error: '1', total_duration_ms: '1200' },
      'PreToolUse:Bash  blocked (1), 1 error  1.2s',
    ],
    [
      'subagent_completed',
      {
        agent_type: 'general-purpose',
        is_async: true,
        total_tokens: 9182,
        total_tool_uses: 1,
        duration_ms: 878,
        model: 'claude-haiku-5-5',
        agent_id: 'a21d4b1ee8dbce6e4',
      },
      'general-purpose  claude-haiku-5-5  async  1 tool use  878ms  last request 9,182 tokens',
    ],
    [
      'mcp_server_connection',
      { status: 'connected', transport_type: 'stdio', server_scope: 'dynamic', duration_ms: '408', server_name: 'lab' },
      'lab  connected  stdio  408ms',
    ],
    [
      'mcp_server_connection',
      { status: 'failed', transport_type: 'http', duration_ms: 30000, error_code: 'ETIMEDOUT' },
      'MCP server  failed  http  30.0s  ETIMEDOUT',
    ],
    ['compaction', { trigger: 'auto', success: 'true', duration_ms: 2100, pre_tokens: 143000, post_tokens: 12000 }, 'auto  143,000 → 12,000 tokens  2.1s'],
    ['compaction', { trigger: 'manual', success: 'false', error: 'too short' }, 'manual  failed  — → — tokens  —  too short'],
    [
      'api_retries_exhausted',
      { model: 'claude-opus-5-5', error: 'Overloaded', status_code: 529, total_attempts: 11, total_retry_duration_ms: 63000 },
      '529  Overloaded  gave up after 11 attempts  retried for 1m03s  claude-opus-5-5',
    ],
    ['api_refusal', { model: 'claude-opus-5-5', request_id: 'r', category: 'cyber' }, 'refused  cyber  claude-opus-5-5'],
    ['permission_mode_changed', { from_mode: 'default', to_mode: 'plan', trigger: 'shift_tab' }, 'default → plan (shift_tab)'],
    ['at_mention', { mention_type: 'file', success: 'true' }, 'file  ok'],
    [
      'auth',
      { action: 'login', success: 'false', auth_method: 'oauth', error_category: 'network', status_code: '500' },
      'login  failed (oauth)  network  status 500',
    ],
    ['internal_error', { error_name: 'TypeError', error_code: 'E1' }, 'TypeError  E1'],
    [
      'user_prompt',
      {
        prompt:
          '<task-notification>\n<task-id>a21d4b1ee8dbce6e4</task-id>\n<status>completed</status>\n<summary>Agent "Survey" finished</summary>\n<result>Subagent: wrote sub.py.</result>\n</task-notification>',
        prompt_length: '683',
      },
      'agent result  a21d4b1ee8dbce6e4  completed  "Subagent: wrote sub.py."',
    ],
    [
      'user_prompt',
      {
        prompt: '<REDACTED>',
        prompt_text: '<task-notification><task-id>a1</task-id><status>failed</status><summary>Agent "x" failed</summary></task-notification>',
      },
      'agent result  a1  failed  Agent "x" failed',
    ],
    ['some_future_event', { 'session.id': 's', 'plugin.name': 'cc-plugin-privacy', has_hooks: true }, 'plugin.name=cc-plugin-privacy  has_hooks=true'],
  ])('%s %j reads "%s"', (name, attributes, expected) => {
    expect(eventSentenceText(event(name, attributes))).toBe(expected);
  });

  it('says an unknown cost in warning tone, a known one as accent', () => {
    const cost = (attributes: Record<string, unknown>) => eventSentence(event('api_request', attributes))[2];
    expect([cost({}), cost({ cost_usd: 0.25 })]).toEqual([
      { text: 'unpriced', tone: 'warn' },
      { text: '$0.25', tone: 'accent' },
    ]);
  });

  it('takes escape sequences and line breaks out of every piece of telemetry text', () => {
    const sentences = [
      event('api_error', { error: '\u001b[2Jboom\nagain', model: '\u001b[1mopus' }),
      event('tool_result', { tool_name: '\u001b[31mBash\u009b2J', error: 'bad\u0007' }),
      event('user_prompt', { prompt: '\u001b]0;title\u0007hi', command_name: 'x\ry' }),
      event('some_event', { '\u001b[31mkey': '\u001b[31mvalue' }),
    ].map(eventSentenceText);
    expect(sentences).toEqual(['no status  boom again  opus  —', 'Bash  —  —  bad', '"hi"  /x y', 'key=value']);
  });

  it.each([
    ['api_error', {}, true],
    ['tool_result', { success: 'false' }, true],
    ['tool_result', { success: '0' }, true],
    ['tool_result', { success: 'true' }, false],
    ['tool_result', {}, false],
    ['api_request', { success: 'false' }, false],
    ['api_retries_exhausted', {}, true],
    ['internal_error', {}, true],
    ['mcp_server_connection', { status: 'failed' }, true],
    ['mcp_server_connection', { status: 'disconnected' }, false],
    ['compaction', { success: 'false' }, true],
    ['hook_execution_complete', { num_blocking: '1' }, false],
  ])('%s %j is a failure: %s', (name, attributes, expected) => {
    expect(isFailure(event(name, attributes))).toBe(expected);
  });
});
