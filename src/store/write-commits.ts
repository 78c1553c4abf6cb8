// The commits tool_result events report, written in the events' transaction. The commit id is the
// natural key: a retried request, or the same commit reported again, adds nothing; a report earlier
// than the stored one (a late delivery of the first) replaces it, so the row does not depend on the
// order requests arrive in (migration 012 keeps the earliest too).
import type { CommitRef } from '../vocabulary/tool-parameters.js';
import type { Db } from './open.js';

export interface CommitWriter {
  record(sessionId: string | null, timeMs: number, commit: CommitRef | null): void;
}

export function createCommitWriter(db: Db): CommitWriter {
  const upsert = db.prepare(`
    INSERT INTO commits (commit_id, session_id, branch, time_ms, command)
    VALUES (@commitId, @sessionId, @branch, @timeMs, @command)
    ON CONFLICT (commit_id) DO UPDATE SET
      session_id = excluded.session_id, branch = excluded.branch, time_ms = excluded.time_ms, command = excluded.command
    WHERE excluded.time_ms < commits.time_ms`);
  return {
    record(sessionId, timeMs, commit) {
      // A commit with no session cannot be given a cost (see store/read/commits.ts).
      if (commit === null || sessionId === null) return;
      upsert.run({ ...commit, sessionId, timeMs });
    },
  };
}
