// Every OTLP log record becomes one event row: typed columns for what views need, and the whole
// record (with its resource and scope) as raw JSON for the timeline.
import type { Attributes, LogRecord, LogsRequest, Resource, Scope } from '../otlp/types.js';
import { flag, integer, numeric, projectLabel, text } from './attributes.js';
import { eventKey } from './keys.js';
import { nanosToMs } from './time.js';

export interface EventRow {
  dedupKey: string;
  sessionId: string | null;
  promptId: string | null;
  name: string;
  timeMs: number;
  sequence: number | null;
  userId: string | null;
  userEmail: string | null;
  model: string | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  costUsd: number | null;
  durationMs: number | null;
  toolName: string | null;
  isSuccess: boolean | null;
  decision: string | null;
  decisionSource: string | null;
  error: string | null;
  statusCode: number | null;
  requestId: string | null;
  querySource: string | null;
  agentName: string | null;
  terminalType: string | null;
  appVersion: string | null;
  osType: string | null;
  osVersion: string | null;
  /** The user's own project attribute, if any (see projectLabel). */
  project: string | null;
  rawJson: string;
}

const claudePrefix = 'claude_code.';

/** Body `claude_code.<name>` first, then the `event.name` attribute, then the OTLP event_name field. */
export function eventName(record: LogRecord): string {
  if (typeof record.body === 'string' && record.body.startsWith(claudePrefix)) return record.body.slice(claudePrefix.length);
  const attr = text(record.attributes, 'event.name');
  if (attr !== null) return attr.startsWith(claudePrefix) ? attr.slice(claudePrefix.length) : attr;
  if (record.eventName !== '') return record.eventName.startsWith(claudePrefix) ? record.eventName.slice(claudePrefix.length) : record.eventName;
  return 'log';
}

function eventTimeMs(record: LogRecord, receivedMs: number): number {
  if (record.timeUnixNano !== '0') return nanosToMs(record.timeUnixNano);
  const iso = text(record.attributes, 'event.timestamp');
  const parsed = iso === null ? Number.NaN : Date.parse(iso);
  if (Number.isFinite(parsed)) return parsed;
  if (record.observedTimeUnixNano !== '0') return nanosToMs(record.observedTimeUnixNano);
  return receivedMs;
}

function errorText(name: string, a: Attributes): string | null {
  if (name === 'tool_result') {
    // success=false with no error text still is an error; error_type names its class.
    return text(a, 'error', 'error_type');
  }
  return text(a, 'error');
}

export function eventRow(record: LogRecord, resource: Resource, scope: Scope, receivedMs: number): EventRow {
  const a = record.attributes;
  const r = resource.attributes;
  const name = eventName(record);
  const sessionId = text(a, 'session.id') ?? text(r, 'session.id');
  const sequence = integer(a, 'event.sequence');
  const requestId = text(a, 'request_id');
  const costUsd = numeric(a, 'cost_usd') ?? micros(numeric(a, 'cost_usd_micros'));
  const raw = {
    timeUnixNano: record.timeUnixNano,
    observedTimeUnixNano: record.observedTimeUnixNano,
    ...(record.severityNumber !== 0 ? { severityNumber: record.severityNumber } : {}),
    ...(record.severityText !== '' ? { severityText: record.severityText } : {}),
    body: record.body,
    ...(record.eventName !== '' ? { eventName: record.eventName } : {}),
    ...(record.traceId !== '' ? { traceId: record.traceId, spanId: record.spanId } : {}),
    attributes: a,
    resource: r,
    scope: { name: scope.name, version: scope.version },
  };
  return {
    dedupKey: eventKey({ name, sessionId, sequence, requestId }, raw),
    sessionId,
    promptId: text(a, 'prompt.id'),
    name,
    timeMs: eventTimeMs(record, receivedMs),
    sequence,
    userId: text(a, 'user.id') ?? text(r, 'user.id'),
    userEmail: text(a, 'user.email') ?? text(r, 'user.email'),
    model: text(a, 'model'),
    inputTokens: integer(a, 'input_tokens'),
    outputTokens: integer(a, 'output_tokens'),
    cacheReadTokens: integer(a, 'cache_read_tokens'),
    cacheCreationTokens: integer(a, 'cache_creation_tokens'),
    costUsd,
    durationMs: numeric(a, 'duration_ms'),
    // Before mid-2025 tool_result called the tool `name`.
    toolName: text(a, 'tool_name', ...(name === 'tool_result' || name === 'tool_decision' ? ['name'] : [])),
    isSuccess: flag(a, 'success'),
    decision: text(a, 'decision', 'decision_type'),
    decisionSource: text(a, 'source', 'decision_source'),
    error: errorText(name, a),
    statusCode: integer(a, 'status_code'),
    requestId,
    querySource: text(a, 'query_source'),
    agentName: text(a, 'agent.name'),
    terminalType: text(a, 'terminal.type'),
    appVersion: text(a, 'app.version') ?? text(r, 'service.version'),
    osType: text(r, 'os.type'),
    osVersion: text(r, 'os.version'),
    project: projectLabel(a, r),
    rawJson: JSON.stringify(raw),
  };
}

function micros(value: number | null): number | null {
  return value === null ? null : value / 1_000_000;
}

export function eventRows(request: LogsRequest, receivedMs: number): EventRow[] {
  const rows: EventRow[] = [];
  for (const rl of request.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      for (const record of sl.logRecords) rows.push(eventRow(record, rl.resource, sl.scope, receivedMs));
    }
  }
  return rows;
}
