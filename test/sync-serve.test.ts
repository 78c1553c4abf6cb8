// `serve --sync` as real processes on one shared folder: a receiver writes what it accepted as a
// segment when it stops, and a running one reads the other's segments on its own.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';
import { sessionIdOf } from './helpers/transcripts.js';

let dir: string;
let folder: string;
const running: ServeProcess[] = [];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sync-serve-'));
  folder = path.join(dir, 'shared');
  fs.mkdirSync(folder);
});
afterAll(async () => {
  for (const p of running) {
    p.child.kill('SIGTERM');
    await p.exited;
  }
  fs.rmSync(dir, { recursive: true, force: true });
});

function serve(machine: string): { process: ServeProcess; db: string } {
  const db = path.join(dir, `${machine}.db`);
  const process = startServe({ port: 0, db, args: ['--sync', folder, '--machine', machine, '--sync-interval-ms', '100'] });
  running.push(process);
  return { process, db };
}

async function stop(p: ServeProcess) {
  p.child.kill('SIGTERM');
  const exit = await p.exited;
  running.splice(running.indexOf(p), 1);
  expect(exit.code).toBe(0);
}

/** Reads `sessions --json` until `until` holds (the other process syncs on its own clock). */
async function sessionsWhen(db: string, until: (rows: Array<{ sessionId: string; machine: string }>) => boolean) {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const rows = JSON.parse((await runCli(['sessions', '--json', '--db', db])).stdout) as Array<{ sessionId: string; machine: string }>;
    if (until(rows) || Date.now() > deadline) return rows;
  }
}

describe('serve --sync', () => {
  it('writes its segment when it stops; another running receiver reads it, and the first reads the other at its next start', async () => {
    const a = serve('laptop');
    const b = serve('desktop');
    for (const r of capturedRequests('json-delta-edit')) expect((await post(`${await a.process.url}${r.path}`, r.body, r.headers)).status).toBe(200);
    for (const r of capturedRequests('proto-delta-tools')) expect((await post(`${await b.process.url}${r.path}`, r.body, r.headers)).status).toBe(200);
    await stop(a.process);
    expect(fs.readdirSync(path.join(folder, 'laptop'))).toEqual([expect.stringMatching(/^\d{8}T\d{9}Z-[0-9a-f]{64}\.jsonl$/)]);
    const laptopSession = sessionIdOf('json-delta-edit');
    const desktopSession = sessionIdOf('proto-delta-tools');
    const atDesktop = await sessionsWhen(b.db, (rows) => rows.length === 2);
    expect(atDesktop.map((r) => [r.sessionId, r.machine]).sort()).toEqual(
      [
        [desktopSession, 'desktop'],
        [laptopSession, 'laptop'],
      ].sort(),
    );
    await stop(b.process);
    const again = serve('laptop');
    await again.process.url;
    const atLaptop = await sessionsWhen(a.db, (rows) => rows.length === 2);
    expect(atLaptop.map((r) => [r.sessionId, r.machine]).sort()).toEqual(
      [
        [desktopSession, 'desktop'],
        [laptopSession, 'laptop'],
      ].sort(),
    );
    await stop(again.process);
    // Nothing of the desktop's went back out as the laptop's.
    expect(fs.readdirSync(path.join(folder, 'laptop'))).toHaveLength(1);
  });

  it('refuses a sync folder that does not exist before it listens', async () => {
    const p = startServe({ port: 0, db: path.join(dir, 'x.db'), args: ['--sync', path.join(dir, 'nowhere'), '--machine', 'x'] });
    const exit = await p.exited;
    expect(exit.code).toBe(1);
    expect(exit.stderr).toContain(`sync folder ${path.join(dir, 'nowhere')} does not exist`);
  });
});
