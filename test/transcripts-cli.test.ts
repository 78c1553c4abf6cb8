// Projects and cross-checks as a user meets them: `serve` finds the transcripts by itself, and the
// read commands show the project, the flag and its reason.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';
import { sessionIdOf, writeTranscript } from './helpers/transcripts.js';

let dir: string;
let serve: ServeProcess;
const dbPath = () => path.join(dir, 'telemetry.db');
const env = () => ({ CLAUDE_CONFIG_DIR: path.join(dir, 'claude') });
const repo = (name: string) => path.join(dir, 'code', name);
const tools = sessionIdOf('proto-delta-tools');
const edit = sessionIdOf('json-delta-edit');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-otel-tui-transcripts-'));
  for (const name of ['alpha', 'beta']) execFileSync('git', ['init', '-q', repo(name)]);
  writeTranscript(env().CLAUDE_CONFIG_DIR, 'proto-delta-tools', { cwd: repo('alpha') });
  writeTranscript(env().CLAUDE_CONFIG_DIR, 'json-delta-edit', { cwd: repo('beta') });
  serve = startServe({ port: 0, db: dbPath(), env: env() });
  const url = await serve.url;
  // json-delta-edit's events never arrive: its transcript has three requests telemetry lacks.
  for (const r of capturedRequests('proto-delta-tools')) await post(`${url}${r.path}`, r.body, r.headers);
  for (const r of capturedRequests('json-delta-edit').filter((c) => c.signal === 'metrics')) await post(`${url}${r.path}`, r.body, r.headers);
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

const db = () => ['--db', dbPath()];

/** serve scans every 10 s and at start; `transcripts` scans now, so the test need not wait. */
async function scanned(): Promise<Record<string, unknown>> {
  const { code, stdout } = await runCli(['transcripts', '--json', ...db()], env());
  expect(code).toBe(0);
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('transcripts from the command line', () => {
  it('transcripts --json reports what it read and linked', async () => {
    await scanned();
    expect(await scanned()).toMatchObject({
      dirs: [path.join(dir, 'claude', 'projects')],
      files: 2,
      filesRead: 0,
      sessions: 2,
      linkedSessions: 2,
      telemetryOnlySessions: 0,
    });
  });

  it('sessions shows the project and flags the session with missing requests, with the reason', async () => {
    await scanned();
    const { stdout } = await runCli(['sessions', ...db()], env());
    expect(stdout).toMatch(/^Start\s+Session\s+Project\s+User\s+Model\s+Prompts\s+Agents\s+Duration\s+Cost\s+Tools\s+Tokens\s+Errors\s+Check$/m);
    expect(stdout).toMatch(new RegExp(`${tools.slice(0, 7)}…\\s+alpha\\s.*\\sok$`, 'm'));
    expect(stdout).toMatch(new RegExp(`${edit.slice(0, 7)}…\\s+beta\\s.*\\sFLAG$`, 'm'));
    expect(stdout).toContain(`FLAG ${edit.slice(0, 8)}: transcript has 3 requests telemetry lacks (≈$0.0302 not in the totals)\n`);
  });

  it('summary --by project totals each project', async () => {
    await scanned();
    const { stdout } = await runCli(['summary', '--by', 'project', '--json', ...db()], env());
    const groups = (JSON.parse(stdout) as { groups: Array<Record<string, unknown>> }).groups;
    expect(groups).toEqual([
      { key: 'alpha', costUsd: expect.closeTo(0.0381, 9), apiRequests: 4, tokens: 4280, sessions: 1, unpricedSessions: 0, flaggedSessions: 0 },
      { key: 'beta', costUsd: expect.closeTo(0.0381, 9), apiRequests: 0, tokens: expect.any(Number), sessions: 1, unpricedSessions: 0, flaggedSessions: 1 },
    ]);
  });

  it('sessions --project keeps one project; session shows where it ran and its check', async () => {
    await scanned();
    const only = JSON.parse((await runCli(['sessions', '--project', 'beta', '--json', ...db()], env())).stdout) as Array<{
      sessionId: string;
      integrity: { status: string };
    }>;
    expect(only.map((r) => [r.sessionId, r.integrity.status])).toEqual([[edit, 'flagged']]);
    const { stdout } = await runCli(['session', tools, ...db()], env());
    expect(stdout).toContain(`project alpha (${repo('alpha')})  branch HEAD\n`);
    expect(stdout).toContain("check: ok — all 3 of the transcript's requests are in telemetry; metrics and events agree\n");
  });

  it('status says where transcripts are read from and how many sessions they cover', async () => {
    await scanned();
    const { stdout } = await runCli(['status', '--port', '1', '--json', ...db()], env());
    expect((JSON.parse(stdout) as { transcripts: unknown }).transcripts).toEqual({
      dirs: [path.join(dir, 'claude', 'projects')],
      sessions: 2,
      linkedSessions: 2,
      telemetryOnlySessions: 0,
      files: 2,
      lastRead: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      fileErrors: [],
      skippedLines: 0,
      filesWithSkippedLines: 0,
    });
  });

  it('serve reads the transcripts by itself', async () => {
    const { stdout } = await runCli(['sessions', '--json', ...db()], env());
    expect((JSON.parse(stdout) as Array<{ project: string | null }>).map((r) => r.project).sort()).toEqual(['alpha', 'beta']);
  });
});
