// The waterfall in the real binary in a real terminal (tmux): Claude Code 2.1.332's subagent
// capture (traces on) goes in over HTTP; a person opens its session, moves to the prompt's turn and
// presses w, and sees the turn's bars on a time axis with the subagent's lane under the Agent tool.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { cliPath } from './helpers/cli.js';
import { post } from './helpers/temp-store.js';

const session = `cot-wf-${process.pid}`;
let dir: string;

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const screen = () => tmux('capture-pane', '-p', '-t', session);
const send = (key: string) => tmux('send-keys', '-t', session, key);

/** Polls the pane until the pattern shows (never a fixed sleep); fails with the screen it last saw. */
async function waitForScreen(pattern: RegExp, timeoutMs = 5000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const text = screen();
    if (pattern.test(text)) return text;
    if (Date.now() > deadline) throw new Error(`screen never matched ${pattern}:\n${text}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tmux-waterfall-'));
  const command = `env TZ=UTC NO_COLOR=1 ${process.execPath} ${cliPath} --port 0 --db ${path.join(dir, 'telemetry.db')}`;
  tmux('new-session', '-d', '-s', session, '-x', '100', '-y', '32', command);
});
afterAll(() => {
  try {
    tmux('kill-session', '-t', session);
  } catch {
    // Already gone: q quit it.
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the waterfall in tmux', () => {
  it("opens the subagent capture's session, w on its prompt's turn, and shows the bars and the agent's lane", async () => {
    const url = /receiving on (http:\/\/127\.0\.0\.1:\d+)/.exec(await waitForScreen(/receiving on http:\/\/127\.0\.0\.1:\d+/))![1]!;
    for (const r of capturedRequests('v2.1.332-proto-subagent-hooks-traces', captures2_1_332Dir))
      expect((await post(`${url}${r.path}`, r.body, r.headers)).status).toBe(200);
    // The capture carries the timestamps of the day it was made: ask for the range that holds it.
    send('2');
    await waitForScreen(/range 24h/);
    for (const next of ['7d', '30d', 'all']) {
      send('r');
      await waitForScreen(new RegExp(`range ${next}`));
    }
    await waitForScreen(/1 session ·/);
    send('Enter');
    await waitForScreen(/── timeline/);
    send('j');
    await waitForScreen(/^› +\+0\.00s +▸ start-up/m);
    send('j');
    await waitForScreen(/^› ▾ survey the project with a subagent/m);
    send('w');
    const frame = await waitForScreen(/^waterfall turn 2\/3 {2}survey the project with a subagent/m);
    expect(frame).toMatch(/^time model 750ms \(first token 344ms\) · tools 123ms · waiting on you 50ms · hooks 341ms\s*$/m);
    expect(frame).toMatch(/^ +\|0 +\|200ms +\|400ms/m);
    expect(frame).toMatch(/^ {3}Agent {2,}░?█+ +73ms$/m);
    expect(frame).toMatch(/^ {4}general-purpose a21d4b1ee… +─+ +708ms$/m);
    expect(frame).toMatch(/^ {5}Write {2,}░+█+ +102ms$/m);
    expect(frame).toMatch(/^▒ to first token {2}█ model {2}█ tool running {2}░ waiting on you {2}▓ hook {2}╳ failed\s*$/m);
    for (const row of [/^› {2}claude-opus-5-5/m, /^› {2}PreToolUse:Agent/m, /^› {2}Agent/m]) {
      send('j');
      await waitForScreen(row);
    }
    // The README's screenshot is this frame.
    await waitForScreen(/^Agent {2}\+0\.71s {2}73ms · waiting on you 8ms \(accept\) · running 64ms · ok\s*$/m);
    send('Escape');
    await waitForScreen(/── timeline/);
    send('q');
  });
});
