// One line of a Claude Code transcript (~/.claude/projects/<dir>/<session>.jsonl) → what we keep of
// it: where the session ran, and the API request an assistant message came from. Everything else in
// a transcript (prompt text, tool output) stays in the transcript.

export interface TranscriptRequest {
  requestId: string;
  model: string | null;
  timeMs: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  cacheCreationTokens: number;
  /** A subagent's message (Task tool); telemetry reports those with their own query_source. */
  isSidechain: boolean;
  /** Claude Code's own placeholder for a failed call (model `<synthetic>`, zero usage): nothing was billed. */
  isSynthetic: boolean;
}

export interface TranscriptLine {
  sessionId: string;
  timeMs: number | null;
  cwd: string | null;
  gitBranch: string | null;
  request: TranscriptRequest | null;
}

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? v : 0;
}

function request(line: Json, timeMs: number | null): TranscriptRequest | null {
  if (line['type'] !== 'assistant' || timeMs === null) return null;
  const requestId = str(line['requestId']);
  const message = line['message'];
  if (requestId === null || !isObject(message)) return null;
  const usage = isObject(message['usage']) ? message['usage'] : {};
  const model = str(message['model']);
  return {
    requestId,
    model,
    timeMs,
    inputTokens: count(usage['input_tokens']),
    outputTokens: count(usage['output_tokens']),
    cacheReadTokens: count(usage['cache_read_input_tokens']),
    cacheCreationTokens: count(usage['cache_creation_input_tokens']),
    isSidechain: line['isSidechain'] === true,
    isSynthetic: model === '<synthetic>',
  };
}

/**
 * null for a line that is not JSON, not an object, or names no session (a summary line, say): those
 * carry nothing we keep. `fallbackSessionId` is the file's name, for lines that omit sessionId.
 */
export function transcriptLine(text: string, fallbackSessionId: string | null): TranscriptLine | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(parsed)) return null;
  const sessionId = str(parsed['sessionId']) ?? fallbackSessionId;
  if (sessionId === null) return null;
  const time = str(parsed['timestamp']);
  const parsedMs = time === null ? NaN : Date.parse(time);
  const timeMs = Number.isFinite(parsedMs) ? parsedMs : null;
  return {
    sessionId,
    timeMs,
    cwd: str(parsed['cwd']),
    gitBranch: str(parsed['gitBranch']),
    request: request(parsed, timeMs),
  };
}
