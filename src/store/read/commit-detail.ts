// What produced a commit: its session, the prompts a person typed in its interval, and the turns of
// that interval (the session's timeline cut to the events after the previous commit, up to this one).
import type { Db } from '../open.js';
import { commit, type CommitRow } from './commits.js';
import { session } from './session.js';
import type { SessionDetail, Turn } from './types.js';

export interface CommitPrompt {
  promptId: string | null;
  time: string;
  /** null when redacted or not sent. */
  prompt: string | null;
}

export interface CommitDetail {
  commit: CommitRow;
  /** The session, its turns cut to the commit's interval; null when it has no stored figures. */
  session: SessionDetail | null;
  prompts: CommitPrompt[];
}

export function commitDetail(db: Db, commitId: string, nowMs = Date.now()): CommitDetail | null {
  const row = commit(db, commitId);
  if (row === null) return null;
  const detail = session(db, row.sessionId, nowMs);
  const fromMs = row.sinceTime === null ? Number.NEGATIVE_INFINITY : Date.parse(row.sinceTime);
  const toMs = Date.parse(row.time);
  const turns: Turn[] = [];
  for (const turn of detail?.turns ?? []) {
    const events = turn.events.filter((e) => {
      const t = Date.parse(e.time);
      return t > fromMs && t <= toMs;
    });
    if (events.length > 0) turns.push({ ...turn, events });
  }
  const prompts = turns.flatMap((t) =>
    t.events.flatMap((e) => (e.kind === 'user_prompt' && e.agentResult === null ? [{ promptId: t.promptId, time: e.time, prompt: e.prompt }] : [])),
  );
  return { commit: row, session: detail === null ? null : { ...detail, turns }, prompts };
}
