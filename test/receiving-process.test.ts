// The receiving process (src/cli/receiving/receiving-process.ts) on its own: a real SQLite file in a
// temp folder, a real receiver on port 0, real Claude Code request bodies. It starts and stops more
// than once in one process, its stop runs once, answers and stores a request in flight, closes the
// database without a WAL left, and leaves nothing that keeps a process alive.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { forwardSettings } from '../src/cli/receiving/forward-options.js';
import {
  startReceivingProcess,
  type CommittedRequest,
  type ExtensionFactory,
  type ProcessLog,
  type ReceivingProcess,
} from '../src/cli/receiving/receiving-process.js';
import type { ReceivingSettings } from '../src/cli/receiving/settings.js';
import { createForwardQueue } from '../src/store/forward-queue.js';
import { openDatabase } from '../src/store/open.js';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { distinctRequest, expectedRows, rowsCloseTo, rowsOf, rowsOfFile } from './helpers/distinct-requests.js';
import { startSink, type Sink } from './helpers/otlp-sink.js';
import { acceptsConnections, heldRequest } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';
import { poll } from './helpers/poll.js';

const captures = captureCases.flatMap((c) => capturedRequests(c));
const expected = expectedRows(captures);
const logs = captures.findIndex((c) => c.case === 'proto-delta-tools' && c.signal === 'logs');
const gzipJson = captures.findIndex((c) => c.headers['content-encoding'] === 'gzip' && c.headers['content-type'] === 'application/json');
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const dirs: string[] = [];
const running: ReceivingProcess[] = [];
const sinks: Sink[] = [];
afterEach(async () => {
  for (const r of running.splice(0)) await r.stop();
  for (const s of sinks.splice(0)) await s.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'receiving-process-'));
  dirs.push(dir);
  return dir;
}

function settingsFor(dbPath: string, more: Partial<ReceivingSettings> = {}): ReceivingSettings {
  return {
    dbPath,
    host: '127.0.0.1',
    port: 0,
    token: undefined,
    maxConnections: undefined,
    requestTimeoutMs: undefined,
    retentionDays: undefined,
    isReadingTranscripts: false,
    forwarding: undefined,
    ...more,
  };
}

/** A log that keeps its lines, and can say when one matching a pattern arrives. */
function recordingLog(): ProcessLog & { notes: string[]; problems: string[]; next(pattern: RegExp): Promise<string> } {
  const notes: string[] = [];
  const problems: string[] = [];
  const waiting: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  const add = (list: string[]) => (line: string) => {
    list.push(line);
    for (const w of waiting.filter((x) => x.pattern.test(line))) w.resolve(line);
  };
  return { notes, problems, note: add(notes), problem: add(problems), next: (pattern) => new Promise((resolve) => waiting.push({ pattern, resolve })) };
}

async function start(dbPath: string, options: Partial<Parameters<typeof startReceivingProcess>[0]> = {}): Promise<ReceivingProcess> {
  const r = await startReceivingProcess({ settings: settingsFor(dbPath), log: recordingLog(), ...options });
  running.push(r);
  return r;
}

async function send(url: string, index: number, sessionId: string): Promise<number> {
  const request = distinctRequest(captures[index]!, sessionId);
  return (await post(`${url}${request.path}`, request.body, request.headers)).status;
}

describe('the receiving process', () => {
  it('starts and stops twice in one process on one database; each stop closes it and leaves no WAL', async () => {
    const dbPath = path.join(tempDir(), 'telemetry.db');
    const first = await start(dbPath);
    const firstStatus = await send(first.url, logs, 'first');
    await first.stop();
    const walAfterFirst = fs.existsSync(`${dbPath}-wal`);
    const second = await start(dbPath);
    const secondStatus = await send(second.url, logs, 'second');
    await second.stop();
    expect([firstStatus, secondStatus]).toEqual([200, 200]);
    expect([first.db.open, second.db.open, walAfterFirst, fs.existsSync(`${dbPath}-wal`)]).toEqual([false, false, false, false]);
    expect([rowsOfFile(dbPath, 'first'), rowsOfFile(dbPath, 'second')]).toEqual([rowsCloseTo(expected[logs]!), rowsCloseTo(expected[logs]!)]);
  });

  it('stop runs once: a second call, at once or later, gets the same promise and throws nothing', async () => {
    const r = await start(path.join(tempDir(), 'telemetry.db'));
    const calls = [r.stop(), r.stop()];
    await Promise.all(calls);
    const later = r.stop();
    await later;
    expect([calls[1] === calls[0], later === calls[0], r.db.open]).toEqual([true, true, false]);
  });

  it('answers and stores a request in flight when it stops, then closes the database', async () => {
    const dbPath = path.join(tempDir(), 'telemetry.db');
    const r = await start(dbPath);
    const held = heldRequest(r.url, distinctRequest(captures[logs]!, 'in-flight'), 0, { expectContinue: true });
    await held.continued;
    const stopped = r.stop();
    // It stops listening first, then waits for the request it is reading.
    await poll(async () => ((await acceptsConnections(r.url)) ? undefined : true));
    const isOpenWhileInFlight = r.db.open;
    held.finish();
    const response = await held.response;
    await stopped;
    expect([response.status, isOpenWhileInFlight, r.db.open, fs.existsSync(`${dbPath}-wal`)]).toEqual([200, true, false, false]);
    expect(rowsOfFile(dbPath, 'in-flight')).toEqual(rowsCloseTo(expected[logs]!));
  });

  it('prunes at start with --keep-days, and says what it removed', async () => {
    const dbPath = path.join(tempDir(), 'telemetry.db');
    const before = await start(dbPath);
    await send(before.url, logs, 'old');
    await before.stop();
    const log = recordingLog();
    const removed = log.next(/^retention: removed/);
    // The captures are from 2025 or so: a clock ten years on makes them older than a day.
    await start(dbPath, { settings: settingsFor(dbPath, { retentionDays: 1 }), log, nowMs: () => Date.parse('2035-01-01T00:00:00Z') });
    const line = await removed;
    expect(line).toMatch(new RegExp(`^retention: removed ${expected[logs]!.events} events, `));
    expect(rowsOfFile(dbPath, 'old').events).toBe(0);
  });

  it('hands each committed request to the after-commit listeners before the answer; a failing listener changes no answer and is reported once', async () => {
    const dbPath = path.join(tempDir(), 'telemetry.db');
    const seen: (CommittedRequest & { storedBefore: number })[] = [];
    const recorder: ExtensionFactory = (context) => ({
      name: 'recorder',
      afterCommit: (request) => {
        const stored = rowsOf(context.db, 'listened');
        seen.push({ ...request, storedBefore: stored.events + stored.points });
      },
    });
    const failing: ExtensionFactory = () => ({
      name: 'failing',
      afterCommit: () => {
        throw new Error('disk full');
      },
    });
    const log = recordingLog();
    const r = await start(dbPath, { log, extensions: [failing, recorder] });
    const startedMs = Date.now();
    const statuses = [await send(r.url, gzipJson, 'listened'), await send(r.url, gzipJson, 'listened')];
    const capture = captures[gzipJson]!;
    const records = expected[gzipJson]!.events + expected[gzipJson]!.points;
    expect(statuses).toEqual([200, 200]);
    expect(
      seen.map(({ body, receivedMs, ...rest }) => ({
        ...rest,
        body: Buffer.from(body).toString('utf8'),
        isReceivedNow: receivedMs >= startedMs && receivedMs <= Date.now(),
      })),
    ).toEqual([
      {
        signal: capture.signal,
        encoding: 'json',
        inserted: records,
        duplicates: 0,
        rejected: 0,
        storedBefore: records,
        isReceivedNow: true,
        body: zlib.gunzipSync(distinctRequest(capture, 'listened').body).toString('utf8'),
      },
      // A retry: committed, nothing new.
      expect.objectContaining({ inserted: 0, duplicates: records }),
    ]);
    expect(log.problems).toEqual(['failing: disk full']);
  });

  it("runs an extension's periodic task, and its stop waits for a run in progress before the database closes", async () => {
    let release: () => void = () => undefined;
    let markStarted: () => void = () => undefined;
    const runStarted = new Promise<void>((resolve) => (markStarted = resolve));
    let runs = 0;
    const slow: ExtensionFactory = () => ({
      name: 'slow',
      tasks: [
        {
          name: 'slow task',
          intervalMs: 60_000,
          run: () => {
            runs += 1;
            markStarted();
            return new Promise<void>((resolve) => (release = resolve));
          },
        },
      ],
    });
    const r = await start(path.join(tempDir(), 'telemetry.db'), { extensions: [slow] });
    await runStarted;
    let isStopped = false;
    const stopped = r.stop().then(() => (isStopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    const whileRunning = { isStopped, isOpen: r.db.open };
    release();
    await stopped;
    expect([whileRunning, { isStopped, isOpen: r.db.open }, runs]).toEqual([{ isStopped: false, isOpen: true }, { isStopped: true, isOpen: false }, 1]);
  });

  it('stops by its deadline even when a step hangs, and still closes the database', async () => {
    const dbPath = path.join(tempDir(), 'telemetry.db');
    const hung: ExtensionFactory = () => ({ name: 'hung', close: () => new Promise<void>(() => undefined) });
    const log = recordingLog();
    const r = await start(dbPath, { log, extensions: [hung], stopTimeoutMs: 200 });
    await r.stop();
    expect([r.db.open, fs.existsSync(`${dbPath}-wal`)]).toEqual([false, false]);
    expect(log.problems).toEqual(['stopping: hung did not end within 200 ms; closing the database anyway']);
  });

  it('on a taken port: fails, sends nothing of the queue (the process on the port does), and closes what it opened', async () => {
    const dir = tempDir();
    const dbPath = path.join(dir, 'telemetry.db');
    const sink = await startSink();
    sinks.push(sink);
    const db = openDatabase(dbPath);
    createForwardQueue(db).enqueue(
      [sink.url],
      { signal: 'logs', contentType: 'application/x-protobuf', contentEncoding: null, body: Buffer.from('queued') },
      Date.now(),
    );
    db.close();
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    let closedExtensions = 0;
    const counted: ExtensionFactory = () => ({ name: 'counted', close: () => void (closedExtensions += 1) });
    const forwarding = forwardSettings({ forward: [sink.url] }, {});
    const failure = await startReceivingProcess({ settings: settingsFor(dbPath, { port, forwarding }), log: recordingLog(), extensions: [counted] }).catch(
      (error: unknown) => error,
    );
    taken.close();
    const afterFailure = { requests: sink.requests.length, closedExtensions, isWalLeft: fs.existsSync(`${dbPath}-wal`) };
    // The same queue, from a process that does own its port, goes out.
    await start(dbPath, { settings: settingsFor(dbPath, { forwarding }) });
    await poll(() => (sink.requests.length > 0 ? true : undefined));
    expect(String(failure)).toMatch(new RegExp(`port ${port} is in use`));
    expect(afterFailure).toEqual({ requests: 0, closedExtensions: 1, isWalLeft: false });
    expect(sink.delivered().map((b) => b.toString())).toEqual(['queued']);
  });

  it('leaves nothing that keeps a process alive: one that starts and stops it twice, every part on, exits by itself', async () => {
    const dir = tempDir();
    const sink = await startSink();
    sinks.push(sink);
    fs.mkdirSync(path.join(dir, 'projects'));
    const modulePath = (file: string) => pathToFileURL(path.join(repoRoot, 'dist', 'src', 'cli', 'receiving', file)).href;
    // The compiled module (npm run build), as the CLI runs it. The script never calls process.exit.
    const script = `
      import { startReceivingProcess } from ${JSON.stringify(modulePath('receiving-process.js'))};
      import { forwardSettings } from ${JSON.stringify(modulePath('forward-options.js'))};
      const settings = { dbPath: ${JSON.stringify(path.join(dir, 'telemetry.db'))}, host: '127.0.0.1', port: 0, token: undefined, maxConnections: undefined,
        requestTimeoutMs: undefined, retentionDays: 30, isReadingTranscripts: true, forwarding: forwardSettings({ forward: [${JSON.stringify(sink.url)}] }, {}) };
      let ticks = 0;
      let ticksAtStop = 0;
      const extension = () => ({ name: 'x', tasks: [{ name: 'tick', intervalMs: 5, run: () => void (ticks += 1) }] });
      const log = { note: () => {}, problem: (line) => console.error(line) };
      for (let i = 0; i < 2; i += 1) {
        const r = await startReceivingProcess({ settings, log, extensions: [extension], transcriptDirs: [${JSON.stringify(path.join(dir, 'projects'))}] });
        const answer = await fetch(r.url + '/v1/logs', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"resourceLogs":[]}' });
        await answer.arrayBuffer();
        while (ticks < 2 * (i + 1)) await new Promise((resolve) => setTimeout(resolve, 5));
        await r.stop();
        ticksAtStop = ticks;
      }
      // While its sockets finish closing, a timer left running would still tick.
      process.on('exit', () => console.log(\`ticks after the last stop: \${ticks - ticksAtStop}\`));
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 10_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const exit = await new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    );
    expect({ ...exit, stdout, stderr }).toEqual({ code: 0, signal: null, stdout: 'ticks after the last stop: 0\n', stderr: '' });
  });
});
