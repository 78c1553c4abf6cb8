// `ui` on a port where `serve` already listens, in a real terminal (tmux): it becomes a viewer of the
// same database, opened read-only, shows what the other process receives, and quits without
// touching the file the other process keeps writing.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { cliPath } from './helpers/cli.js';
import { integrityCheck, startServe, type ServeProcess } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';
import { poll } from './helpers/poll.js';

const dirs: string[] = [];
const servers: ServeProcess[] = [];
const sockets: string[] = [];
afterEach(() => {
  // The tmux server has usually ended with its only session already.
  for (const socket of sockets.splice(0)) spawnSync('tmux', ['-S', socket, 'kill-server'], { stdio: 'ignore' });
  for (const s of servers.splice(0)) s.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** The access mode (O_RDONLY 0, O_WRONLY 1, O_RDWR 2) of each descriptor a process holds on `file`. */
function accessModes(pid: number, file: string): number[] {
  const fdDir = `/proc/${pid}/fd`;
  return fs
    .readdirSync(fdDir)
    .filter((fd) => fs.readlinkSync(path.join(fdDir, fd), { encoding: 'utf8' }) === file)
    .map((fd) => Number.parseInt(/^flags:\s*(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))![1]!, 8) & 3);
}

describe('ui beside a running serve', () => {
  it('is a viewer: the database read-only, the other process’s data shown, and a clean quit', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ui-viewer-'));
    dirs.push(dir);
    const db = path.join(dir, 'telemetry.db');
    const serve = startServe({ port: 0, db, args: ['--no-transcripts'] });
    servers.push(serve);
    const url = await serve.url;
    const port = new URL(url).port;
    const socket = path.join(dir, 'tmux.sock');
    sockets.push(socket);
    const tmux = (...args: string[]) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });
    const screen = () => tmux('capture-pane', '-p', '-t', 'ui');
    tmux('new-session', '-d', '-s', 'ui', '-x', '120', '-y', '40', `env TZ=UTC NO_COLOR=1 ${process.execPath} ${cliPath} ui --port ${port} --db ${db}`);
    const pid = Number(tmux('display-message', '-p', '-t', 'ui', '#{pane_pid}').trim());
    await poll(() => (screen().includes(`viewer: http://127.0.0.1:${port} receives`) ? true : undefined), { intervalMs: 50, last: screen });
    const modes = accessModes(pid, db);
    for (const r of capturedRequests('proto-delta-tools')) await post(`${url}${r.path}`, r.body, r.headers);
    // The capture's timestamps are from the day it was made: the range that holds them is "all".
    tmux('send-keys', '-t', 'ui', '2');
    for (const next of ['7d', '30d', 'all']) {
      tmux('send-keys', '-t', 'ui', 'r');
      await poll(() => (screen().includes(`range ${next}`) ? true : undefined), { intervalMs: 50, last: screen });
    }
    await poll(() => (/1 session ·/.test(screen()) ? true : undefined), { intervalMs: 50, last: screen });
    tmux('send-keys', '-t', 'ui', 'q');
    await poll(() => (fs.existsSync(`/proc/${pid}`) ? undefined : true), { intervalMs: 50 });
    serve.child.kill('SIGTERM');
    const { code } = await serve.exited;
    expect(modes).toEqual([0]);
    expect(code).toBe(0);
    expect(integrityCheck(db)).toBe('ok');
  });
});
