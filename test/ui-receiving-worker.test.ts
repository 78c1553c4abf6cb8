// `ui` owning the port, in a real terminal (tmux): its receiving process runs on a worker thread, and
// whichever way the dashboard ends (q, or SIGINT from outside), what was acknowledged is stored
// exactly, the process exits 0, and the database is left whole with no WAL beside it.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { cliPath } from './helpers/cli.js';
import { distinctRequest, expectedRows, rowsCloseTo, rowsOf } from './helpers/distinct-requests.js';
import { integrityCheck } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';
import { poll } from './helpers/poll.js';

const captures = captureCases.flatMap((c) => capturedRequests(c));
const expected = expectedRows(captures);

const dirs: string[] = [];
const sockets: string[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) spawnSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

async function runUi(stop: (tmux: (...args: string[]) => string, nodePid: number) => void) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-worker-'));
  dirs.push(dir);
  const db = path.join(dir, 'telemetry.db');
  const exitFile = path.join(dir, 'exit-code');
  const socket = path.join(dir, 'tmux.sock');
  sockets.push(socket);
  const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
  const screen = () => tmux('capture-pane', '-p', '-t', 'ui');
  tmux(
    'new-session',
    '-d',
    '-s',
    'ui',
    '-x',
    '120',
    '-y',
    '40',
    `env TZ=UTC NO_COLOR=1 ${process.execPath} ${cliPath} ui --port 0 --no-transcripts --db ${db}; echo $? > ${exitFile}`,
  );
  const shellPid = Number(tmux('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim());
  const url = await poll(() => /receiving on (http:\/\/127\.0\.0\.1:\d+)/.exec(screen())?.[1], { timeoutMs: 15_000, intervalMs: 50, last: screen });
  const nodePid = Number(fs.readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8').trim().split(/\s+/)[0]);
  const statuses: number[] = [];
  for (const [i, capture] of captures.entries()) {
    const r = distinctRequest(capture, `ui-${i}`);
    statuses.push((await post(`${url}${r.path}`, r.body, r.headers)).status);
  }
  stop(tmux, nodePid);
  const code = await poll(() => (fs.existsSync(exitFile) ? fs.readFileSync(exitFile, 'utf8').trim() : undefined), {
    timeoutMs: 15_000,
    intervalMs: 50,
    last: screen,
  });
  // Before anything here opens the file: a reader opening it makes a WAL of its own.
  const hasWal = fs.existsSync(`${db}-wal`);
  const reader = new Database(db, { readonly: true });
  const stored = captures.map((_, i) => rowsOf(reader, `ui-${i}`));
  reader.close();
  return { statuses: new Set(statuses), code, hasWal, integrity: integrityCheck(db), stored };
}

describe('ui receiving on a worker thread', () => {
  it.each([
    ['q', (tmux: (...args: string[]) => string) => void tmux('send-keys', '-t', 'ui', 'q')],
    ['SIGINT', (_tmux: unknown, nodePid: number) => process.kill(nodePid, 'SIGINT')],
  ])('stores what it acknowledged and ends cleanly on %s', async (_name, stop) => {
    const { stored, ...run } = await runUi(stop);
    expect(run).toEqual({ statuses: new Set([200]), code: '0', hasWal: false, integrity: 'ok' });
    expect(stored).toEqual(expected.map(rowsCloseTo));
  });
});
