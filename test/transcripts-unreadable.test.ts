// A transcript the user cannot read (Claude Code run once as `sudo claude` leaves root's files) is
// reported by `transcripts` and `status`, the other files are read, and it is read once it is fixed.
// Real file modes: the CLI runs as an unprivileged user when the tests run as root (root reads any
// file whatever its mode), as the test user otherwise.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliPath, type CliRun } from './helpers/cli.js';
import { giveTo, startServe, stderrMatching, unprivilegedUser } from './helpers/serve-process.js';
import { writeTranscript } from './helpers/transcripts.js';

const user = unprivilegedUser();
let dir: string;
let unreadable: string;

function runCliAs(args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], {
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', HOME: dir, XDG_CONFIG_HOME: path.join(dir, 'config'), CLAUDE_CONFIG_DIR: path.join(dir, 'claude') },
      stdio: ['ignore', 'pipe', 'pipe'],
      ...user,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const db = () => ['--db', path.join(dir, 'data', 'telemetry.db')];
const transcripts = async () => JSON.parse((await runCliAs(['transcripts', '--json', ...db()])).stdout) as Record<string, unknown>;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-otel-tui-unreadable-'));
  writeTranscript(path.join(dir, 'claude'), 'proto-delta-tools');
  unreadable = writeTranscript(path.join(dir, 'claude'), 'json-delta-edit');
  for (const entry of fs.readdirSync(dir, { recursive: true }) as string[]) giveTo(path.join(dir, entry), user);
  giveTo(dir, user);
  // Root's file under root, the user's own 000 file otherwise: either way this user cannot open it.
  fs.chmodSync(unreadable, 0o000);
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('an unreadable transcript', () => {
  it("is said on serve's stderr, and serve goes on", async () => {
    const serve = startServe({ port: 0, db: path.join(dir, 'data', 'serve.db'), user, env: { HOME: dir, CLAUDE_CONFIG_DIR: path.join(dir, 'claude') } });
    const said = stderrMatching(serve, /\n/);
    await serve.url;
    await said;
    serve.child.kill('SIGTERM');
    const { code, stderr } = await serve.exited;
    expect([code, stderr.split('\n')[0]]).toEqual([0, `transcript ${unreadable}: permission denied (EACCES on open); skipped until it changes`]);
  });

  it('is reported, the others are read, and it is tried again only once it changes', async () => {
    const error = 'permission denied (EACCES on open)';
    const fileErrors = [{ path: unreadable, error, at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) }];
    expect(await transcripts()).toMatchObject({ files: 2, filesRead: 1, sessions: 1, failed: [{ path: unreadable, message: error }], fileErrors });

    const status = await runCliAs(['status', '--port', '1', '--json', ...db()]);
    expect((JSON.parse(status.stdout) as { transcripts: unknown }).transcripts).toMatchObject({ files: 1, fileErrors, skippedLines: 0 });
    const plain = await runCliAs(['status', '--port', '1', ...db()]);
    expect(plain.stdout).toContain(
      `          1 unreadable file (each tried again once it changes; check owner and permissions):\n            ${unreadable}: ${error}\n`,
    );

    expect(await transcripts()).toMatchObject({ files: 2, filesRead: 0, failed: [], fileErrors });
    fs.chmodSync(unreadable, 0o644);
    expect(await transcripts()).toMatchObject({ files: 2, filesRead: 1, sessions: 2, failed: [], fileErrors: [] });
  });
});
