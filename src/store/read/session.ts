import { statement, type Db } from '../open.js';
import { sessionAggregate } from './session-aggregates.js';
import type { SessionDetail, TimelineEvent, Turn } from './types.js';

/** Session ids that start with `prefix` (at most `limit`), for resolving a short id. */
export function sessionIdsWithPrefix(db: Db, prefix: string, limit = 10): string[] {
  // A range on the indexed column instead of LIKE, so `_` and `%` in the input mean themselves.
  const upper = `${prefix}\u{10ffff}`;
  return statement(db, `
    SELECT session_id FROM (
      SELECT DISTINCT session_id FROM events WHERE session_id >= @prefix AND session_id < @upper
      UNION
      SELECT DISTINCT session_id FROM metric_series WHERE session_id >= @prefix AND session_id < @upper
    ) ORDER BY session_id LIMIT @limit`)
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

const redacted = '<REDACTED>';

export const timelineSql = `
  SELECT name, time_ms AS timeMs, sequence, prompt_id AS promptId, raw_json AS rawJson
  FROM events WHERE session_id = ?
  ORDER BY sequence IS NULL, sequence, time_ms, id`;

/** One session: metadata, stats and its turns (events grouped by prompt.id, in sequence order). */
export function session(db: Db, sessionId: string, nowMs = Date.now()): SessionDetail | null {
  const metadata = sessionAggregate(db, sessionId, nowMs);
  if (metadata === null) return null;
  const records = statement(db, timelineSql).all(sessionId) as EventRecord[];
  const turns: Turn[] = [];
  const byPrompt = new Map<string | null, Turn>();
  let current: Turn | undefined;
  for (const record of records) {
    const raw = JSON.parse(record.rawJson) as Record<string, unknown>;
    const attributes = (raw['attributes'] ?? {}) as Record<string, unknown>;
    const event: TimelineEvent = {
      name: record.name,
      time: new Date(record.timeMs).toISOString(),
      sequence: record.sequence,
      attributes,
      raw,
    };
    // Events outside any prompt join the turn they fall in, or open a prompt-less turn of their own.
    let turn = record.promptId === null ? current : byPrompt.get(record.promptId);
    if (turn === undefined) {
      turn = { promptId: record.promptId, prompt: null, startTime: event.time, events: [] };
      turns.push(turn);
      if (record.promptId !== null) byPrompt.set(record.promptId, turn);
    }
    if (record.name === 'user_prompt') {
      const prompt = attributes['prompt'];
      turn.prompt = typeof prompt === 'string' && prompt !== redacted ? prompt : null;
    }
    turn.events.push(event);
    current = turn;
  }
  return { session: metadata, turns };
}
