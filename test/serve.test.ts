// `serve` as a user runs it: port 0 picks a free port and prints it; data sent there is stored;
// SIGTERM finishes and closes the database cleanly.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { cliPath, runCli } from './helpers/cli.js';
import { post } from './helpers/temp-store.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Resolves with the first line that matches, from a stream of text. */
function lineMatching(stream: NodeJS.ReadableStream, pattern: RegExp): Promise<RegExpMatchArray> {
  return new Promise((resolve) => {
    let seen = '';
    stream.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const match = pattern.exec(seen);
      if (match) resolve(match);
    });
  });
}

describe('serve', () => {
  it('prints the endpoint it picked, stores what it receives, and stops cleanly on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-test-'));
    dirs.push(dir);
    const db = path.join(dir, 'xdg', 'claude-otel-tui', 'telemetry.db');
    const child = spawn(process.execPath, [cliPath, 'serve', '--port', '0'], {
      env: { ...process.env, XDG_DATA_HOME: path.join(dir, 'xdg'), CLAUDE_OTEL_TUI_DB: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [, url] = await lineMatching(child.stdout, /receiving OTLP\/HTTP on (http:\/\/127\.0\.0\.1:\d+)\n/);
    const statuses = [];
    for (const r of capturedRequests('proto-delta-tools')) statuses.push((await post(`${url}${r.path}`, r.body, r.headers)).status);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    // A clean close checkpoints the write-ahead log into the database and removes it.
    const walLeft = fs.existsSync(`${db}-wal`);
    const { stdout } = await runCli(['sessions', '--json'], { XDG_DATA_HOME: path.join(dir, 'xdg'), CLAUDE_OTEL_TUI_DB: '' });
    expect(statuses).toEqual([200, 200]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual([expect.objectContaining({ sessionId: '0a000000-0000-4000-8000-000000000001', apiRequests: 4 })]);
    expect((fs.statSync(db).mode & 0o777).toString(8)).toBe('600');
    expect((fs.statSync(path.dirname(db)).mode & 0o777).toString(8)).toBe('700');
    expect(walLeft).toBe(false);
  });

  it('warns when it listens beyond loopback', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'serve-test-'));
    dirs.push(dir);
    const child = spawn(process.execPath, [cliPath, 'serve', '--host', '0.0.0.0', '--port', '0', '--db', path.join(dir, 't.db')], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const [warning] = await lineMatching(child.stderr, /warning: listening on 0\.0\.0\.0 lets other machines write into .*t\.db\n/);
    await lineMatching(child.stdout, /receiving OTLP\/HTTP on /);
    child.kill('SIGTERM');
    const [code] = await once(child, 'exit');
    expect(warning).toContain('0.0.0.0');
    expect(code).toBe(0);
  });
});
