// The real binary in a real terminal (tmux), driven like a person: keys in, screen out.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { cliPath } from './helpers/cli.js';
import { post } from './helpers/temp-store.js';

const session = `cot-${process.pid}`;
let dir: string;

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);

/** Polls the pane until the pattern shows (never a fixed sleep); fails with the screen it last saw. */
async function waitForScreen(pattern: RegExp, timeoutMs = 5000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    const match = pattern.exec(text);
    if (match) return match;
    if (Date.now() > deadline) throw new Error(`screen never matched ${pattern}:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function isRunning(): boolean {
  try {
    tmux('has-session', '-t', session);
    return true;
  } catch {
    return false;
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmux-test-'));
  const command = `env TZ=UTC NO_COLOR=1 ${process.execPath} ${cliPath} --port 0 --db ${path.join(dir, 'telemetry.db')}`;
  tmux('new-session', '-d', '-s', session, '-x', '120', '-y', '40', command);
});
afterAll(() => {
  if (isRunning()) tmux('kill-session', '-t', session);
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the TUI in tmux', () => {
  it('receives, shows sessions, opens one, and quits on q', async () => {
    const [, url] = await waitForScreen(/receiving on (http:\/\/127\.0\.0\.1:\d+)/);
    for (const c of ['proto-delta-tools', 'proto-delta-fail']) {
      for (const r of capturedRequests(c)) await post(`${url}${r.path}`, r.body, r.headers);
    }
    // The captures carry the timestamps of the day they were made: ask for a range that holds them
    // (24h → 7d → 30d → all), as a person would, instead of relying on today's date.
    tmux('send-keys', '-t', session, '2');
    await waitForScreen(/range 24h/);
    for (const next of ['7d', '30d', 'all']) {
      tmux('send-keys', '-t', session, 'r');
      await waitForScreen(new RegExp(`range ${next}`));
    }
    const list = (await waitForScreen(/2 sessions ·[^\n]*/))[0];
    expect(list).toContain('2 sessions');
    expect(screen()).toMatch(/\$0\.0079\s+0\s+1,058\s+1/);
    tmux('send-keys', '-t', session, 'Enter');
    await waitForScreen(/session [0-9a-f-]{36}|0a000000-0000-4000-8000-00000000000[16]/);
    tmux('send-keys', '-t', session, '?');
    await waitForScreen(/Keys \(any key closes\)/);
    // Any key closes help; wait for that before q, or the terminal reads ESC q as alt+q.
    tmux('send-keys', '-t', session, 'Escape');
    await waitForScreen(/^(?![\s\S]*Keys \(any key closes\))/);
    tmux('send-keys', '-t', session, 'q');
    const deadline = Date.now() + 5000;
    while (isRunning() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(isRunning()).toBe(false);
  });
});
