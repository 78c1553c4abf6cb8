// A generated session as the transcript Claude Code writes under
// $CLAUDE_CONFIG_DIR/projects/<cwd with / as ->/<session id>.jsonl (the lab's transcript.jsonl shape:
// one assistant line per content block, all carrying the request's usage; tool results as user lines).
import fs from 'node:fs';
import path from 'node:path';
import type { Session } from './generate.js';
import { rng, uuid } from './vocabulary.js';

const agentLines = [
  'claude: Catch-all for any task that does not fit a more specific agent. (Tools: *)',
  'Explore: Read-only search agent for broad fan-out searches across many files. (Tools: All tools except Agent, Edit, Write)',
  'general-purpose: General-purpose agent for researching complex questions and executing multi-step tasks. (Tools: *)',
  'Plan: Software architect agent for designing implementation plans. (Tools: All tools except Agent, Edit, Write)',
];
const skillListing = '- update-config: Use this skill to configure the Claude Code harness via settings.json: hooks, permissions, env vars. '.repeat(40);

export function transcriptLines(s: Session): string[] {
  const r = rng(s.index, 7);
  const common = { userType: 'external', entrypoint: 'cli', cwd: s.cwd, sessionId: s.id, version: '2.1.197', gitBranch: 'main' };
  const lines: string[] = [JSON.stringify({ type: 'permission-mode', permissionMode: 'default', sessionId: s.id })];
  let parent: string | null = null;
  const push = (line: Record<string, unknown>, timeMs: number): void => {
    const id = uuid(r);
    lines.push(JSON.stringify({ parentUuid: parent, isSidechain: false, ...line, uuid: id, timestamp: new Date(timeMs).toISOString(), ...common }));
    parent = id;
  };
  s.turns.forEach((turn, i) => {
    push(
      {
        promptId: turn.promptId,
        type: 'user',
        message: { role: 'user', content: turn.prompt },
        permissionMode: 'default',
        origin: { kind: 'human' },
        promptSource: 'typed',
      },
      turn.timeMs,
    );
    if (i === 0) {
      push(
        {
          attachment: {
            type: 'agent_listing_delta',
            addedTypes: ['claude', 'Explore', 'general-purpose', 'Plan'],
            addedLines: agentLines.map((l) => `- ${l}`),
            removedTypes: [],
            isInitial: true,
          },
          type: 'attachment',
        },
        turn.timeMs,
      );
      push({ attachment: { type: 'skill_listing', content: skillListing }, type: 'attachment' }, turn.timeMs);
    }
    let messageCount = 1;
    for (const req of turn.requests) {
      const usage = {
        input_tokens: req.usage.input,
        cache_creation_input_tokens: req.usage.cacheCreation,
        cache_read_input_tokens: req.usage.cacheRead,
        output_tokens: req.usage.output,
        server_tool_use: { web_search_requests: 0, web_fetch_requests: 0 },
        service_tier: 'standard',
        cache_creation: { ephemeral_1h_input_tokens: 0, ephemeral_5m_input_tokens: req.usage.cacheCreation },
        inference_geo: '',
        iterations: [],
        speed: 'standard',
      };
      const blocks: unknown[] = [
        ...(req.text === null ? [] : [{ type: 'text', text: req.text }]),
        ...req.tools.map((t) => ({ type: 'tool_use', id: t.id, name: t.name, input: t.input })),
      ];
      const stopReason = req.tools.length > 0 ? 'tool_use' : 'end_turn';
      for (const block of blocks) {
        push(
          {
            message: {
              id: req.messageId,
              type: 'message',
              role: 'assistant',
              model: req.model,
              content: [block],
              stop_reason: stopReason,
              stop_sequence: null,
              usage,
              stop_details: null,
            },
            requestId: req.requestId,
            type: 'assistant',
          },
          req.timeMs,
        );
        messageCount += 1;
      }
      for (const t of req.tools) {
        push(
          {
            promptId: turn.promptId,
            type: 'user',
            message: { role: 'user', content: [{ tool_use_id: t.id, type: 'tool_result', content: t.output, is_error: t.isError }] },
            toolUseResult: { stdout: t.output, stderr: '', interrupted: false, isImage: false },
          },
          t.timeMs,
        );
        messageCount += 1;
      }
    }
    const endMs = turn.requests[turn.requests.length - 1]?.timeMs ?? turn.timeMs;
    push({ type: 'system', subtype: 'turn_duration', durationMs: endMs - turn.timeMs, messageCount, isMeta: false }, endMs);
  });
  lines.push(JSON.stringify({ type: 'last-prompt', lastPrompt: s.turns[s.turns.length - 1]?.prompt ?? '', leafUuid: parent, sessionId: s.id }));
  return lines;
}

/** Where Claude Code keeps the session's transcript, under `configDir`. */
export function transcriptPath(configDir: string, s: Session): string {
  return path.join(configDir, 'projects', s.cwd.replace(/[/.]/g, '-'), `${s.id}.jsonl`);
}

/** Writes the transcript where Claude Code would, under `configDir`. */
export function writeTranscript(configDir: string, s: Session): number {
  const file = transcriptPath(configDir, s);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const text = `${transcriptLines(s).join('\n')}\n`;
  fs.writeFileSync(file, text);
  return text.length;
}
