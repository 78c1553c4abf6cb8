// Commits Claude Code made, from its real 2.1.332 capture through the real receiver: the stored row,
// what it cost by the rule (the session's requests since its previous commit, or its start, up to
// the commit), idempotence, the migration's backfill, and cost by branch.
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { commits as commitsMigration } from '../src/store/migrations/012-commits.js';
import { openDatabase } from '../src/store/open.js';
import { prune } from '../src/store/prune.js';
import { branchCosts } from '../src/store/read/branches.js';
import { commitDetail } from '../src/store/read/commit-detail.js';
import { commitCosts, commits } from '../src/store/read/commits.js';
import { sessions } from '../src/store/read/sessions.js';
import { scanTranscripts } from '../src/transcripts/scan-transcripts.js';
import {
  capturedRequestCosts,
  commitNowMs,
  commitSessionId,
  deliverCommitCapture,
  deliverSyntheticCommit,
  realCommit,
  scanCommitTranscript,
} from './helpers/commit-capture.js';
import { captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';
import { sessionIdOf, writeTranscript } from './helpers/transcripts.js';

let store: TempReceiver | undefined;
afterEach(async () => {
  await store?.stop();
  store = undefined;
});

async function withCapture(): Promise<TempReceiver> {
  store = await tempReceiver();
  await deliverCommitCapture(store);
  return store;
}

const storedCommits = (s: TempReceiver) => s.db.prepare('SELECT * FROM commits ORDER BY time_ms').all();
const micros = (usd: number | null) => (usd === null ? null : Math.round(usd * 1_000_000));
/** The capture's requests up to `toMs` and after `fromMs`, in micro-dollars, as Claude Code sent them. */
const capturedMicros = (fromMs: number, toMs: number) =>
  capturedRequestCosts()
    .filter((r) => r.timeMs > fromMs && r.timeMs <= toMs)
    .reduce((n, r) => n + r.costMicros, 0);

describe('commits from the real capture', () => {
  it('stores the commit the tool_result reports: id, branch, session, time, command', async () => {
    const s = await withCapture();
    expect(storedCommits(s)).toEqual([
      { commit_id: realCommit.commitId, session_id: commitSessionId, branch: realCommit.branch, time_ms: realCommit.timeMs, command: realCommit.command },
    ]);
  });

  it('costs what the session requested up to the commit: its first three requests, not the answer after it', async () => {
    const s = await withCapture();
    const [row] = commits(s.db);
    const expected = capturedMicros(-Infinity, realCommit.timeMs);
    expect(expected).toBe(5948 + 6396 + 6844);
    expect(micros(row!.costUsd)).toBe(expected);
    // And exactly what the stored events of the session add up to over the same interval.
    const stored = s.db
      .prepare("SELECT TOTAL(cost_usd) FROM events WHERE name = 'api_request' AND session_id = ? AND time_ms <= ?")
      .pluck()
      .get(commitSessionId, realCommit.timeMs);
    expect(row!.costUsd).toBe(stored);
    expect(row).toMatchObject({
      commitId: realCommit.commitId,
      shortId: '64c0e33',
      branch: realCommit.branch,
      sessionId: commitSessionId,
      time: '2026-11-29T23:53:24.994Z',
      sinceTime: null,
      message: 'Add hello.py',
      unpricedRequests: 0,
      apiRequests: 3,
      tokens: { input: 1007 + 1014 + 1021, output: 51 + 52 + 53, cacheRead: 12000, cacheCreation: 300, total: 3042 + 156 },
      prompts: 1,
      lines: { added: 2, removed: 0 },
    });
  });

  it('changes nothing when every request arrives a second time', async () => {
    const s = await withCapture();
    const [rows, table] = [commits(s.db), storedCommits(s)];
    await deliverCommitCapture(s);
    expect(storedCommits(s)).toEqual(table);
    expect(commits(s.db)).toEqual(rows);
  });

  it('backfills the commits of events stored before migration 12, as the live write stores them', async () => {
    const s = await withCapture();
    const live = storedCommits(s);
    const file = path.join(s.dir, 'before-commits.db');
    await s.db.backup(file);
    // The events as a database from before the migration holds them, then the migration's own SQL.
    const old = new Database(file);
    old.exec('DROP TABLE commits');
    old.transaction(() => commitsMigration.up(old)).immediate();
    old.close();
    const upgraded = openDatabase(file);
    expect(upgraded.prepare('SELECT * FROM commits ORDER BY time_ms').all()).toEqual(live);
    expect(commits(upgraded)).toEqual(commits(s.db));
    upgraded.close();
  });

  it('names the project and branch from the transcript, and keeps the uncommitted answer on the branch as not committed', async () => {
    const s = await withCapture();
    await scanCommitTranscript(s.db, s.dir, path.join(s.dir, 'work', 'lab-app'));
    expect(commits(s.db, { project: 'lab-app', branch: realCommit.branch }).map((c) => c.project)).toEqual(['lab-app']);
    expect(commits(s.db, { project: 'other' })).toEqual([]);
    expect(commits(s.db, { branch: 'main' })).toEqual([]);
    const [branch, ...others] = branchCosts(s.db);
    expect(others).toEqual([]);
    expect(branch).toMatchObject({ branch: realCommit.branch, commits: 1, sessions: 1, apiRequests: 4, unpricedParts: 0 });
    expect([micros(branch!.committedUsd), micros(branch!.notCommittedUsd)]).toEqual([
      capturedMicros(-Infinity, realCommit.timeMs),
      capturedMicros(realCommit.timeMs, Infinity),
    ]);
    expect(branch!.costUsd).toBeCloseTo(branch!.committedUsd + branch!.notCommittedUsd, 15);
  });

  it('keeps a session without commits whole on its transcript branch, as not committed', async () => {
    const s = await withCapture();
    for (const r of capturedRequests('json-delta-edit')) await post(`${s.receiver.url}${r.path}`, r.body, r.headers);
    const other = sessionIdOf('json-delta-edit');
    expect(
      branchCosts(s.db)
        .map((b) => b.branch)
        .sort(),
    ).toEqual([realCommit.branch, null]);
    // Its transcript says where it ran: detached HEAD.
    writeTranscript(path.join(s.dir, 'claude'), 'json-delta-edit');
    await scanTranscripts(s.db, [path.join(s.dir, 'claude', 'projects')], { nowMs: () => commitNowMs });
    const head = branchCosts(s.db).find((b) => b.branch !== realCommit.branch);
    const whole = sessions(s.db, { nowMs: commitNowMs }).find((r) => r.sessionId === other)!;
    expect(head).toMatchObject({ branch: 'HEAD', commits: 0, committedUsd: 0, sessions: 1, apiRequests: whole.apiRequests, tokens: whole.tokens });
    expect(head!.notCommittedUsd).toBe(whole.costUsd);
  });

  it('gives the dashboard the median and total of the range’s commits', async () => {
    const s = await withCapture();
    expect(commitCosts(s.db, { sinceMs: realCommit.timeMs + 1 })).toEqual({ commits: 0, totalUsd: 0, medianUsd: null, unpricedCommits: 0 });
    const all = commitCosts(s.db);
    expect([all.commits, micros(all.totalUsd), micros(all.medianUsd), all.unpricedCommits]).toEqual([1, 19188, 19188, 0]);
  });

  it('says what produced the commit: its session, the prompt typed, and the turn up to the commit', async () => {
    const s = await withCapture();
    const detail = commitDetail(s.db, realCommit.commitId, commitNowMs)!;
    expect(detail.session?.session.sessionId).toBe(commitSessionId);
    expect(detail.prompts).toEqual([{ promptId: '356a75a9-49fe-426d-ac0d-53dcf893b6cc', time: '2026-11-29T23:53:24.181Z', prompt: 'commit hello.py' }]);
    const events = detail.session!.turns.flatMap((t) => t.events);
    expect(events.at(-1)).toMatchObject({ kind: 'tool_result', commitId: realCommit.commitId, gitBranch: realCommit.branch });
    expect(events.filter((e) => e.kind === 'api_request').length).toBe(3);
    expect(events.some((e) => e.kind === 'assistant_response')).toBe(false);
  });
});

describe('a second commit in the session (SYNTHETIC: an edited copy of the real commit record)', () => {
  const first = { commitId: 'aaaaaaa1111111111111111111111111111111aa', sequence: 1001 };

  it('splits the session at each commit: the earlier one takes the first request and the prompt', async () => {
    const s = await withCapture();
    // Between req_lab_1 (…24.577Z) and req_lab_2 (…24.804Z), before the lines point (…24.690Z to …24.818Z).
    const timeMs = Date.parse('2026-11-29T23:53:24.600Z');
    await deliverSyntheticCommit(s, { ...first, timeMs });
    const [later, earlier] = commits(s.db);
    expect(earlier).toMatchObject({ commitId: first.commitId, sinceTime: null, apiRequests: 1, prompts: 1, lines: { added: 0, removed: 0 } });
    expect(later).toMatchObject({
      commitId: realCommit.commitId,
      sinceTime: '2026-11-29T23:53:24.600Z',
      apiRequests: 2,
      prompts: 0,
      lines: { added: 2, removed: 0 },
    });
    expect([micros(earlier!.costUsd), micros(later!.costUsd)]).toEqual([capturedMicros(-Infinity, timeMs), capturedMicros(timeMs, realCommit.timeMs)]);
    expect([micros(earlier!.costUsd), micros(later!.costUsd)]).toEqual([5948, 6396 + 6844]);
    const branch = branchCosts(s.db)[0]!;
    expect([branch.commits, micros(branch.committedUsd), micros(branch.notCommittedUsd)]).toEqual([2, 5948 + 6396 + 6844, 7292]);
    const all = commitCosts(s.db);
    expect([micros(all.medianUsd), micros(all.totalUsd)]).toEqual([Math.round((5948 + 13240) / 2), 19188]);
  });

  it('leaves the lines unknown when the lines point spans the boundary between the commits', async () => {
    const s = await withCapture();
    await deliverSyntheticCommit(s, { ...first, timeMs: Date.parse('2026-11-29T23:53:24.750Z') });
    expect(commits(s.db).map((c) => c.lines)).toEqual([null, null]);
  });

  it('keeps the earliest report of one commit id, whatever order they arrive in', async () => {
    const s = await withCapture();
    await deliverSyntheticCommit(s, { commitId: realCommit.commitId, sequence: 1002, timeMs: realCommit.timeMs + 5000, branch: 'later' });
    expect(storedCommits(s)).toMatchObject([{ commit_id: realCommit.commitId, time_ms: realCommit.timeMs, branch: realCommit.branch }]);
    await deliverSyntheticCommit(s, { commitId: realCommit.commitId, sequence: 1003, timeMs: realCommit.timeMs - 5000, branch: 'earlier' });
    expect(storedCommits(s)).toMatchObject([{ commit_id: realCommit.commitId, time_ms: realCommit.timeMs - 5000, branch: 'earlier' }]);
  });

  it('prunes commits with the events that reported them', async () => {
    const s = await withCapture();
    await deliverSyntheticCommit(s, { ...first, timeMs: Date.parse('2026-11-29T23:53:24.600Z') });
    prune(s.db, Date.parse('2026-11-29T23:53:24.700Z'));
    expect(storedCommits(s)).toMatchObject([{ commit_id: realCommit.commitId }]);
  });
});

describe('a commit at the end of the subagent session (SYNTHETIC: the real commit record moved into it)', () => {
  const subagentCase = 'v2.1.332-proto-subagent-hooks-traces';
  const subagentSessionId = '0a000000-0000-4000-8000-000000000011';

  it("costs the main loop's and the subagent's requests, and counts only the prompt a person typed", async () => {
    const s = await withCapture();
    for (const r of capturedRequests(subagentCase, captures2_1_332Dir)) expect((await post(`${s.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
    const lastMs = s.db.prepare('SELECT max(time_ms) FROM events WHERE session_id = ?').pluck().get(subagentSessionId) as number;
    const commitId = 'bbbbbbb2222222222222222222222222222222bb';
    await deliverSyntheticCommit(s, { commitId, sequence: 1001, timeMs: lastMs + 1, sessionId: subagentSessionId });
    const row = commits(s.db).find((c) => c.commitId === commitId);
    const whole = sessions(s.db, { nowMs: commitNowMs }).find((r) => r.sessionId === subagentSessionId)!;
    const subagentRequests = s.db
      .prepare("SELECT count(*) FROM events WHERE name = 'api_request' AND session_id = ? AND json_extract(raw_json, '$.attributes.agent_id') IS NOT NULL")
      .pluck()
      .get(subagentSessionId);
    expect(subagentRequests).toBeGreaterThan(0);
    expect(row).toMatchObject({ sessionId: subagentSessionId, apiRequests: whole.apiRequests, tokens: whole.tokens, prompts: 1 });
    expect(row!.costUsd).toBeCloseTo(whole.costUsd!, 12);
    // Two user_prompt events: the one typed, and the subagent's <task-notification>.
    expect(s.db.prepare("SELECT count(*) FROM events WHERE name = 'user_prompt' AND session_id = ?").pluck().get(subagentSessionId)).toBe(2);
  });
});
