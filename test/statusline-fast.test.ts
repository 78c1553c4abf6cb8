// dist/statusline.sh, the status line's shell front: the running receiver answers it (no Node start),
// and the Node entry takes over whenever it cannot — no receiver, another database, a wrapped command.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statuslineShPath } from './helpers/cli.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';

const input = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'statusline', 'api-key-login.jsonl'), 'utf8').split('\n')[1] ?? '';
// No telemetry here: today and the burn rate come from Claude Code's own session total (8.5 s old).
const line = 'session $0.04 · today $0.04 · $0.15/h\n';

let dir: string;
let serve: ServeProcess;
let url: string;
const served = () => path.join(dir, 'served.db');

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statusline-fast-'));
  serve = startServe({ port: 0, db: served(), args: ['--no-transcripts'], env: { XDG_CONFIG_HOME: dir } });
  url = await serve.url;
});
afterAll(async () => {
  serve.child.kill('SIGTERM');
  await serve.exited;
  fs.rmSync(dir, { recursive: true, force: true });
});

function statusline(node: string, args: string[], db: string): string {
  return execFileSync('/bin/sh', ['-c', `"$0" "$@"`, statuslineShPath, node, ...args], {
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', CLAUDE_OTEL_TUI_DB: db, XDG_CONFIG_HOME: dir },
  });
}

/** The same, without blocking this process, so a server in it can answer; `shell` runs the script. */
function statuslineAsync(node: string, args: string[], db: string, shell: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(shell, [statuslineShPath, node, ...args], {
      env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', CLAUDE_OTEL_TUI_DB: db, XDG_CONFIG_HOME: dir },
    });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
    child.stdin.end(input);
  });
}

function snapshotCount(db: string): number {
  const file = new Database(db, { readonly: true });
  const n = file.prepare('SELECT count(*) FROM statusline_snapshots').pluck().get() as number;
  file.close();
  return n;
}

describe('the status line through its shell front', () => {
  it('is answered by the running receiver, which records the snapshot (no Node started: a missing node would fail)', () => {
    expect(statusline('/nonexistent/node', ['--url', url], served())).toBe(line);
    expect(snapshotCount(served())).toBe(1);
  });

  it('falls back to the Node entry when nothing listens', () => {
    const own = path.join(dir, 'own.db');
    expect(statusline(process.execPath, ['--url', 'http://127.0.0.1:9'], own)).toBe(line);
    expect(snapshotCount(own)).toBe(1);
  });

  it('falls back to the Node entry when the receiver writes another database', () => {
    const other = path.join(dir, 'other.db');
    expect(statusline(process.execPath, ['--url', url], other)).toBe(line);
    expect(snapshotCount(other)).toBe(1);
  });

  it('leaves a wrapped command to the Node entry', () => {
    expect(statusline(process.execPath, ['--url', url, '--wrap', 'echo theirs'], served())).toBe(line.replace('\n', ' │ theirs\n'));
  });

  it('falls back when the budget it passes is not one, and the Node entry says why', () => {
    const own = path.join(dir, 'budget.db');
    expect(() => statusline('/nonexistent/node', ['--url', url, '--budget-daily', 'lots'], own)).toThrow();
    expect(statusline(process.execPath, ['--url', url, '--budget-daily', 'lots'], served())).toBe(line);
  });

  describe('when something else answers on the port', () => {
    const hostile = 'evil\u001b]0;pwned\u0007\u001b]52;c;aGk=\u0007\u001bc\u001b[2J\r\u009b2J\u0085 \u001b[33mwarn\u001b[39m end';
    let fake: http.Server;
    let fakeUrl: string;
    let contentType = 'text/plain; charset=utf-8';
    let answered = 0;
    beforeAll(async () => {
      fake = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          answered += 1;
          res.writeHead(200, { 'content-type': contentType });
          res.end(`${hostile}\n`);
        });
      });
      await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
      fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => fake.close(() => resolve())));

    it('prints nothing of an answer not marked as ours: the Node entry answers instead', async () => {
      contentType = 'text/plain; charset=utf-8';
      expect(await statuslineAsync(process.execPath, ['--url', fakeUrl], path.join(dir, 'fake.db'), '/bin/sh')).toBe(line);
      expect(answered).toBeGreaterThan(0);
    });

    // Ours never holds more than figures and colours; if it ever did, only the colours would pass.
    it.each(['/bin/sh', '/bin/bash'].filter((shell) => fs.existsSync(shell)))(
      'strips controls even from an answer marked as ours, keeping colours (%s)',
      async (shell) => {
        contentType = 'text/vnd.claude-otel-tui.statusline; charset=utf-8';
        const printed = await statuslineAsync('/nonexistent/node', ['--url', fakeUrl], path.join(dir, 'fake.db'), shell);
        expect(printed).toBe('evil]0;pwned]52;c;aGk=c[2J2J \u001b[33mwarn\u001b[39m end\n');
      },
    );
  });
});
