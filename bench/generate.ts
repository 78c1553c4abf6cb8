// Claude Code sessions of the shape the real captures show (test/fixtures/captures, and the
// Claude Code lab they came from): prompts, API requests with four token types and cost, tool decisions
// and results, API errors and failed tools, and delta metric points, as Claude Code's exporters batch
// them (logs every 5 s, metrics every 60 s). Deterministic: session i is the same for a given seed.
import { modelPrices, pick, promptTexts, rng, toolKinds, uuid, type Rng, type ToolKind } from './vocabulary.js';

export type Attrs = Record<string, string | number | boolean>;

export interface LogEvent {
  timeMs: number;
  name: string;
  attributes: Attrs;
}

export type MetricName =
  | 'claude_code.session.count'
  | 'claude_code.cost.usage'
  | 'claude_code.token.usage'
  | 'claude_code.active_time.total'
  | 'claude_code.lines_of_code.count'
  | 'claude_code.code_edit_tool.decision';

export interface MetricPoint {
  metric: MetricName;
  startMs: number;
  endMs: number;
  value: number;
  attributes: Attrs;
}

/** One request an exporter would send: a 5 s batch of log records, or a 60 s metrics collection. */
export type Export = { atMs: number; signal: 'logs'; events: LogEvent[] } | { atMs: number; signal: 'metrics'; points: MetricPoint[] };

export interface User {
  index: number;
  id: string;
  email: string | null;
  terminal: string;
  resource: Attrs;
}

export interface Usage {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/** What the session's transcript needs: main-thread requests only (no title request), as Claude Code writes it. */
export interface TranscriptTurn {
  promptId: string;
  prompt: string;
  timeMs: number;
  requests: {
    requestId: string;
    messageId: string;
    model: string;
    usage: Usage;
    timeMs: number;
    text: string | null;
    tools: { id: string; name: string; input: unknown; output: string; isError: boolean; timeMs: number }[];
  }[];
}

export interface Session {
  index: number;
  id: string;
  user: User;
  cwd: string;
  startMs: number;
  endMs: number;
  /** False for a user who exports metrics only (OTEL_LOGS_EXPORTER unset): no log records are sent. */
  hasLogs: boolean;
  exports: Export[];
  eventCount: number;
  pointCount: number;
  apiRequests: number;
  /** Tokens of every API request, the title request included: what the telemetry reports. */
  usage: Usage;
  turns: TranscriptTurn[];
}

export interface DatasetSpec {
  name: string;
  sessions: number;
  /** Log records to aim for; turns per session are drawn so the total lands near it. */
  targetEvents: number;
  nowMs: number;
  seed: number;
}

const dayMs = 86_400_000;
export const spanMs = 30 * dayMs;
const logsIntervalMs = 5_000;
const metricsIntervalMs = 60_000;

export function users(seed: number): User[] {
  const r = rng(seed, -1);
  return Array.from({ length: 8 }, (_, index) => {
    const id = Array.from({ length: 4 }, () => uuid(r).replace(/-/g, ''))
      .join('')
      .slice(0, 64);
    const isMac = index % 3 === 0;
    return {
      index,
      id,
      email: index % 2 === 0 ? `dev${index}@example.com` : null,
      terminal: pick(r, ['xterm-256color', 'vscode', 'iTerm.app', 'tmux']),
      resource: {
        'host.arch': isMac ? 'arm64' : 'amd64',
        'os.type': isMac ? 'darwin' : 'linux',
        'os.version': isMac ? '24.6.0' : '6.8.0-79-generic',
        'service.name': 'claude-code',
        'service.version': '2.1.197',
      },
    };
  });
}

/** Session i of the dataset. Start times increase with i, so insertion order follows time as it would live. */
export function generateSession(spec: DatasetSpec, allUsers: readonly User[], index: number): Session {
  const r = rng(spec.seed, index);
  const user = allUsers[Math.floor(r() * allUsers.length)]!;
  const id = uuid(r);
  const cwd = `/home/dev/proj-${String(index).padStart(5, '0')}`;
  // Leave the last 6 hours free of session starts so every session (at most 40 turns) has ended by `now`.
  const startMs = Math.round(spec.nowMs - spanMs + ((index + r()) / spec.sessions) * (spanMs - 6 * 3_600_000));
  const isPrint = r() < 0.2;
  const mainModel = r() < 0.6 ? 'claude-sonnet-4-5-20250929' : r() < 0.6 ? 'claude-opus-4-1-20250805' : 'claude-haiku-4-5-20251001';
  const querySource = isPrint ? 'sdk' : 'repl_main_thread';
  // About 9 log records per turn and 2 for the title request; 5 % of sessions send no logs.
  const meanTurns = Math.max(1, (spec.targetEvents / spec.sessions / 0.95 - 2) / 9);
  const turnCount = Math.min(40, Math.max(1, Math.round(meanTurns * Math.exp(0.6 * gaussian(r) - 0.18))));

  const events: LogEvent[] = [];
  const metrics = new MetricWindows(startMs);
  const base: Attrs = { 'user.id': user.id, 'session.id': id, 'terminal.type': user.terminal, ...(user.email ? { 'user.email': user.email } : {}) };
  let sequence = 0;
  const emit = (timeMs: number, name: string, attributes: Attrs, promptId: string | null) => {
    events.push({
      timeMs,
      name,
      attributes: {
        ...base,
        'event.name': name,
        'event.timestamp': new Date(timeMs).toISOString(),
        'event.sequence': sequence++,
        ...(promptId ? { 'prompt.id': promptId } : {}),
        ...attributes,
      },
    });
  };
  const pointBase: Attrs = { 'user.id': user.id, 'session.id': id, 'terminal.type': user.terminal };
  metrics.add(startMs, 'claude_code.session.count', { ...pointBase, start_type: 'fresh' }, 1);

  let requestNo = 0;
  let apiRequests = 0;
  const total: Usage = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  const request = (t: number, durationMs: number, model: string, source: string, usage: Usage, promptId: string | null) => {
    requestNo += 1;
    apiRequests += 1;
    total.input += usage.input;
    total.output += usage.output;
    total.cacheRead += usage.cacheRead;
    total.cacheCreation += usage.cacheCreation;
    const price = modelPrices[model]!;
    const cost = usage.input * price.input + usage.output * price.output + usage.cacheRead * price.cacheRead + usage.cacheCreation * price.cacheCreation;
    const requestId = `req_${id.slice(0, 8)}${String(requestNo).padStart(4, '0')}`;
    const done = t + durationMs;
    emit(
      done,
      'api_request',
      {
        model,
        input_tokens: usage.input,
        output_tokens: usage.output,
        cache_read_tokens: usage.cacheRead,
        cache_creation_tokens: usage.cacheCreation,
        cost_usd: cost,
        cost_usd_micros: Math.round(cost * 1e6),
        duration_ms: durationMs,
        request_id: requestId,
        speed: 'normal',
        query_source: source,
        effort: 'high',
      },
      promptId,
    );
    const metricSource = source === 'generate_session_title' ? 'auxiliary' : 'main';
    const p: Attrs = { ...pointBase, model, query_source: metricSource, effort: 'high' };
    metrics.add(done, 'claude_code.cost.usage', p, cost);
    for (const [type, n] of [
      ['input', usage.input],
      ['output', usage.output],
      ['cacheRead', usage.cacheRead],
      ['cacheCreation', usage.cacheCreation],
    ] as const) {
      metrics.add(done, 'claude_code.token.usage', { ...p, type }, n);
    }
    metrics.add(done, 'claude_code.active_time.total', { ...pointBase, type: 'cli' }, durationMs / 1000);
    return { requestId, done };
  };

  // Session title: a small auxiliary request before the first prompt (telemetry only, not in the transcript).
  const title = request(
    startMs + 50,
    300 + Math.round(r() * 1_200),
    'claude-haiku-4-5-20251001',
    'generate_session_title',
    { input: 300 + Math.round(r() * 400), output: 8 + Math.round(r() * 12), cacheRead: 0, cacheCreation: 0 },
    null,
  );
  emit(
    title.done + 1,
    'assistant_response',
    { response_length: 14, response: 'Project work', request_id: title.requestId, model: 'claude-haiku-4-5-20251001', query_source: 'generate_session_title' },
    null,
  );

  const turns: TranscriptTurn[] = [];
  let t = startMs + 2_000;
  for (let turn = 0; turn < turnCount; turn++) {
    const promptId = uuid(r);
    const prompt = pick(r, promptTexts);
    const typingMs = 3_000 + Math.round(r() * 40_000);
    metrics.add(t, 'claude_code.active_time.total', { ...pointBase, type: 'user' }, typingMs / 1000);
    emit(t, 'user_prompt', { prompt_length: String(prompt.length), prompt }, promptId);
    const record: TranscriptTurn = { promptId, prompt, timeMs: t, requests: [] };
    turns.push(record);
    const requestCount = 1 + Math.min(7, Math.floor(-Math.log(1 - r()) * 2));
    for (let j = 0; j < requestCount; j++) {
      if (r() < 0.02) {
        const failedMs = 200 + Math.round(r() * 3000);
        emit(
          t + failedMs,
          'api_error',
          {
            model: mainModel,
            error: r() < 0.7 ? 'Overloaded' : 'Request timed out',
            status_code: r() < 0.7 ? 529 : 408,
            duration_ms: failedMs,
            attempt: 1,
            request_id: `req_err_${id.slice(0, 6)}_${turn}_${j}`,
            speed: 'normal',
            query_source: querySource,
            effort: 'high',
          },
          promptId,
        );
        t += failedMs + 1000;
      }
      const context = Math.min(150_000, 12_000 + turn * 4_000 + j * 1_500);
      const usage: Usage = {
        input: 3 + Math.round(r() * 400),
        output: 40 + Math.round(r() * 1_500),
        cacheRead: context,
        cacheCreation: 200 + Math.round(r() * 4_000),
      };
      const sent = request(t, 800 + Math.round(r() * 20_000), mainModel, querySource, usage, promptId);
      t = sent.done + 1;
      const isLast = j === requestCount - 1;
      const text = isLast ? 'Done: the change is in place and the tests pass.' : r() < 0.4 ? 'Let me look at that first.' : null;
      if (text !== null)
        emit(
          t,
          'assistant_response',
          { response_length: text.length, response: text, request_id: sent.requestId, model: mainModel, query_source: querySource },
          promptId,
        );
      const tools: TranscriptTurn['requests'][number]['tools'] = [];
      if (!isLast) {
        const toolCount = 1 + Math.floor(r() * r() * 3);
        for (let k = 0; k < toolCount; k++) t = toolUse(r, t, `toolu_${id.slice(0, 6)}${requestNo}_${k}`, cwd, emit, metrics, pointBase, promptId, tools);
      }
      record.requests.push({ requestId: sent.requestId, messageId: `msg_${sent.requestId.slice(4)}`, model: mainModel, usage, timeMs: sent.done, text, tools });
    }
    t += 20_000 + Math.round(r() * 600_000);
  }
  const endMs = t - 20_000;
  const exports = [...batchLogs(events), ...metrics.exports(endMs + 500)].sort((a, b) => a.atMs - b.atMs);
  const hasLogs = r() >= 0.05;
  const sent = hasLogs ? exports : exports.filter((e) => e.signal === 'metrics');
  return {
    index,
    id,
    user,
    cwd,
    startMs,
    endMs,
    hasLogs,
    exports: sent,
    eventCount: hasLogs ? events.length : 0,
    pointCount: sent.reduce((n, e) => n + (e.signal === 'metrics' ? e.points.length : 0), 0),
    apiRequests,
    usage: total,
    turns,
  };
}

type Emit = (timeMs: number, name: string, attributes: Attrs, promptId: string | null) => void;

function toolUse(
  r: Rng,
  t: number,
  toolUseId: string,
  cwd: string,
  emit: Emit,
  metrics: MetricWindows,
  pointBase: Attrs,
  promptId: string,
  out: TranscriptTurn['requests'][number]['tools'],
): number {
  const kind: ToolKind = pick(r, toolKinds);
  const input = kind.input(r, cwd);
  const isReject = r() < 0.03;
  const command = kind.name === 'Bash' ? (input as { command: string }).command : null;
  const parameters: Attrs =
    command === null ? {} : { tool_parameters: JSON.stringify({ bash_command: command.split(' ')[0], full_command: command, description: 'Run it' }) };
  emit(
    t + 5,
    'tool_decision',
    {
      decision: isReject ? 'reject' : 'accept',
      source: isReject ? 'user_reject' : r() < 0.7 ? 'config' : 'user_temporary',
      tool_name: kind.name,
      tool_use_id: toolUseId,
      ...parameters,
    },
    promptId,
  );
  const isEdit = kind.name === 'Edit' || kind.name === 'Write';
  if (isEdit)
    metrics.add(
      t + 5,
      'claude_code.code_edit_tool.decision',
      { ...pointBase, decision: isReject ? 'reject' : 'accept', source: 'config', tool_name: kind.name, language: 'TypeScript' },
      1,
    );
  if (isReject) {
    // The transcript keeps the tool_use block; its result says the user declined.
    out.push({ id: toolUseId, name: kind.name, input, output: "The user doesn't want to proceed with this tool use.", isError: true, timeMs: t + 2_000 });
    return t + 2_000;
  }
  const durationMs = 20 + Math.round(r() * (kind.name === 'Bash' ? 20_000 : 400));
  const isError = r() < 0.06;
  const inputJson = JSON.stringify(input);
  const output = isError ? 'Exit code 1\nnpm ERR! Test failed. See above for more details.' : kind.output(r);
  const done = t + 10 + durationMs;
  emit(
    done,
    'tool_result',
    {
      tool_name: kind.name,
      tool_use_id: toolUseId,
      success: isError ? 'false' : 'true',
      duration_ms: String(durationMs),
      ...(isError ? { error_type: 'tool_error', error: output } : {}),
      ...parameters,
      tool_input: inputJson,
      tool_input_size_bytes: String(inputJson.length),
      tool_result_size_bytes: String(output.length),
    },
    promptId,
  );
  metrics.add(done, 'claude_code.active_time.total', { ...pointBase, type: 'cli' }, durationMs / 1000);
  if (isEdit && !isError) {
    metrics.add(done, 'claude_code.lines_of_code.count', { ...pointBase, type: 'added', model: 'claude-sonnet-4-5-20250929' }, 1 + Math.floor(r() * 40));
    metrics.add(done, 'claude_code.lines_of_code.count', { ...pointBase, type: 'removed', model: 'claude-sonnet-4-5-20250929' }, Math.floor(r() * 15));
  }
  out.push({ id: toolUseId, name: kind.name, input, output, isError, timeMs: done });
  return done + 1;
}

/** BatchLogRecordProcessor: the first record starts a 5 s timer; everything queued by then is one request (at most 512). */
function batchLogs(events: readonly LogEvent[]): Export[] {
  const out: Export[] = [];
  let current: LogEvent[] = [];
  let dueMs = 0;
  for (const e of events) {
    if (current.length > 0 && (e.timeMs >= dueMs || current.length === 512)) {
      out.push({ atMs: dueMs, signal: 'logs', events: current });
      current = [];
    }
    if (current.length === 0) dueMs = e.timeMs + logsIntervalMs;
    current.push(e);
  }
  if (current.length > 0) out.push({ atMs: dueMs, signal: 'logs', events: current });
  return out;
}

/** Delta temporality: each 60 s collection exports the series recorded in it, summed, and nothing else. */
class MetricWindows {
  private readonly windows = new Map<number, Map<string, MetricPoint>>();
  constructor(private readonly startMs: number) {}

  add(timeMs: number, metric: MetricName, attributes: Attrs, value: number): void {
    const w = Math.floor((timeMs - this.startMs) / metricsIntervalMs) + 1;
    let series = this.windows.get(w);
    if (series === undefined) this.windows.set(w, (series = new Map()));
    const key = `${metric}|${JSON.stringify(attributes)}`;
    const point = series.get(key);
    if (point === undefined)
      series.set(key, { metric, startMs: this.startMs + (w - 1) * metricsIntervalMs, endMs: this.startMs + w * metricsIntervalMs, value, attributes });
    else point.value += value;
  }

  /** The final collection happens at shutdown, not on the minute. */
  exports(shutdownMs: number): Export[] {
    const last = Math.max(...this.windows.keys());
    return [...this.windows].map(([w, series]) => {
      const atMs = w === last ? Math.min(shutdownMs, this.startMs + w * metricsIntervalMs) : this.startMs + w * metricsIntervalMs;
      return { atMs, signal: 'metrics' as const, points: [...series.values()].map((p) => ({ ...p, endMs: atMs })) };
    });
  }
}

function gaussian(r: Rng): number {
  return Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
}
