// How the receiver stops and fails: a signal finishes the request in flight and closes the database;
// a damaged, unreadable or read-only database, or a full disk (a file-size limit), gives a clear
// message and never an acknowledged write that was not kept.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { cliPath, runCli } from './helpers/cli.js';
import { distinctRequest, expectedRows, rowsCloseTo, rowsOf, type Outgoing } from './helpers/distinct-requests.js';
import {
  acceptsConnections,
  giveTo,
  heldRequest,
  integrityCheck,
  startServe,
  stderrMatching,
  unprivilegedUser,
  type ServeProcess,
} from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';
import { poll } from './helpers/poll.js';

const captures = captureCases.flatMap((c) => capturedRequests(c));
const expected = expectedRows(captures);
const logs = captures.findIndex((c) => c.case === 'proto-delta-tools' && c.signal === 'logs');
// JSON, so a 503's google.rpc.Status comes back as JSON.
const jsonLogs = captures.findIndex((c) => c.case === 'json-delta-edit' && c.signal === 'logs');

const dirs: string[] = [];
const servers: ServeProcess[] = [];
const tmuxSockets: string[] = [];
afterEach(() => {
  // The tmux server has usually ended with its only session already.
  for (const socket of tmuxSockets.splice(0)) spawnSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  for (const s of servers.splice(0)) s.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) {
    // Read-only folders inside must become writable again before they can be removed.
    execFileSync('chmod', ['-R', 'u+rwx', d]);
    fs.rmSync(d, { recursive: true, force: true });
  }
});

/** A temp folder another user may enter (tests run as root and switch to nobody for permissions). */
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'failure-modes-'));
  fs.chmodSync(dir, 0o755);
  dirs.push(dir);
  return dir;
}

function serve(options: Parameters<typeof startServe>[0]): ServeProcess {
  const s = startServe(options);
  servers.push(s);
  return s;
}

async function postRequest(url: string, request: Outgoing): Promise<{ status: number; message: string }> {
  const res = await post(`${url}${request.path}`, request.body, request.headers);
  return { status: res.status, message: res.status === 200 ? '' : (JSON.parse(res.body.toString()) as { message: string }).message };
}

/** Sends distinct requests until one is refused, then `more` after it; returns every session and its status. */
async function sendUntilRefused(url: string, more: number): Promise<{ sessionId: string; status: number; message: string }[]> {
  const sent: { sessionId: string; status: number; message: string }[] = [];
  let refused = 0;
  for (let k = 0; refused <= more && k < 5000; k += 1) {
    const sessionId = `full-${k}`;
    const answer = await postRequest(url, distinctRequest(captures[jsonLogs]!, sessionId));
    sent.push({ sessionId, ...answer });
    refused += answer.status === 200 ? 0 : 1;
  }
  return sent;
}

describe('graceful shutdown', () => {
  it.each(['SIGINT', 'SIGTERM'] as const)('serve on %s answers the request in flight, stores it, closes the database and exits 0', async (signal) => {
    const dir = tempDir();
    const db = path.join(dir, 'telemetry.db');
    const s = serve({ port: 0, db });
    const url = await s.url;
    const held = heldRequest(url, distinctRequest(captures[logs]!, 'in-flight'), 0, { expectContinue: true });
    await held.continued;
    const stopping = stderrMatching(s, new RegExp(`${signal}: finishing requests in flight`));
    s.child.kill(signal);
    await stopping;
    await poll(async () => ((await acceptsConnections(url)) ? undefined : true));
    held.finish();
    const response = await held.response;
    const { code } = await s.exited;
    // A clean close checkpoints the write-ahead log into the file and removes it.
    const walLeft = fs.existsSync(`${db}-wal`);
    const file = new Database(db, { readonly: true });
    const stored = rowsOf(file, 'in-flight');
    file.close();
    expect(response.status).toBe(200);
    expect(code).toBe(0);
    expect(walLeft).toBe(false);
    expect(stored).toEqual(rowsCloseTo(expected[logs]!));
    expect(integrityCheck(db)).toBe('ok');
  });

  it.each(['SIGINT', 'SIGTERM'] as const)('the dashboard (ui, in tmux) on %s answers the request in flight, stores it and exits 0', async (signal) => {
    const dir = tempDir();
    const db = path.join(dir, 'telemetry.db');
    const exitFile = path.join(dir, 'exit-code');
    // A tmux server of its own, its socket in the temp folder (removed with it).
    const socket = path.join(dir, 'tmux.sock');
    tmuxSockets.push(socket);
    const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
    // A shell around it keeps the exit code; the dashboard is the shell's only child.
    tmux(
      'new-session',
      '-d',
      '-s',
      'ui',
      '-x',
      '100',
      '-y',
      '30',
      `sh -c '"$0" "$@"; echo $? > ${exitFile}' env TZ=UTC NO_COLOR=1 ${process.execPath} ${cliPath} ui --port 0 --db ${db}`,
    );
    const shellPid = tmux('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim();
    const url = await poll(() => /receiving on (http:\/\/127\.0\.0\.1:\d+)/.exec(tmux('capture-pane', '-p', '-t', 'ui'))?.[1]);
    const held = heldRequest(url, distinctRequest(captures[logs]!, 'in-flight'), 0, { expectContinue: true });
    await held.continued;
    process.kill(Number(fs.readFileSync(`/proc/${shellPid}/task/${shellPid}/children`, 'utf8').trim()), signal);
    // The dashboard closes first; then the receiver stops listening and waits for the request it is reading.
    await poll(async () => ((await acceptsConnections(url)) ? undefined : true));
    held.finish();
    const response = await held.response;
    const exitCode = await poll(() => (fs.existsSync(exitFile) ? fs.readFileSync(exitFile, 'utf8').trim() : undefined));
    const walLeft = fs.existsSync(`${db}-wal`);
    const file = new Database(db, { readonly: true });
    const stored = rowsOf(file, 'in-flight');
    file.close();
    expect(response.status).toBe(200);
    expect(exitCode).toBe('0');
    expect(walLeft).toBe(false);
    expect(stored).toEqual(rowsCloseTo(expected[logs]!));
  });
});

describe('a database that cannot be used', () => {
  it('refuses a file that is not a database, with what to do', async () => {
    const db = path.join(tempDir(), 'telemetry.db');
    fs.writeFileSync(db, Buffer.alloc(64 * 1024, 'not a database '));
    const { code, stderr } = await serve({ port: 0, db }).exited;
    const read = await runCli(['sessions', '--db', db]);
    expect([code, stderr]).toEqual([
      1,
      `claude-otel-tui: cannot open database ${db}: file is not a database (damaged, or not a claude-otel-tui database)\n  move it aside to start a new one, or pass --db PATH\n`,
    ]);
    expect([read.code, read.stderr]).toEqual([
      1,
      `claude-otel-tui: cannot use database ${db}: file is not a database (damaged, or not a claude-otel-tui database)\n  move it aside to start a new one, or pass --db PATH\n`,
    ]);
    expect(fs.readFileSync(db).subarray(0, 15).toString()).toBe('not a database ');
  });

  it('answers 503 naming the damage when pages inside the file are corrupt, and acknowledges nothing', async () => {
    const db = path.join(tempDir(), 'telemetry.db');
    const first = serve({ port: 0, db });
    const url = await first.url;
    const before: { status: number }[] = [];
    for (const [i, c] of captures.entries()) before.push(await postRequest(url, distinctRequest(c, `before-${i}`)));
    first.child.kill('SIGTERM');
    await first.exited;
    // Every page of every table and index, the schema left whole: the file opens, no write can land.
    const reader = new Database(db, { readonly: true });
    // (The prompt index's tables stay whole: damage there stops the server at start, a separate case.)
    const pages = reader
      .prepare("SELECT DISTINCT pageno FROM dbstat WHERE name NOT LIKE 'sqlite_%' AND name NOT LIKE 'prompt_search%'")
      .pluck()
      .all() as number[];
    const pageBytes = reader.pragma('page_size', { simple: true }) as number;
    reader.close();
    const fd = fs.openSync(db, 'r+');
    for (const page of pages) fs.writeSync(fd, Buffer.alloc(pageBytes, 0xa5), 0, pageBytes, (page - 1) * pageBytes);
    fs.closeSync(fd);
    const second = serve({ port: 0, db });
    const url2 = await second.url;
    const json = captures.filter((c) => c.headers['content-type'] === 'application/json');
    const after = await Promise.all(json.map((c, i) => postRequest(url2, distinctRequest(c, `after-${i}`))));
    second.child.kill('SIGTERM');
    const { code } = await second.exited;
    const read = await runCli(['sessions', '--db', db]);
    expect([read.code, read.stderr]).toEqual([
      1,
      "claude-otel-tui: the database is damaged (database disk image is malformed)\n  move it aside or restore a copy; sqlite3's .recover can save what is left\n",
    ]);
    expect(before.map((a) => a.status)).toEqual(captures.map(() => 200));
    expect(after).toEqual(
      after.map(() => ({
        status: 503,
        message: expect.stringMatching(
          /^could not store the data: database disk image is malformed \(SQLITE_CORRUPT\w*\); nothing was stored, the database file is damaged; stop claude-otel-tui and move it aside$/,
        ),
      })),
    );
    expect(code).toBe(0);
  });

  it('says permission denied for a file it may not read (as an unprivileged user)', async () => {
    const db = path.join(tempDir(), 'telemetry.db');
    const first = serve({ port: 0, db });
    await first.url;
    first.child.kill('SIGTERM');
    await first.exited;
    // The user's own file (another user's is refused before any open: test/db-file-safety.test.ts).
    const user = unprivilegedUser();
    giveTo(db, user);
    fs.chmodSync(db, 0o000);
    const { code, stderr } = await serve({ port: 0, db, user }).exited;
    expect([code, stderr]).toEqual([
      1,
      `claude-otel-tui: cannot open database ${db}: unable to open database file (permission denied)\n  check the path and its permissions, or pass --db PATH\n`,
    ]);
  });

  it('says so when the path is a folder, or runs through a file', async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, 'folder.db'));
    fs.writeFileSync(path.join(dir, 'a-file'), '');
    const folder = await serve({ port: 0, db: path.join(dir, 'folder.db') }).exited;
    const throughFile = await serve({ port: 0, db: path.join(dir, 'a-file', 'telemetry.db') }).exited;
    expect([folder.code, folder.stderr]).toEqual([
      1,
      `claude-otel-tui: cannot open database ${dir}/folder.db: unable to open database file (it is a folder)\n  check the path and its permissions, or pass --db PATH\n`,
    ]);
    expect([throughFile.code, throughFile.stderr]).toEqual([
      1,
      `claude-otel-tui: cannot create database ${dir}/a-file/telemetry.db: a part of ${dir}/a-file is a file, not a folder\n  pass --db PATH in a writable folder\n`,
    ]);
  });

  it('in a read-only folder: cannot create the file, and cannot open an existing one (no room for -wal/-shm)', async () => {
    const user = unprivilegedUser();
    const dir = tempDir();
    const readOnly = path.join(dir, 'read-only');
    fs.mkdirSync(readOnly);
    const existing = path.join(readOnly, 'existing.db');
    const first = serve({ port: 0, db: existing });
    await first.url;
    first.child.kill('SIGTERM');
    await first.exited;
    giveTo(existing, user);
    fs.chmodSync(readOnly, 0o555);
    const create = await serve({ port: 0, db: path.join(readOnly, 'new.db'), user }).exited;
    const open = await serve({ port: 0, db: existing, user }).exited;
    expect([create.code, create.stderr]).toEqual([
      1,
      `claude-otel-tui: cannot create database ${readOnly}/new.db: EACCES: permission denied, open '${readOnly}/new.db'\n  pass --db PATH in a writable folder\n`,
    ]);
    expect([open.code, open.stderr]).toEqual([
      1,
      `claude-otel-tui: cannot open database ${existing}: ${readOnly} or the file is read-only (SQLite keeps existing.db-wal and -shm beside it)\n  make the folder and the file writable, or pass --db PATH\n`,
    ]);
  });
});

// 1 MiB: room for the schema's empty tables and indexes (each migration adds pages), then several requests before writes fail.
describe('a full disk (a 1 MiB file-size limit)', () => {
  it('answers 503 once writes fail, keeps running, and every acknowledged request survives intact', async () => {
    const db = path.join(tempDir(), 'telemetry.db');
    const s = serve({ port: 0, db, shellPrefix: 'ulimit -f 1024' });
    const sent = await sendUntilRefused(await s.url, 5);
    const stillRunning = s.child.exitCode === null && s.child.signalCode === null;
    s.child.kill('SIGTERM');
    const { code, stderr } = await s.exited;
    const integrity = integrityCheck(db);
    const file = new Database(db, { readonly: true });
    const stored = sent.map(({ sessionId }) => rowsOf(file, sessionId).events);
    file.close();
    const acked = sent.filter((r) => r.status === 200);
    const refused = sent.filter((r) => r.status !== 200);
    expect(acked.length).toBeGreaterThan(3);
    expect(refused).toEqual(
      refused.map(({ sessionId }) => ({
        sessionId,
        status: 503,
        message: expect.stringMatching(
          /^could not store the data: .* \(SQLITE_(IOERR|FULL)\w*\); nothing was stored, (check the disk: full, failing, or over a file-size limit|the disk is full; free some space)$/,
        ),
      })),
    );
    expect(stillRunning).toBe(true);
    expect(code).toBe(0);
    expect(stderr).toMatch(/store error: /);
    expect(integrity).toBe('ok');
    // Everything acknowledged was kept; nothing refused was half-kept.
    expect(stored).toEqual(sent.map((r) => (r.status === 200 ? expected[jsonLogs]!.events : 0)));
  });
});
