// The receiving process on a worker thread, as `ui` runs it when it owns the port: started from the
// built thread bundle (dist/receiving-thread.cjs, as users run it), a real SQLite file in a temp folder, real Claude Code
// request bodies. It answers while this (the dashboard's) thread is blocked, stores exactly what one
// copy of each capture stores, tells this thread when something was stored, and stops with the
// database closed and no WAL left.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceivingWorker, type ReceivingWorker, type ReceivingWorkerOptions } from '../src/cli/receiving/receiving-worker-host.js';
import type { ReceivingSettings } from '../src/cli/receiving/settings.js';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { cliPath } from './helpers/cli.js';
import { distinctRequest, expectedRows, rowsCloseTo, rowsOfFile } from './helpers/distinct-requests.js';
import { integrityCheck } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';

const captures = captureCases.flatMap((c) => capturedRequests(c));
const expected = expectedRows(captures);

const dirs: string[] = [];
const running: ReceivingWorker[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDbPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'receiving-worker-'));
  dirs.push(dir);
  return path.join(dir, 'telemetry.db');
}

function settingsFor(dbPath: string, port = 0): ReceivingSettings {
  return {
    dbPath,
    host: '127.0.0.1',
    port,
    token: undefined,
    maxConnections: undefined,
    requestTimeoutMs: undefined,
    retentionDays: undefined,
    isReadingTranscripts: false,
    forwarding: undefined,
  };
}

async function start(dbPath: string, more: Partial<ReceivingWorkerOptions> = {}): Promise<ReceivingWorker> {
  const worker = await startReceivingWorker({
    settings: settingsFor(dbPath),
    sync: { sync: undefined, machine: undefined, syncIntervalMs: undefined },
    log: { note: () => undefined, problem: () => undefined },
    onChange: () => undefined,
    onCrash: (error) => {
      throw error;
    },
    script: pathToFileURL(path.join(path.dirname(cliPath), 'receiving-thread.cjs')),
    ...more,
  });
  running.push(worker);
  return worker;
}

/** POSTs from another process, with this thread blocked in execFileSync until that process ends. */
function postWhileBlocked(url: string, request: ReturnType<typeof distinctRequest>): number {
  const bodyFile = path.join(dirs[dirs.length - 1]!, 'body');
  fs.writeFileSync(bodyFile, request.body);
  const script = `const [url, file, headers] = process.argv.slice(1);
fetch(url, { method: 'POST', body: require('node:fs').readFileSync(file), headers: JSON.parse(headers), signal: AbortSignal.timeout(10000) })
  .then((r) => process.stdout.write(String(r.status)), (e) => process.stdout.write(String(e)));`;
  return Number(
    execFileSync(process.execPath, ['-e', script, `${url}${request.path}`, bodyFile, JSON.stringify(request.headers)], { encoding: 'utf8', timeout: 30_000 }),
  );
}

describe('the receiving process on a worker thread', () => {
  it('answers while this thread is blocked, stores exactly what it was sent, says so, and stops with no WAL left', async () => {
    const dbPath = tempDbPath();
    let changes = 0;
    const worker = await start(dbPath, { onChange: () => (changes += 1) });
    const blockedStatus = postWhileBlocked(worker.url, distinctRequest(captures[0]!, 'copy-0'));
    const statuses = [blockedStatus];
    for (let i = 1; i < captures.length; i++) {
      const r = distinctRequest(captures[i]!, `copy-${i}`);
      statuses.push((await post(`${worker.url}${r.path}`, r.body, r.headers)).status);
    }
    const stops = [worker.stop(), worker.stop()];
    await Promise.all(stops);
    expect({
      statuses: new Set(statuses),
      isToldOfChanges: changes > 0,
      isOneStop: stops[0] === stops[1],
      hasWal: fs.existsSync(`${dbPath}-wal`),
      integrity: integrityCheck(dbPath),
    }).toEqual({
      statuses: new Set([200]),
      isToldOfChanges: true,
      isOneStop: true,
      hasWal: false,
      integrity: 'ok',
    });
    expect(captures.map((_, i) => rowsOfFile(dbPath, `copy-${i}`))).toEqual(expected.map(rowsCloseTo));
  });

  it('refuses a port in use with the same error as in process, so ui can become a viewer', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    const failed = start(tempDbPath(), { settings: settingsFor(tempDbPath(), port) }).then(
      () => null,
      (error: unknown) => error,
    );
    const error = await failed;
    blocker.close();
    expect(error).toMatchObject({ name: 'UserError', message: expect.stringMatching(new RegExp(`port ${port} is in use`)) });
  });
});
