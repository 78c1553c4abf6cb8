import { claudeCodeEvent } from '../../vocabulary/events.js';
import { statement, type Db } from '../open.js';
import { sessionAggregate } from './session-aggregates.js';
import { cacheWritesOf, subagentsOf } from './subagents.js';
import { joinSpansToTurns } from './span-turns.js';
import { sessionSpans } from './spans.js';
import { reportsHooks, timeFigures } from './time.js';
import type { SessionDetail, TimelineEvent, Turn } from './types.js';

type TurnOfEvents = Omit<Turn, 'spans' | 'time'>;

/** Session ids that start with `prefix` (at most `limit`), for resolving a short id. */
export function sessionIdsWithPrefix(db: Db, prefix: string, limit = 10): string[] {
  // A range on the indexed column instead of LIKE, so `_` and `%` in the input mean themselves.
  const upper = `${prefix}\u{10ffff}`;
  return statement(
    db,
    `
    SELECT session_id FROM (
      SELECT DISTINCT session_id FROM events WHERE session_id >= @prefix AND session_id < @upper
      UNION
      SELECT DISTINCT session_id FROM metric_series WHERE session_id >= @prefix AND session_id < @upper
    ) ORDER BY session_id LIMIT @limit`,
  )
    .pluck()
    .all({ prefix, upper, limit }) as string[];
}

interface EventRecord {
  name: string;
  timeMs: number;
  sequence: number | null;
  promptId: string | null;
  rawJson: string;
}

export const timelineSql = `
  SELECT name, time_ms AS timeMs, sequence, prompt_id AS promptId, raw_json AS rawJson
  FROM events WHERE session_id = ?
  ORDER BY sequence IS NULL, sequence, time_ms, id`;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The stored record and the typed event read from its attributes. Typed fields are derived here, at
 * read time, through the same vocabulary as the stored columns: a database written by an older
 * version reads as well as a new one, and a reading learnt later (an alias, an event type) applies
 * to events already stored.
 */
function timelineEvent(record: EventRecord): TimelineEvent {
  const parsed: unknown = JSON.parse(record.rawJson);
  const raw = isObject(parsed) ? parsed : {};
  const attributes = isObject(raw['attributes']) ? raw['attributes'] : {};
  return { name: record.name, time: new Date(record.timeMs).toISOString(), sequence: record.sequence, raw, ...claudeCodeEvent(record.name, attributes) };
}

/**
 * One session: metadata, stats, its turns (events grouped by prompt.id, in sequence order), its
 * subagents and its cache writes by lifetime, its spans joined to the turns (span-turns.ts), and
 * where the time went, per turn and in all.
 */
export function session(db: Db, sessionId: string, nowMs = Date.now()): SessionDetail | null {
  const metadata = sessionAggregate(db, sessionId, nowMs);
  if (metadata === null) return null;
  const records = statement(db, timelineSql).all(sessionId) as EventRecord[];
  const turns: TurnOfEvents[] = [];
  const byPrompt = new Map<string | null, TurnOfEvents>();
  let current: TurnOfEvents | undefined;
  for (const record of records) {
    const event = timelineEvent(record);
    // Events outside any prompt join the turn they fall in, or open a prompt-less turn of their own.
    let turn = record.promptId === null ? current : byPrompt.get(record.promptId);
    if (turn === undefined) {
      turn = { promptId: record.promptId, prompt: null, agentResult: null, startTime: event.time, events: [] };
      turns.push(turn);
      if (record.promptId !== null) byPrompt.set(record.promptId, turn);
    }
    if (event.kind === 'user_prompt' && event.agentResult !== null) turn.agentResult = event.agentResult;
    else if (event.kind === 'user_prompt') turn.prompt = event.prompt;
    turn.events.push(event);
    current = turn;
  }
  const joined = joinSpansToTurns(sessionSpans(db, sessionId), turns);
  const events = turns.flatMap((t) => t.events);
  const hasHooks = reportsHooks(events);
  return {
    session: metadata,
    turns: joined.turns.map((t) => ({ ...t, time: timeFigures(t.events, t.spans, hasHooks) })),
    subagents: subagentsOf(events),
    cacheWrites: cacheWritesOf(events),
    spans: joined.spans,
    time: timeFigures(events, joined.spans, hasHooks),
  };
}
