import { toRow } from '../../store/read/sessions.js';
import type { SessionDetail, SessionRow, SessionSpan, TimeFigures, TimelineEvent, Turn } from '../../store/read/types.js';

/**
 * An event as `session --json` prints it: name, time and sequence; the attributes as sent and the
 * whole record (`raw`); then `kind` (the event type, or "unknown") and its typed fields, or for an
 * unknown type its `keyAttributes`.
 */
export type SessionEventJson = TimelineEvent & { attributes: Record<string, unknown> };

/** A span as `session --json` prints it: the fields other tools read first, then the rest. */
export type SessionSpanJson = Pick<
  SessionSpan,
  'spanId' | 'parentSpanId' | 'name' | 'type' | 'startMs' | 'durationMs' | 'requestId' | 'toolUseId' | 'agentId' | 'ttftMs' | 'attempt' | 'success'
> &
  Omit<
    SessionSpan,
    'spanId' | 'parentSpanId' | 'name' | 'type' | 'startMs' | 'durationMs' | 'requestId' | 'toolUseId' | 'agentId' | 'ttftMs' | 'attempt' | 'success'
  >;

export interface SessionJson {
  session: SessionRow & Pick<SessionDetail['session'], 'appVersion' | 'terminalType' | 'os'> & Pick<SessionDetail, 'cacheWrites'>;
  /** Where the session's time went (see TimeFigures). */
  time: TimeFigures;
  /** Each turn with its own time; its spans are in `spans`, by `promptId`. */
  turns: (Omit<Turn, 'events' | 'spans'> & { events: SessionEventJson[] })[];
  subagents: SessionDetail['subagents'];
  spans: SessionSpanJson[];
}

function spanJson(s: SessionSpan): SessionSpanJson {
  const { spanId, parentSpanId, name, type, startMs, durationMs, requestId, toolUseId, agentId, ttftMs, attempt, success, ...rest } = s;
  return { spanId, parentSpanId, name, type, startMs, durationMs, requestId, toolUseId, agentId, ttftMs, attempt, success, ...rest };
}

function eventJson(event: TimelineEvent): SessionEventJson {
  const attributes = event.raw['attributes'];
  const asSent = typeof attributes === 'object' && attributes !== null && !Array.isArray(attributes) ? (attributes as Record<string, unknown>) : {};
  // Keys in the order the JSON had before typed fields: what every event has, then what its type adds.
  return Object.assign({ name: event.name, time: event.time, sequence: event.sequence, attributes: asSent }, event);
}

/** One session and its timeline: what `session --json` prints and what `e` writes from the session view. */
export function sessionJson(detail: SessionDetail): SessionJson {
  const { appVersion, terminalType, os } = detail.session;
  return {
    session: { ...toRow(detail.session), appVersion, terminalType, os, cacheWrites: detail.cacheWrites },
    time: detail.time,
    turns: detail.turns.map(({ spans: _spans, ...turn }) => ({ ...turn, events: turn.events.map(eventJson) })),
    subagents: detail.subagents,
    spans: detail.spans.map(spanJson),
  };
}
