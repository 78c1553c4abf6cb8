// `statusline` as Claude Code runs it: the lab's statusLine inputs on stdin, a real database built
// from the captures of the same session, real shell commands to wrap. The clock is injected.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuslineCommand, type StatuslineOptions } from '../src/cli/commands/statusline.js';
import { openDatabase } from '../src/store/open.js';
import { sessions } from '../src/store/read/sessions.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { runCli, statuslinePath } from './helpers/cli.js';

const fixtureLines = (file: string) =>
  fs
    .readFileSync(path.join(import.meta.dirname, 'fixtures', 'statusline', file), 'utf8')
    .trimEnd()
    .split('\n');
const [startup, afterPrompt] = fixtureLines('api-key-login.jsonl') as [string, string];
const [subscription] = fixtureLines('subscription-login.jsonl') as [string];
const sessionId = 'aaeaa430-3dfa-4a8d-892f-0636b47f10b7';

let fixture: Fixture;
let dir: string;
beforeAll(async () => {
  fixture = await fixtureFeed();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statusline-test-'));
});
afterAll(async () => {
  await fixture.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** A fresh copy of the captures' database, so each test sees only its own snapshots. */
function dbCopy(name: string): string {
  const file = path.join(dir, `${name}.db`);
  fixture.store.db.exec(`VACUUM INTO '${file}'`);
  return file;
}

async function run(stdin: string, options: StatuslineOptions, nowMs = fixtureNowMs) {
  let stdout = '';
  let stderr = '';
  await statuslineCommand(options, { stdin, nowMs, env: { NO_COLOR: '1', XDG_CONFIG_HOME: dir }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) });
  return { stdout, stderr };
}

function snapshots(file: string) {
  const db = new Database(file, { readonly: true });
  const rows = db.prepare('SELECT * FROM statusline_snapshots ORDER BY time_ms').all();
  const workspaces = db.prepare('SELECT * FROM session_workspaces').all();
  db.close();
  return { rows, workspaces };
}

describe('statusline', () => {
  it.each([
    ['at startup', startup, 'session $0.00 · today $0.18 · $0.73/h\n', { cost_usd: 0, lines_added: 0, context_used_pct: null, context_input_tokens: 0 }],
    [
      'after a prompt',
      afterPrompt,
      'session $0.04 · today $0.18 · $0.73/h\n',
      { cost_usd: 0.0381, lines_added: 3, context_used_pct: 1, context_input_tokens: 9128 },
    ],
  ])('records and prints the lab input %s', async (name, input, line, figures) => {
    const file = dbCopy(`line-${name.replace(/ /g, '-')}`);
    const out = await run(input, { db: file });
    expect(out).toEqual({ stdout: line, stderr: '' });
    expect(snapshots(file)).toEqual({
      rows: [
        {
          session_id: sessionId,
          time_ms: fixtureNowMs,
          model_id: 'claude-opus-4-8[1m]',
          model_name: 'Opus 4.8 (1M context)',
          duration_ms: expect.any(Number),
          lines_removed: 0,
          context_output_tokens: expect.any(Number),
          context_window_tokens: 1_000_000,
          five_hour_pct: null,
          five_hour_resets_ms: null,
          seven_day_pct: null,
          seven_day_resets_ms: null,
          ...figures,
        },
      ],
      workspaces: [
        {
          session_id: sessionId,
          cwd: '/home/dev/project',
          project_dir: '/home/dev/project',
          transcript_path: expect.stringMatching(/\/aaeaa430-.*\.jsonl$/),
          first_ms: fixtureNowMs,
          last_ms: fixtureNowMs,
        },
      ],
    });
  });

  it('shows and records plan use when rate_limits are present, and keeps showing it without', async () => {
    const file = dbCopy('rate-limits');
    expect((await run(subscription, { db: file })).stdout).toBe('session $0.04 · today $0.18 · $0.73/h · 5h 38% · 7d 12%\n');
    expect(snapshots(file).rows).toEqual([
      expect.objectContaining({
        five_hour_pct: 37.5,
        five_hour_resets_ms: Date.parse('2026-11-25T18:00:00Z'),
        seven_day_pct: 12,
        seven_day_resets_ms: Date.parse('2026-11-30T09:00:00Z'),
      }),
    ]);
    // An input without them (before the first response) shows the latest known, until each window resets.
    expect((await run(startup, { db: file }, fixtureNowMs + 1000)).stdout).toBe('session $0.00 · today $0.18 · $0.73/h · 5h 38% · 7d 12%\n');
    expect((await run(startup, { db: file }, Date.parse('2026-11-25T18:00:00Z'))).stdout).toBe('session $0.00 · today $0.18 · $0.00/h · 7d 12%\n');
  });

  it("names the session's project from its workspace when no transcript or attribute does", async () => {
    const file = dbCopy('workspace');
    await run(afterPrompt, { db: file });
    const db = openDatabase(file, { readonly: true });
    const row = sessions(db, { nowMs: fixtureNowMs }).find((r) => r.sessionId === sessionId);
    db.close();
    expect(row).toMatchObject({ project: 'project', projectPath: '/home/dev/project', gitBranch: null });
  });

  it('stores a refresh with the same figures once', async () => {
    const file = dbCopy('unchanged');
    await run(afterPrompt, { db: file });
    await run(afterPrompt.replace('"total_duration_ms":8516', '"total_duration_ms":9999'), { db: file }, fixtureNowMs + 300);
    await run(afterPrompt.replace('"total_cost_usd":0.0381', '"total_cost_usd":0.05'), { db: file }, fixtureNowMs + 600);
    expect(snapshots(file).rows.map((r) => (r as { cost_usd: number }).cost_usd)).toEqual([0.0381, 0.05]);
    expect(snapshots(file).workspaces).toEqual([expect.objectContaining({ first_ms: fixtureNowMs, last_ms: fixtureNowMs + 600 })]);
  });

  it.each([
    ['garbage', 'not json at all', /^claude-otel-tui statusline: stdin is not JSON \(.*\); nothing recorded\n$/],
    ['nothing', '', /^claude-otel-tui statusline: stdin is empty; nothing recorded\n$/],
    ['truncated JSON', afterPrompt.slice(0, 100), /^claude-otel-tui statusline: stdin is not JSON \(.*\); nothing recorded\n$/],
    ['an array', '[1, 2]', /^claude-otel-tui statusline: stdin is JSON but not an object; nothing recorded\n$/],
  ])('prints what it knows for %s on stdin, records nothing', async (_name, input, note) => {
    const file = dbCopy(`bad-${_name.replace(/ /g, '-')}`);
    const out = await run(input, { db: file });
    expect(out.stdout).toBe('today $0.18 · $0.73/h\n');
    expect(out.stderr).toMatch(note);
    expect(snapshots(file)).toEqual({ rows: [], workspaces: [] });
  });

  it('records nothing for JSON without a session id, and still prints its figures', async () => {
    const file = dbCopy('no-session');
    const out = await run('{"cost":{"total_cost_usd":1.5}}', { db: file });
    expect(out).toEqual({ stdout: 'today $0.18 · $0.73/h\n', stderr: '' });
    expect(snapshots(file).rows).toEqual([]);
  });

  it('skips the snapshot, not the line, while another writer holds the database', async () => {
    const file = dbCopy('locked');
    const holder = new Database(file);
    holder.prepare('BEGIN IMMEDIATE').run();
    const out = await run(afterPrompt, { db: file });
    holder.prepare('ROLLBACK').run();
    holder.close();
    expect(out).toEqual({ stdout: 'session $0.04 · today $0.18 · $0.73/h\n', stderr: 'claude-otel-tui statusline: the database is busy; snapshot skipped\n' });
    expect(snapshots(file).rows).toEqual([]);
  });

  it('creates a missing database and records into it', async () => {
    const file = path.join(dir, 'new', 'telemetry.db');
    const out = await run(afterPrompt, { db: file });
    // No telemetry yet: today and the burn rate are Claude Code's own session total (8.5 s old).
    expect(out).toEqual({ stdout: 'session $0.04 · today $0.04 · $0.15/h\n', stderr: '' });
    expect(snapshots(file).rows).toHaveLength(1);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
  });

  it('prints the line without today when the database cannot be opened', async () => {
    const file = path.join(dir, 'not-a-db');
    fs.writeFileSync(file, 'hello');
    const out = await run(afterPrompt, { db: file });
    expect(out.stdout).toBe('session $0.04 · today —\n');
    expect(out.stderr).toMatch(/^claude-otel-tui statusline: .*not-a-db.*; nothing recorded\n$/);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
  });

  it('shows budget use, marked from 80 % and past 100 %', async () => {
    const file = dbCopy('budgets');
    expect((await run(afterPrompt, { db: file, budgetDaily: '0.2', budgetSession: '1' })).stdout).toBe(
      'session $0.04/$1.00 4% · today $0.18/$0.20 91%! · $0.73/h\n',
    );
    expect((await run(afterPrompt, { db: file, budgetDaily: '0.1', budgetSession: '0.04' })).stdout).toBe(
      'session $0.04/$0.04 95%! · today $0.18/$0.10 182%!! · $0.73/h\n',
    );
    fs.mkdirSync(path.join(dir, 'claude-otel-tui'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'claude-otel-tui', 'config.json'), '{"budgetDailyUsd": 1}');
    expect((await run(afterPrompt, { db: file })).stdout).toBe('session $0.04 · today $0.18/$1.00 18% · $0.73/h\n');
    fs.rmSync(path.join(dir, 'claude-otel-tui'), { recursive: true });
  });

  it.each([
    ['their line after ours', `printf 'main ~/project\\n'`, 'session $0.04 · today $0.18 · $0.73/h │ main ~/project\n'],
    ['their further lines below', `printf 'one\\ntwo\\n'`, 'session $0.04 · today $0.18 · $0.73/h │ one\ntwo\n'],
    ['the same stdin', `sed -n 's/.*"session_id":"\\([^"]*\\)".*/\\1/p'`, `session $0.04 · today $0.18 · $0.73/h │ ${sessionId}\n`],
    ['nothing of a failing one', 'echo oops >&2; exit 3', 'session $0.04 · today $0.18 · $0.73/h\n'],
    ['nothing of a missing one', 'no-such-command-here', 'session $0.04 · today $0.18 · $0.73/h\n'],
    ['nothing of one that outlives 1 s', 'echo early; sleep 5; echo late', 'session $0.04 · today $0.18 · $0.73/h\n'],
  ])('--wrap prints %s', async (_name, command, stdout) => {
    const out = await run(afterPrompt, { db: dbCopy(`wrap-${_name.replace(/ /g, '-')}`), wrap: command });
    expect(out.stdout).toBe(stdout);
  });
});

describe('statusline as a process', () => {
  it.each([
    ['the CLI', undefined, ['statusline']],
    ['its own bundle', statuslinePath, []],
  ])('through %s: prints one line and exits 0, also for garbage', async (_name, script, first) => {
    const file = path.join(dir, `process-${_name.replace(/ /g, '-')}.db`);
    const good = await runCli([...first, '--db', file, '--wrap', 'echo theirs'], {}, afterPrompt, script);
    const bad = await runCli([...first, '--db', file], {}, '{"session_id": ', script);
    expect(good).toEqual({ code: 0, stdout: 'session $0.04 · today $0.04 · $0.15/h │ theirs\n', stderr: '' });
    expect(bad).toMatchObject({ code: 0, stdout: 'today $0.00 · $0.00/h\n', stderr: expect.stringMatching(/^claude-otel-tui statusline: stdin is not JSON/) });
    expect(snapshots(file).rows).toHaveLength(1);
  });
});
