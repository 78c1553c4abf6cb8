// Secrets on disk and on the command line: setup keeps settings.json the user's alone once a token
// is in it; the token can come from a 0600 file; a secret given as an argument (which every user
// sees in ps) is warned about; and `status` still recognises a receiver that wants a token.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';

const dirs: string[] = [];
const serves: ServeProcess[] = [];
function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'secrets-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  for (const s of serves.splice(0)) {
    s.child.kill('SIGTERM');
    await s.exited;
  }
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (file: string) => `0${(fs.statSync(file).mode & 0o777).toString(8)}`;
const warning = (what: string) => `claude-otel-tui: warning: every user of this machine can read command lines (ps): ${what}\n`;

/** A settings.json with `mode`, and what `setup --write` (with `args`) leaves: the file's mode and its backup's. */
async function setupModes(fileMode: string, args: string[], env: Record<string, string> = {}): Promise<[string, string]> {
  const file = path.join(tempDir(), 'settings.json');
  fs.writeFileSync(file, JSON.stringify({ model: 'opus' }));
  fs.chmodSync(file, Number.parseInt(fileMode, 8));
  const { code } = await runCli(['setup', '--write', '--settings', file, ...args], env);
  expect(code).toBe(0);
  const backup = fs.readdirSync(path.dirname(file)).find((f) => f.includes('.bak-'))!;
  return [mode(file), mode(path.join(path.dirname(file), backup))];
}

describe('setup --write', () => {
  it.each([
    ['0600', ['--token', 'abc123'], ['0600', '0600']],
    ['0644', ['--token', 'abc123'], ['0600', '0644']],
    ['0640', [], ['0640', '0640']],
    ['0644', [], ['0644', '0644']],
  ])('a settings.json of mode %s with %j: the file and its backup are %j', async (fileMode, args, modes) => {
    expect(await setupModes(fileMode, args)).toEqual(modes);
  });

  it('keeps the backup of a file that held a token 0600', async () => {
    const file = path.join(tempDir(), 'settings.json');
    fs.writeFileSync(file, JSON.stringify({ env: { OTEL_EXPORTER_OTLP_HEADERS: 'Authorization=Bearer old' } }));
    fs.chmodSync(file, 0o644);
    await runCli(['setup', '--write', '--settings', file], { CLAUDE_OTEL_TUI_TOKEN: 'new' });
    const backup = fs.readdirSync(path.dirname(file)).find((f) => f.includes('.bak-'))!;
    expect([mode(file), mode(path.join(path.dirname(file), backup))]).toEqual(['0600', '0600']);
  });
});

describe('the token', () => {
  it('given as an argument, works and is warned about on one line; from the environment or a file, silently', async () => {
    const file = path.join(tempDir(), 'token');
    fs.writeFileSync(file, 'from-file\n', { mode: 0o600 });
    const [argv, env, fromFile] = await Promise.all([
      runCli(['setup', '--token', 'from-argv']),
      runCli(['setup'], { CLAUDE_OTEL_TUI_TOKEN: 'from-env' }),
      runCli(['setup', '--token-file', file]),
    ]);
    expect([argv.code, argv.stderr, argv.stdout]).toEqual([
      0,
      warning('--token (use CLAUDE_OTEL_TUI_TOKEN or --token-file)'),
      expect.stringContaining("OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer from-argv'\n"),
    ]);
    expect([env.code, env.stderr, env.stdout]).toEqual([0, '', expect.stringContaining("OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer from-env'\n")]);
    expect([fromFile.code, fromFile.stderr, fromFile.stdout]).toEqual([
      0,
      '',
      expect.stringContaining("OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer from-file'\n"),
    ]);
  });

  it("--token-file must be the user's alone and one line", async () => {
    const dir = tempDir();
    const open = path.join(dir, 'open');
    const twoLines = path.join(dir, 'two-lines');
    fs.writeFileSync(open, 'abc\n', { mode: 0o644 });
    fs.chmodSync(open, 0o644);
    fs.writeFileSync(twoLines, 'abc\ndef\n', { mode: 0o600 });
    const [loose, lines, both] = await Promise.all([
      runCli(['setup', '--token-file', open]),
      runCli(['setup', '--token-file', twoLines]),
      runCli(['setup', '--token', 'x', '--token-file', twoLines]),
    ]);
    expect([loose.code, loose.stderr]).toEqual([
      1,
      `claude-otel-tui: --token-file ${open} can be read or changed by other users (mode 0644)\n  run chmod 600 ${open}\n`,
    ]);
    expect([lines.code, lines.stderr]).toEqual([
      1,
      `claude-otel-tui: --token-file ${twoLines} does not hold one line\n  put the token alone on the first line\n`,
    ]);
    expect([both.code, both.stderr]).toEqual([2, 'claude-otel-tui: --token and --token-file both give the token\n  give one of them\n']);
  });

  it('serve --token-file requires it from clients', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'token');
    fs.writeFileSync(file, 's3cret\n', { mode: 0o600 });
    const serve = startServe({ port: 0, db: path.join(dir, 'telemetry.db'), args: ['--token-file', file] });
    serves.push(serve);
    const url = await serve.url;
    const logs = capturedRequests('json-delta-edit').find((r) => r.signal === 'logs')!;
    const without = await post(`${url}${logs.path}`, logs.body, logs.headers);
    const withToken = await post(`${url}${logs.path}`, logs.body, { ...logs.headers, authorization: 'Bearer s3cret' });
    expect([without.status, withToken.status]).toEqual([401, 200]);
  });

  it('--forward-header as an argument is warned about', async () => {
    const dir = tempDir();
    const serve = startServe({
      port: 0,
      db: path.join(dir, 'telemetry.db'),
      args: ['--forward', 'http://127.0.0.1:9', '--forward-header', 'Authorization=Bearer up'],
    });
    serves.push(serve);
    await serve.url;
    serve.child.kill('SIGTERM');
    const { stderr } = await serve.exited;
    expect(stderr.split('\n').filter((line) => line.includes('warning'))).toEqual([
      warning('--forward-header (use CLAUDE_OTEL_TUI_FORWARD_HEADERS)').trimEnd(),
    ]);
  });

  it('status tells our receiver from something else even when it wants a token', async () => {
    const dir = tempDir();
    const serve = startServe({ port: 0, db: path.join(dir, 'telemetry.db'), env: { CLAUDE_OTEL_TUI_TOKEN: 's3cret' } });
    serves.push(serve);
    const port = new URL(await serve.url).port;
    const { stdout } = await runCli(['status', '--port', port, '--json', '--db', path.join(dir, 'telemetry.db')]);
    expect((JSON.parse(stdout) as { receiver: unknown }).receiver).toEqual({ url: `http://127.0.0.1:${port}`, state: 'running' });
  });
});
