// --db in a folder other users can write: what another user put there is never trusted, and what
// we write is ours alone. Real files in temp folders, the real CLI and a real `serve`.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from './helpers/cli.js';
import { startServe } from './helpers/serve-process.js';

const dirs: string[] = [];
function tempDir(mode = 0o700): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'db-file-safety-'));
  fs.chmodSync(dir, mode);
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

const mode = (file: string) => `0${(fs.statSync(file).mode & 0o777).toString(8)}`;
const transcripts = (db: string) => runCli(['transcripts', '--json', '--db', db], { CLAUDE_CONFIG_DIR: path.join(path.dirname(db), 'no-claude') });

describe('the database file', () => {
  it('is made 0600, and so are the -wal and -shm SQLite makes beside it, even when it was made 0666', async () => {
    const db = path.join(tempDir(0o1777), 'telemetry.db');
    fs.writeFileSync(db, '');
    fs.chmodSync(db, 0o666);
    const serve = startServe({ port: 0, db });
    await serve.url;
    const modes = [db, `${db}-wal`, `${db}-shm`].map(mode);
    serve.child.kill('SIGTERM');
    expect((await serve.exited).code).toBe(0);
    expect(modes).toEqual(['0600', '0600', '0600']);
  });

  it('is never opened through a symbolic link, nor created at the end of one', async () => {
    const dir = tempDir(0o1777);
    const target = path.join(tempDir(), 'victim.db');
    fs.symlinkSync(target, path.join(dir, 'telemetry.db'));
    const { code, stderr } = await transcripts(path.join(dir, 'telemetry.db'));
    expect([code, stderr]).toEqual([
      1,
      `claude-otel-tui: ${dir}/telemetry.db is a symbolic link; the database is never opened through one\n  pass --db with the real path, or remove the link\n`,
    ]);
    expect(fs.existsSync(target)).toBe(false);
  });

  it('nor beside a -wal that is a symbolic link', async () => {
    const dir = tempDir(0o1777);
    fs.symlinkSync(path.join(tempDir(), 'elsewhere'), path.join(dir, 'telemetry.db-wal'));
    const { code, stderr } = await transcripts(path.join(dir, 'telemetry.db'));
    expect([code, stderr]).toEqual([
      1,
      `claude-otel-tui: ${dir}/telemetry.db-wal is a symbolic link; the database is never opened through one\n  pass --db with the real path, or remove the link\n`,
    ]);
  });

  // Only root can make a file belong to someone else (the suite runs as root, as in CI).
  it.skipIf(process.getuid?.() !== 0)('is refused when another user owns it', async () => {
    const db = path.join(tempDir(0o1777), 'telemetry.db');
    fs.writeFileSync(db, '');
    fs.chownSync(db, 65534, 65534);
    const { code, stderr } = await transcripts(db);
    expect([code, stderr]).toEqual([
      1,
      `claude-otel-tui: ${db} belongs to another user (uid 65534; you are 0), who could read or change it\n  if it is yours, chown it; else move it aside, or pass --db PATH in a folder only you can write\n`,
    ]);
  });

  it('is refused in a folder every user may write without the sticky bit, and accepted with it', async () => {
    const open = tempDir(0o777);
    const sticky = tempDir(0o1777);
    const refused = await transcripts(path.join(open, 'telemetry.db'));
    expect([refused.code, refused.stderr]).toEqual([
      1,
      `claude-otel-tui: the database's folder ${open} is writable by every user (mode 0777) and not sticky: anyone could replace the database\n  pass --db PATH in a folder only you can write, or run chmod o-w ${open}\n`,
    ]);
    expect(fs.existsSync(path.join(open, 'telemetry.db'))).toBe(false);
    const accepted = await transcripts(path.join(sticky, 'telemetry.db'));
    expect([accepted.code, accepted.stderr, mode(path.join(sticky, 'telemetry.db'))]).toEqual([0, '', '0600']);
  });
});
