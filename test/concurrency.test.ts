// Several exporter processes send at once to two receivers on one database file, while two readers
// run `sessions --json` and `summary --json` over and over: every request gets 200, every read
// succeeds, and no "database is locked" reaches anyone. (`npm run stress` adds TUIs and more load.)
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { expectedRows, rowsCloseTo, rowsOf } from './helpers/distinct-requests.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';

const captures = captureCases.flatMap((c) => capturedRequests(c));
const expected = expectedRows(captures);
const senderScript = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'stress', 'lib', 'sender.mjs');

const dirs: string[] = [];
const servers: ServeProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

interface SenderReport {
  statuses: Record<string, number>;
  failures: unknown[];
}

/** An exporter process (stress/lib/sender.mjs): distinct requests from the captures, no retries. */
function sender(prefix: string, count: number, urls: string[]): Promise<SenderReport> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [senderScript, prefix, String(count), ...urls], { stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.on('error', reject);
    child.on('close', () => resolve(JSON.parse(stdout) as SenderReport));
  });
}

/** Runs the read commands one after another until `done` settles; returns every run. */
async function readUntil(done: Promise<unknown>, db: string): Promise<CliRun[]> {
  let isDone = false;
  void done.then(() => (isDone = true));
  const runs: CliRun[] = [];
  while (!isDone || runs.length < 4) {
    runs.push(await runCli(['sessions', '--json', '--db', db]));
    runs.push(await runCli(['summary', '--json', '--db', db]));
  }
  return runs;
}

describe('concurrency', () => {
  it('4 exporter processes, 2 receivers and 2 readers on one file: all 200, all reads succeed, nothing locked', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'concurrency-'));
    dirs.push(dir);
    const db = path.join(dir, 'telemetry.db');
    const a = startServe({ port: 0, db });
    servers.push(a);
    const urlA = await a.url;
    const b = startServe({ port: 0, db });
    servers.push(b);
    const urlB = await b.url;
    const sending = Promise.all(['p0', 'p1', 'p2', 'p3'].map((prefix) => sender(prefix, 36, [urlA, urlB])));
    const [reports, ...reads] = await Promise.all([sending, readUntil(sending, db), readUntil(sending, db)]);
    a.child.kill('SIGTERM');
    b.child.kill('SIGTERM');
    const exits = await Promise.all([a.exited, b.exited]);
    const file = new Database(db, { readonly: true });
    const stored = ['p0', 'p1', 'p2', 'p3'].flatMap((prefix) => Array.from({ length: 36 }, (_, k) => rowsOf(file, `${prefix}-${k}`)));
    file.close();
    const runs = reads.flat();
    expect(reports).toEqual(reports.map(() => ({ prefix: expect.any(String), count: 36, statuses: { 200: 36 }, failures: [], templatesUsed: 18 })));
    expect(runs.map((r) => ({ code: r.code, stderr: r.stderr }))).toEqual(runs.map(() => ({ code: 0, stderr: '' })));
    // Every read printed whole JSON.
    expect(runs.map((r) => typeof JSON.parse(r.stdout))).toEqual(runs.map(() => 'object'));
    expect(exits.map((e) => ({ code: e.code, stderr: e.stderr.replace(/\nSIGTERM: finishing requests in flight, closing the database\n/, '') }))).toEqual([
      { code: 0, stderr: '' },
      { code: 0, stderr: '' },
    ]);
    expect(stored).toEqual(['p0', 'p1', 'p2', 'p3'].flatMap(() => Array.from({ length: 36 }, (_, k) => rowsCloseTo(expected[k % captures.length]!))));
    expect([...runs.map((r) => r.stdout + r.stderr), ...exits.map((e) => e.stderr)].filter((text) => /locked|busy/i.test(text))).toEqual([]);
  }, 60_000);
});
