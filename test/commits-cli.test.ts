// `commits`, `commit <sha>` and `summary --by branch` as a user runs them (the built CLI), on the real
// 2.1.332 commit capture plus one SYNTHETIC earlier commit in the same session (an edited copy of
// the real record) whose branch name carries terminal escapes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { commitSessionId, deliverCommitCapture, deliverSyntheticCommit, realCommit } from './helpers/commit-capture.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const synthetic = {
  commitId: 'aaaaaaa1111111111111111111111111111111aa',
  sequence: 1001,
  timeMs: Date.parse('2026-11-29T23:53:24.600Z'),
  branch: '\u001b]0;evil\u0007feat/\u001b[31mred',
};

let store: TempReceiver;
beforeAll(async () => {
  store = await tempReceiver();
  await deliverCommitCapture(store);
  await deliverSyntheticCommit(store, synthetic);
});
afterAll(async () => {
  await store.stop();
});

const db = () => ['--db', store.dbPath];
const commitKeys = [
  'commitId',
  'shortId',
  'branch',
  'project',
  'sessionId',
  'time',
  'sinceTime',
  'message',
  'costUsd',
  'unpricedRequests',
  'apiRequests',
  'tokens',
  'prompts',
  'lines',
];

describe('commits', () => {
  it('--json gives one row per commit, newest first, with the documented fields', async () => {
    const { code, stdout } = await runCli(['commits', '--json', ...db()]);
    expect(code).toBe(0);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(rows.map((r) => Object.keys(r))).toEqual([commitKeys, commitKeys]);
    expect(rows).toMatchObject([
      {
        commitId: realCommit.commitId,
        branch: realCommit.branch,
        sessionId: commitSessionId,
        time: '2026-11-29T23:53:24.994Z',
        sinceTime: '2026-11-29T23:53:24.600Z',
        message: 'Add hello.py',
        apiRequests: 2,
        prompts: 0,
        lines: { added: 2, removed: 0 },
      },
      // The branch as sent: exact data for programs (its controls are \u escapes on the wire).
      { commitId: synthetic.commitId, branch: synthetic.branch, sinceTime: null, apiRequests: 1, prompts: 1, lines: { added: 0, removed: 0 } },
    ]);
    expect(stdout).not.toContain('\u001b');
  });

  it('prints a table with short ids, the cost of each commit, and branch names as plain text', async () => {
    const { code, stdout } = await runCli(['commits', ...db()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^Commit\s+Branch\s+Project\s+Time\s+Cost\s+Tokens\s+Prompts\s+Lines\s+Message$/m);
    expect(stdout).toMatch(/^64c0e33 {2}feature\/lab-commit {2}— +2026-11-29 23:53Z +\$0\.01 +2,140 +0 +\+2 -0 {2}Add hello\.py$/m);
    expect(stdout).toMatch(/^aaaaaaa {2}feat\/red +— +2026-11-29 23:53Z +\$0\.0059 +1,058 +1 +\+0 -0 {2}Add hello\.py$/m);
    expect(stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  });

  it('filters by branch and project', async () => {
    const byBranch = await runCli(['commits', '--branch', realCommit.branch, '--json', ...db()]);
    expect((JSON.parse(byBranch.stdout) as { commitId: string }[]).map((r) => r.commitId)).toEqual([realCommit.commitId]);
    const byProject = await runCli(['commits', '--project', 'elsewhere', ...db()]);
    expect(byProject.stdout).toMatch(/^no commits by Claude Code in this range/);
  });
});

describe('commit <sha>', () => {
  it('--json says what produced the commit: the commit, its session, the prompts and the turns of its interval', async () => {
    const { code, stdout } = await runCli(['commit', '64C0E', '--json', ...db()]);
    expect(code).toBe(0);
    const detail = JSON.parse(stdout) as {
      commit: Record<string, unknown>;
      session: Record<string, unknown>;
      prompts: unknown[];
      turns: { promptId: string; events: { name: string; sequence: number; kind: string; commitId?: string }[] }[];
    };
    expect(Object.keys(detail)).toEqual(['commit', 'session', 'prompts', 'turns']);
    expect(Object.keys(detail.commit)).toEqual(commitKeys);
    expect(detail.commit).toMatchObject({ commitId: realCommit.commitId, costUsd: expect.closeTo(0.01324, 12) });
    expect(detail.session).toMatchObject({ sessionId: commitSessionId, appVersion: '2.1.332' });
    // The only prompt was typed before the synthetic commit, so it belongs to that one.
    expect(detail.prompts).toEqual([]);
    const events = detail.turns.flatMap((t) => t.events);
    expect(events.map((e) => e.sequence)).toEqual([7, 8, 9, 10, 11, 12, 13, 14]);
    expect(events.at(-1)).toMatchObject({ name: 'tool_result', kind: 'tool_result', commitId: realCommit.commitId });
  });

  it('prints the commit, its figures and the turn that led to it', async () => {
    const { stdout } = await runCli(['commit', 'aaaaaaa', ...db()]);
    expect(stdout).toMatch(/^commit aaaaaaa1111111111111111111111111111111aa {2}branch feat\/red\nmessage Add hello\.py\n/);
    expect(stdout).toContain('session start → 2026-11-29 23:53Z');
    expect(stdout).toContain('API requests 1  prompts 1  lines +0 -0');
    expect(stdout).toContain('prompts:\n  2026-11-29 23:53Z  commit hello.py\n');
    expect(stdout).toContain('    #6 api_request claude-opus-5-5  $0.0059');
    expect(stdout).not.toContain('\u001b');
  });

  it.each([
    [['commit', 'zz'], 2, /"zz" is not a commit id/],
    [['commit', 'ff'], 1, /no commit by Claude Code starts with "ff"/],
  ])('%j fails with a one-line reason', async (args, exitCode, message) => {
    const { code, stderr } = await runCli([...args, ...db()]);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
  });
});

describe('summary --by branch', () => {
  it('--json groups whole sessions by branch, split at their commits', async () => {
    const { stdout } = await runCli(['summary', '--by', 'branch', '--json', ...db()]);
    const s = JSON.parse(stdout) as { by: string; groups: Record<string, unknown>[] };
    expect(s.by).toBe('branch');
    expect(s.groups.map((g) => Object.keys(g))).toEqual(
      [0, 1].map(() => ['key', 'costUsd', 'apiRequests', 'tokens', 'sessions', 'commits', 'committedUsd', 'notCommittedUsd', 'unpricedParts']),
    );
    expect(s.groups).toMatchObject([
      {
        key: realCommit.branch,
        apiRequests: 3,
        tokens: 2140 + 1028 + 54,
        sessions: 1,
        commits: 1,
        committedUsd: expect.closeTo(0.01324, 12),
        notCommittedUsd: 0.007292,
      },
      { key: synthetic.branch, apiRequests: 1, commits: 1, committedUsd: 0.005948, notCommittedUsd: 0 },
    ]);
  });

  it('prints the branch table with its commits and what no commit took', async () => {
    const { stdout } = await runCli(['summary', '--by', 'branch', ...db()]);
    expect(stdout).toMatch(/^branch\s+Cost\s+Requests\s+Tokens\s+Commits\s+Not committed$/m);
    expect(stdout).toMatch(/^feature\/lab-commit +\$0\.02 +3 +3,222 +1 +\$0\.0073$/m);
    expect(stdout).not.toContain('\u001b');
  });
});
