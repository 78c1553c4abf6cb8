// `setup --write --statusline` against a temp CLAUDE_CONFIG_DIR, then the installed command run
// through a shell as Claude Code runs it.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli, statuslinePath, statuslineShPath } from './helpers/cli.js';

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'setup-statusline-'));
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const settingsFile = () => path.join(dir, 'claude', 'settings.json');
const settings = () =>
  JSON.parse(fs.readFileSync(settingsFile(), 'utf8')) as {
    model?: string;
    env: Record<string, string>;
    statusLine: { type: string; command: string; padding?: number };
  };
const backups = () => fs.readdirSync(path.dirname(settingsFile())).filter((f) => f.includes('.bak-'));
const setup = () => runCli(['setup', '--write', '--statusline'], { CLAUDE_CONFIG_DIR: path.dirname(settingsFile()) });
const input = fs.readFileSync(path.join(import.meta.dirname, 'fixtures', 'statusline', 'api-key-login.jsonl'), 'utf8').split('\n')[1] ?? '';

/** The installed command line, through sh, with the lab's input on stdin. */
function runInstalled(command: string): string {
  return execFileSync('/bin/sh', ['-c', command], {
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', TZ: 'UTC', CLAUDE_OTEL_TUI_DB: path.join(dir, 'telemetry.db'), XDG_CONFIG_HOME: dir },
  });
}

function writeSettings(value: unknown): void {
  fs.mkdirSync(path.dirname(settingsFile()), { recursive: true });
  fs.writeFileSync(settingsFile(), JSON.stringify(value));
}

describe('setup --write --statusline', () => {
  it('installs our status line (its shell front, and node) by absolute path, once', async () => {
    writeSettings({ model: 'opus' });
    const first = await setup();
    const afterFirst = fs.readFileSync(settingsFile(), 'utf8');
    const second = await setup();
    expect(first).toMatchObject({ code: 0, stdout: expect.stringMatching(/^updated .*settings\.json \(backup at /) });
    expect(second).toMatchObject({ code: 0, stdout: expect.stringMatching(/already sends telemetry to .* and runs our status line; nothing changed/) });
    expect(fs.readFileSync(settingsFile(), 'utf8')).toBe(afterFirst);
    expect(backups()).toHaveLength(1);
    expect(settings()).toMatchObject({
      model: 'opus',
      env: { CLAUDE_CODE_ENABLE_TELEMETRY: '1' },
      statusLine: { type: 'command', command: `${statuslineShPath} ${process.execPath} --url http://127.0.0.1:4318` },
    });
    expect(runInstalled(settings().statusLine.command)).toBe('session $0.04 · today $0.04 · $0.15/h\n');
  });

  it('wraps an existing status line command, keeps its other keys, and leaves it wrapped', async () => {
    writeSettings({ statusLine: { type: 'command', command: `printf '%s' "it's mine"`, padding: 0 } });
    const first = await setup();
    const wrapped = settings().statusLine;
    const second = await setup();
    expect(first.stdout).toContain(`the status line now shows ours, then yours: printf '%s' "it's mine"\n`);
    expect(second.stdout).toMatch(/nothing changed/);
    expect(settings().statusLine).toEqual(wrapped);
    expect(wrapped).toEqual({
      type: 'command',
      padding: 0,
      command: `${statuslineShPath} ${process.execPath} --url http://127.0.0.1:4318 --wrap 'printf '\\''%s'\\'' "it'\\''s mine"'`,
    });
    expect(runInstalled(wrapped.command)).toBe("session $0.04 · today $0.04 · $0.15/h │ it's mine\n");
  });

  it('brings an older install of ours (the Node entry alone) to the shell front, keeping what it wrapped', async () => {
    writeSettings({ statusLine: { type: 'command', command: `${process.execPath} ${statuslinePath} --wrap 'echo theirs'` } });
    const first = await setup();
    const updated = settings().statusLine;
    const second = await setup();
    expect(first.stdout).toContain(`our status line command is now: ${statuslineShPath} ${process.execPath} --url http://127.0.0.1:4318`);
    expect(updated).toEqual({ type: 'command', command: `${statuslineShPath} ${process.execPath} --url http://127.0.0.1:4318 --wrap 'echo theirs'` });
    expect(second.stdout).toMatch(/nothing changed/);
    expect(runInstalled(updated.command)).toBe('session $0.04 · today $0.04 · $0.15/h │ theirs\n');
  });

  it.each([
    ['a string', 'my-status'],
    ['not a command', { type: 'static', text: 'hi' }],
  ])('refuses a statusLine that is %s and leaves the file as it was', async (_name, statusLine) => {
    writeSettings({ statusLine });
    const before = fs.readFileSync(settingsFile(), 'utf8');
    const { code, stderr } = await setup();
    expect(code).toBe(1);
    expect(stderr).toMatch(/"statusLine" in .*settings\.json is not (an object|a command); not touching it/);
    expect(fs.readFileSync(settingsFile(), 'utf8')).toBe(before);
  });
});
