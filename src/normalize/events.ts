// Every OTLP log record becomes one event row: typed columns for what views need, and the whole
// record (with its resource and scope) as raw JSON for the timeline.
import type { LogRecord, LogsRequest, Resource, Scope } from '../otlp/types.js';
import { attribute, projectLabel } from '../vocabulary/attributes.js';
import { claudeCodeEvent, eventNamePrefix } from '../vocabulary/events.js';
import { commitOf, type CommitRef } from '../vocabulary/tool-parameters.js';
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
  /** The commit a `git commit` tool_result reports (stored beside the event, see store/write-commits.ts). */
  commit: CommitRef | null;
  rawJson: string;
}

const withoutPrefix = (name: string): string => (name.startsWith(eventNamePrefix) ? name.slice(eventNamePrefix.length) : name);

/** Body `claude_code.<name>` first, then the `event.name` attribute, then the OTLP event_name field. */
export function eventName(record: LogRecord): string {
  if (typeof record.body === 'string' && record.body.startsWith(eventNamePrefix)) return withoutPrefix(record.body);
  const attr = attribute.eventName(record.attributes);
  if (attr !== null) return withoutPrefix(attr);
  if (record.eventName !== '') return withoutPrefix(record.eventName);
  return 'log';
}

function eventTimeMs(record: LogRecord, receivedMs: number): number {
  if (record.timeUnixNano !== '0') return nanosToMs(record.timeUnixNano);
  const iso = attribute.eventTimestamp(record.attributes);
  const parsed = iso === null ? Number.NaN : Date.parse(iso);
  if (Number.isFinite(parsed)) return parsed;
  if (record.observedTimeUnixNano !== '0') return nanosToMs(record.observedTimeUnixNano);
  return receivedMs;
}

export function eventRow(record: LogRecord, resource: Resource, scope: Scope, receivedMs: number): EventRow {
  const a = record.attributes;
  const r = resource.attributes;
  const name = eventName(record);
  const sessionId = attribute.sessionId(a) ?? attribute.sessionId(r);
  const sequence = attribute.eventSequence(a);
  const requestId = attribute.requestId(a);
  // Where an event type reads a column's attribute its own way (tool events: older names, the
  // error class), its catalogue entry decides; every other event reads the attribute as such.
  const typed = claudeCodeEvent(name, a);
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
    promptId: attribute.promptId(a),
    name,
    timeMs: eventTimeMs(record, receivedMs),
    sequence,
    userId: attribute.userId(a) ?? attribute.userId(r),
    userEmail: attribute.userEmail(a) ?? attribute.userEmail(r),
    model: attribute.model(a),
    inputTokens: attribute.inputTokens(a),
    outputTokens: attribute.outputTokens(a),
    cacheReadTokens: attribute.cacheReadTokens(a),
    cacheCreationTokens: attribute.cacheCreationTokens(a),
    costUsd: attribute.costUsd(a),
    durationMs: attribute.durationMs(a),
    toolName: 'toolName' in typed ? typed.toolName : attribute.toolName(a),
    isSuccess: attribute.isSuccess(a),
    decision: attribute.decision(a),
    decisionSource: attribute.decisionSource(a),
    error: 'error' in typed ? typed.error : attribute.error(a),
    statusCode: attribute.statusCode(a),
    requestId,
    querySource: attribute.querySource(a),
    agentName: attribute.agentName(a),
    terminalType: attribute.terminalType(a),
    appVersion: attribute.appVersion(a) ?? attribute.serviceVersion(r),
    osType: attribute.osType(r),
    osVersion: attribute.osVersion(r),
    project: projectLabel(a, r),
    commit: commitOf(name, a),
    rawJson: JSON.stringify(raw),
  };
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
