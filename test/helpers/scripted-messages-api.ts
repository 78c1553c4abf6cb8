// A scripted stand-in for the Anthropic Messages API (streaming SSE), so the real Claude Code
// CLI can run offline and emit its real OpenTelemetry. It runs inside the test process, so the
// CLI must be spawned asynchronously (a synchronous spawn would block this server's event loop).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export type Scenario = 'hello' | 'tools' | 'edit' | 'error' | 'fail' | 'mixed' | 'subagent' | 'skill';

/** The skill the `skill` scenario invokes; the caller installs it (runClaudeCode's `skill` option). */
export const SKILL_NAME = 'lab-review';

/**
 * A subagent's conversation starts with the prompt the main thread gave the Agent tool, which
 * carries this marker: that is how the API tells the subagent's requests from the main thread's.
 */
const SUBTASK_MARKER = 'SUBTASK:';

export interface UsageRecord {
  n: number;
  model: string;
  status: number;
  /** main thread, auxiliary (no tools: title, summaries), or the subagent's (its conversation starts with the subtask). */
  kind: 'main' | 'aux' | 'subagent';
  requestId?: string;
  usage?: {
    input_tokens: number;
    output_tokens: number;
    cache_read_input_tokens: number;
    cache_creation_input_tokens: number;
  };
}

export interface ScriptedApi {
  url: string;
  port: number;
  /** What the API told Claude Code, one entry per answered /v1/messages request, in order. */
  records: UsageRecord[];
  close(): Promise<void>;
}

export interface ScriptedApiOptions {
  scenario: Scenario;
  /** Where Write/Edit put files: should be the CLI's cwd so that `cat hello.py` finds it. */
  workdir: string;
  /** Multiplies every usage number (default 1). */
  scale?: number;
  /**
   * Request ids are `req_<prefix>_<n>`. The default is unique per server, because n restarts
   * at 1 for every server and a store may key api_request events on their request id.
   */
  requestIdPrefix?: string;
}

type Block = { type: 'text'; text: string } | { type: 'tool_use'; name: string; input: Record<string, unknown> };

type Usage = NonNullable<UsageRecord['usage']>;

/** One assistant turn per step; the step is chosen by how many tool results came back so far. */
function steps(scenario: Scenario, workdir: string): Block[][] {
  const file = join(workdir, 'hello.py');
  switch (scenario) {
    case 'tools':
      return [
        [
          { type: 'text', text: 'Writing a file.' },
          { type: 'tool_use', name: 'Write', input: { file_path: file, content: 'print("hi")\nprint("there")\n' } },
        ],
        [{ type: 'tool_use', name: 'Bash', input: { command: 'cat hello.py', description: 'Show it' } }],
        [{ type: 'text', text: 'Done: wrote hello.py and showed it.' }],
      ];
    case 'edit':
      return [
        [{ type: 'tool_use', name: 'Write', input: { file_path: file, content: 'a = 1\nb = 2\nc = 3\n' } }],
        [
          {
            type: 'tool_use',
            name: 'Edit',
            input: { file_path: file, old_string: 'b = 2\nc = 3\n', new_string: 'b = 20\n' },
          },
        ],
        [{ type: 'text', text: 'Edited.' }],
      ];
    case 'mixed':
      return [
        [
          { type: 'tool_use', name: 'Write', input: { file_path: file, content: 'x = 1\n' } },
          { type: 'tool_use', name: 'Glob', input: { pattern: '*.py' } },
        ],
        [
          { type: 'tool_use', name: 'Read', input: { file_path: file } },
          { type: 'tool_use', name: 'Bash', input: { command: 'ls', description: 'List files' } },
        ],
        [{ type: 'text', text: 'All done.' }],
      ];
    // The Agent tool asks for a haiku subagent; Claude Code 2.1.332 runs it in the background, so
    // the main thread answers the launch, then answers again when the agent's result comes back.
    case 'subagent':
      return [
        [
          { type: 'text', text: 'Delegating.' },
          {
            type: 'tool_use',
            name: 'Agent',
            input: {
              description: 'Survey the files',
              prompt: `${SUBTASK_MARKER} write sub.py listing the python files`,
              subagent_type: 'general-purpose',
              model: 'haiku',
            },
          },
        ],
        [{ type: 'text', text: 'The subagent wrote sub.py.' }],
      ];
    case 'skill':
      return [[{ type: 'tool_use', name: 'Skill', input: { skill: SKILL_NAME } }], [{ type: 'text', text: `Reviewed with the ${SKILL_NAME} skill.` }]];
    // 'error' answers like 'hello' once its single failure is over; 'fail' never gets that far
    // for main requests, and its auxiliary requests get the auxiliary answer.
    case 'hello':
    case 'error':
    case 'fail':
      return [[{ type: 'text', text: 'Hello from the scripted API.' }]];
  }
}

/** What the subagent does: write one file, then answer. */
function subagentSteps(workdir: string): Block[][] {
  return [
    [{ type: 'tool_use', name: 'Write', input: { file_path: join(workdir, 'sub.py'), content: 'found = ["hello.py"]\n' } }],
    [{ type: 'text', text: 'Subagent: wrote sub.py.' }],
  ];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function countToolResultMessages(messages: unknown): number {
  if (!Array.isArray(messages)) return 0;
  return messages.filter((m: unknown) => isRecord(m) && Array.isArray(m.content) && m.content.some((c: unknown) => isRecord(c) && c.type === 'tool_result'))
    .length;
}

/** Whether the conversation's first message is the subtask the main thread handed to a subagent. */
function isSubagentConversation(messages: unknown): boolean {
  if (!Array.isArray(messages) || messages.length === 0) return false;
  const first: unknown = messages[0];
  return isRecord(first) && JSON.stringify(first.content ?? '').includes(SUBTASK_MARKER);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function sendStream(res: ServerResponse, ids: { message: string; request: string; toolPrefix: string }, model: string, blocks: Block[], usage: Usage): void {
  const stopReason = blocks.some((b) => b.type === 'tool_use') ? 'tool_use' : 'end_turn';
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'request-id': ids.request });
  const event = (type: string, data: unknown): void => {
    res.write(`event: ${type}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  // The real API reports input/cache usage up front and the final output count in message_delta.
  event('message_start', {
    type: 'message_start',
    message: {
      id: ids.message,
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { ...usage, output_tokens: 0 },
    },
  });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      event('content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      event('content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: block.text } });
    } else {
      event('content_block_start', {
        type: 'content_block_start',
        index,
        content_block: { type: 'tool_use', id: `${ids.toolPrefix}_${index}`, name: block.name, input: {} },
      });
      event('content_block_delta', {
        type: 'content_block_delta',
        index,
        delta: { type: 'input_json_delta', partial_json: JSON.stringify(block.input) },
      });
    }
    event('content_block_stop', { type: 'content_block_stop', index });
  });
  event('message_delta', {
    type: 'message_delta',
    delta: { stop_reason: stopReason, stop_sequence: null },
    usage: { output_tokens: usage.output_tokens },
  });
  event('message_stop', { type: 'message_stop' });
  res.end();
}

export function startScriptedApi(options: ScriptedApiOptions): Promise<ScriptedApi> {
  const { scenario, workdir } = options;
  const scale = options.scale ?? 1;
  const prefix = options.requestIdPrefix ?? `${scenario}_${randomBytes(3).toString('hex')}`;
  const plan = steps(scenario, workdir);
  const subagentPlan = subagentSteps(workdir);
  const records: UsageRecord[] = [];
  let n = 0;
  let failedOnce = false;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const raw = await readBody(req);
    const url = req.url ?? '';
    if (req.method !== 'POST' || !url.startsWith('/v1/messages')) {
      sendJson(res, 404, { type: 'error', error: { type: 'not_found_error', message: 'not found' } });
      return;
    }
    if (url.includes('count_tokens')) {
      sendJson(res, 200, { input_tokens: 42 });
      return;
    }
    let body: Record<string, unknown> = {};
    try {
      const parsed: unknown = JSON.parse(raw.toString('utf8'));
      if (isRecord(parsed)) body = parsed;
    } catch {
      // An unparsable body is answered like an auxiliary request rather than failing the run.
    }
    n += 1;
    const model = typeof body.model === 'string' && body.model !== '' ? body.model : 'claude-sonnet-4-5';
    // Main-thread and subagent requests carry the tool definitions; auxiliary ones (session title etc.) do not.
    const hasTools = Array.isArray(body.tools) && body.tools.length > 0;
    const kind: UsageRecord['kind'] = !hasTools ? 'aux' : isSubagentConversation(body.messages) ? 'subagent' : 'main';
    const requestId = `req_${prefix}_${n}`;

    if (scenario === 'error' && kind === 'main' && !failedOnce) {
      failedOnce = true;
      // Like the lab (and the corpus captured with it): the 529 carries no request-id.
      records.push({ n, model, status: 529, kind });
      sendJson(res, 529, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
      return;
    }
    if (scenario === 'fail' && kind === 'main') {
      records.push({ n, model, status: 400, kind, requestId });
      // A 400 is not retried, so Claude Code gives up after one attempt.
      sendJson(res, 400, { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long' } }, { 'request-id': requestId });
      return;
    }

    const script = kind === 'subagent' ? subagentPlan : plan;
    const step = Math.min(countToolResultMessages(body.messages), script.length - 1);
    const blocks: Block[] = kind === 'aux' ? [{ type: 'text', text: 'Scripted session' }] : (script[step] ?? []);
    const usage: Usage = {
      input_tokens: Math.round((1000 + 7 * n) * scale),
      output_tokens: Math.round((50 + n) * scale),
      cache_read_input_tokens: Math.round(2000 * n * scale),
      cache_creation_input_tokens: Math.round(100 * scale),
    };
    records.push({ n, model, status: 200, kind, requestId, usage });
    sendStream(res, { message: `msg_${prefix}_${n}`, request: requestId, toolPrefix: `toolu_${prefix}_${n}` }, model, blocks, usage);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) {
        sendJson(res, 500, { type: 'error', error: { type: 'api_error', message: String(error) } });
      } else {
        res.destroy();
      }
    });
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      server.off('error', reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        records,
        close: () =>
          new Promise<void>((done, fail) => {
            // Claude Code keeps connections alive; without this close() waits for them to idle out.
            server.closeAllConnections();
            server.close((error) => (error ? fail(error) : done()));
          }),
      });
    });
  });
}
