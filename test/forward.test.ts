// Forwarding with real processes: our own `serve` forwards to a second `serve`, and to a sink (a
// node:http server here) that fails, throttles, rejects, hangs and recovers. Every wait is for a
// condition (the queue as the database holds it, or what the sink has seen), never a fixed time.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createForwardQueue } from '../src/store/forward-queue.js';
import { openDatabase } from '../src/store/open.js';
import { forwardStatus, type UpstreamStatus } from '../src/store/read/forward-status.js';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { distinctRequest, type Outgoing } from './helpers/distinct-requests.js';
import { startSink, type Sink } from './helpers/otlp-sink.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';

const cleanups: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forward-test-'));
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function serve(db: string, args: string[], env: Record<string, string> = {}): Promise<{ process: ServeProcess; url: string }> {
  const process = startServe({ port: 0, db, args, env });
  cleanups.push(() => {
    process.child.kill('SIGKILL');
    return process.exited;
  });
  return { process, url: await process.url };
}

async function sink(...args: Parameters<typeof startSink>): Promise<Sink> {
  const s = await startSink(...args);
  cleanups.push(() => s.close());
  return s;
}

async function stop(serve: { process: ServeProcess }): Promise<number | null> {
  serve.process.child.kill('SIGTERM');
  return (await serve.process.exited).code;
}

/** The forward queue as the database holds it (read as `status` reads it). */
function queueOf(dbPath: string): UpstreamStatus[] {
  const db = openDatabase(dbPath, { readonly: true });
  const rows = forwardStatus(db);
  db.close();
  return rows;
}

const logs = capturedRequests('proto-delta-tools').find((r) => r.signal === 'logs')!;
const gzipLogs = capturedRequests('json-gzip-redacted-haiku').find((r) => r.signal === 'logs')!;
const metrics = capturedRequests('proto-delta-tools').find((r) => r.signal === 'metrics')!;

async function send(url: string, requests: readonly Outgoing[]): Promise<number[]> {
  const statuses = [];
  for (const r of requests) statuses.push((await post(`${url}${r.path}`, r.body, r.headers)).status);
  return statuses;
}

const fast = ['--forward-base-delay-ms', '20', '--forward-max-delay-ms', '200'];
const waitLong = { timeout: 15_000, interval: 50 };

describe('forward', () => {
  it('to a second receiver: it stores the same sessions, and a retried request goes once', async () => {
    const dir = tempDir();
    const b = await serve(path.join(dir, 'b.db'), []);
    const a = await serve(path.join(dir, 'a.db'), [], { CLAUDE_OTEL_TUI_FORWARD: b.url });
    const requests = captureCases.flatMap((c) => capturedRequests(c));
    const statuses = await send(a.url, [...requests, requests[0]!]);
    await vi.waitFor(
      () => expect(queueOf(path.join(dir, 'a.db'))).toEqual([expect.objectContaining({ upstream: b.url, queued: 0, delivered: requests.length, dropped: 0 })]),
      waitLong,
    );
    const [aSessions, bSessions] = await Promise.all(['a.db', 'b.db'].map((f) => runCli(['sessions', '--json', '--since', 'all', '--db', path.join(dir, f)])));
    expect(statuses).toEqual(requests.map(() => 200).concat(200));
    expect(JSON.parse(aSessions!.stdout)).toHaveLength(captureCases.length);
    expect(JSON.parse(bSessions!.stdout)).toEqual(JSON.parse(aSessions!.stdout));
    expect(await Promise.all([stop(a), stop(b)])).toEqual([0, 0]);
  });

  it('to a sink that fails, throttles, rejects and recovers: same bytes and headers, Retry-After kept, the rejected one dropped with its reason', async () => {
    const dir = tempDir();
    const upstream = await sink(
      (_r, n) =>
        [
          { status: 500, body: 'boom' },
          { status: 429, headers: { 'retry-after': '1' }, body: 'slow down' },
          { status: 200 },
          { status: 400, body: 'resourceLogs[0] is not valid\nsecond line' },
        ][n] ?? { status: 200 },
    );
    const db = path.join(dir, 'a.db');
    // Retry-After is capped at the longest backoff: here 2 s, so the 429's 1 s is kept as asked.
    const a = await serve(db, [
      '--forward',
      upstream.url,
      '--forward-header',
      'Authorization=Bearer t0k',
      '--forward-base-delay-ms',
      '20',
      '--forward-max-delay-ms',
      '2000',
    ]);
    const sent = [distinctRequest(gzipLogs, 'fwd-1'), distinctRequest(logs, 'fwd-2'), distinctRequest(metrics, 'fwd-3')];
    const statuses = await send(a.url, sent);
    await vi.waitFor(() => expect(queueOf(db)).toEqual([expect.objectContaining({ queued: 0, delivered: 2, dropped: 1 })]), waitLong);
    const status = await runCli(['status', '--json', '--db', db, '--port', new URL(a.url).port]);
    expect(statuses).toEqual([200, 200, 200]);
    expect(upstream.requests.map((r) => [r.path, r.status])).toEqual([
      ['/v1/logs', 500],
      ['/v1/logs', 429],
      ['/v1/logs', 200],
      ['/v1/logs', 400],
      ['/v1/metrics', 200],
    ]);
    expect(upstream.requests.map((r) => r.body)).toEqual([sent[0]!.body, sent[0]!.body, sent[0]!.body, sent[1]!.body, sent[2]!.body]);
    expect(upstream.requests[2]!.headers).toMatchObject({ 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: 'Bearer t0k' });
    expect(upstream.requests[3]!.headers).toMatchObject({ 'content-type': 'application/x-protobuf' });
    expect(upstream.requests[3]!.headers['content-encoding']).toBeUndefined();
    expect(upstream.requests[2]!.atMs - upstream.requests[1]!.atMs).toBeGreaterThanOrEqual(1000);
    expect(JSON.parse(status.stdout).forward).toEqual([
      {
        upstream: upstream.url,
        queued: 0,
        queuedBytes: 0,
        oldestAgeMs: null,
        delivered: 2,
        lastSuccess: expect.stringMatching(/^\d{4}-/),
        lastError: 'HTTP 400: resourceLogs[0] is not valid',
        lastErrorAt: expect.stringMatching(/^\d{4}-/),
        dropped: 1,
        lastDropReason: 'HTTP 400: resourceLogs[0] is not valid',
      },
    ]);
    expect(await stop(a)).toBe(0);
  });

  it('keeps a backlog across a restart and delivers each queued request exactly once', async () => {
    const dir = tempDir();
    const upstream = await sink(() => ({ status: 503, body: 'down for maintenance' }));
    const db = path.join(dir, 'a.db');
    const args = ['--forward', upstream.url, ...fast];
    const first = await serve(db, args);
    const sent = [1, 2, 3, 4].map((i) => distinctRequest(i % 2 === 0 ? metrics : logs, `restart-${i}`));
    const statuses = await send(first.url, sent);
    await vi.waitFor(() => expect(queueOf(db)).toEqual([expect.objectContaining({ queued: 4, lastError: 'HTTP 503: down for maintenance' })]), waitLong);
    const firstExit = await stop(first);
    const queuedWhileStopped = queueOf(db)[0]?.queued;
    upstream.answerWith(() => ({ status: 200 }));
    const second = await serve(db, args);
    await vi.waitFor(() => expect(queueOf(db)).toEqual([expect.objectContaining({ queued: 0, delivered: 4 })]), waitLong);
    expect(statuses).toEqual([200, 200, 200, 200]);
    expect([firstExit, queuedWhileStopped]).toEqual([0, 4]);
    expect(upstream.delivered()).toEqual(sent.map((r) => r.body));
    expect(await stop(second)).toBe(0);
  });

  it('drops the oldest beyond --forward-max-mb and records why', async () => {
    const dir = tempDir();
    const upstream = await sink(() => ({ status: 503 }));
    const db = path.join(dir, 'a.db');
    const sent = [1, 2, 3, 4, 5].map((i) => distinctRequest(logs, `bound-${i}`));
    // Room for one request and a half: each new one pushes the one before it out.
    const maxMb = (Math.max(...sent.map((r) => r.body.length)) * 1.5) / 1024 / 1024;
    const a = await serve(db, ['--forward', upstream.url, '--forward-max-mb', String(maxMb), ...fast]);
    const statuses = await send(a.url, sent);
    await vi.waitFor(() => expect(queueOf(db)).toEqual([expect.objectContaining({ queued: 1, dropped: 4 })]), waitLong);
    const [queue] = queueOf(db);
    upstream.answerWith(() => ({ status: 200 }));
    await vi.waitFor(() => expect(queueOf(db)).toEqual([expect.objectContaining({ queued: 0, delivered: 1 })]), waitLong);
    expect(statuses).toEqual([200, 200, 200, 200, 200]);
    expect(queue?.lastDropReason).toMatch(/^the queue was over the --forward-max-mb bound \(0\.\d+ MB\); oldest dropped first$/);
    expect(queue?.queuedBytes).toBe(sent[4]!.body.length);
    expect(upstream.delivered()).toEqual([sent[4]!.body]);
    expect(await stop(a)).toBe(0);
  });

  it('drops what waited longer than --forward-max-age and records why', async () => {
    const dir = tempDir();
    const upstream = await sink(() => ({ status: 503 }));
    const db = path.join(dir, 'a.db');
    const a = await serve(db, ['--forward', upstream.url, '--forward-max-age', '1s', ...fast]);
    expect(await send(a.url, [distinctRequest(logs, 'age-1'), distinctRequest(logs, 'age-2')])).toEqual([200, 200]);
    // The bounds are checked each minute and whenever a request is queued: keep queueing until the
    // first two are past the age.
    let n = 3;
    await vi.waitFor(
      async () => {
        await send(a.url, [distinctRequest(logs, `age-${n++}`)]);
        expect(queueOf(db)[0]?.dropped).toBeGreaterThanOrEqual(2);
      },
      { timeout: 15_000, interval: 200 },
    );
    expect(queueOf(db)[0]?.lastDropReason).toMatch(/--forward-max-age/);
    expect(await stop(a)).toBe(0);
  });

  it('takes its upstreams and headers from CLAUDE_OTEL_TUI_FORWARD and CLAUDE_OTEL_TUI_FORWARD_HEADERS', async () => {
    const dir = tempDir();
    const first = await sink();
    const second = await sink();
    const db = path.join(dir, 'a.db');
    const a = await serve(db, fast, {
      CLAUDE_OTEL_TUI_FORWARD: `${first.url},${second.url}`,
      CLAUDE_OTEL_TUI_FORWARD_HEADERS: 'X-Team=core, Authorization=Bearer e0v',
    });
    expect(await send(a.url, [logs])).toEqual([200]);
    await vi.waitFor(() => expect(queueOf(db)).toEqual([expect.objectContaining({ delivered: 1 }), expect.objectContaining({ delivered: 1 })]), waitLong);
    for (const upstream of [first, second]) {
      expect(upstream.requests.map((r) => [r.path, r.headers['x-team'], r.headers['authorization']])).toEqual([['/v1/logs', 'core', 'Bearer e0v']]);
    }
    expect(await stop(a)).toBe(0);
  });

  it('acks at once while the upstream hangs, with one request in flight, and still stops cleanly', async () => {
    const dir = tempDir();
    const upstream = await sink(() => 'hang');
    const db = path.join(dir, 'a.db');
    const a = await serve(db, ['--forward', upstream.url, ...fast]);
    const sent = [1, 2, 3].map((i) => distinctRequest(logs, `hang-${i}`));
    const statuses = await send(a.url, sent);
    await vi.waitFor(() => expect(upstream.requests).toHaveLength(1), waitLong);
    const exit = await stop(a);
    expect(statuses).toEqual([200, 200, 200]);
    expect(exit).toBe(0);
    expect(upstream.requests).toHaveLength(1);
    expect(queueOf(db)).toEqual([expect.objectContaining({ queued: 3, delivered: 0, dropped: 0 })]);
  });
});

describe('forward against a hostile upstream', () => {
  // The backoff's ceiling, which also caps Retry-After; milliseconds here, 5 min by default.
  const capped = ['--forward-base-delay-ms', '20', '--forward-max-delay-ms', '300'];

  it.each([
    ['delay-seconds of 31 years', '999999999'],
    ['a date in the year 9999', 'Fri, 31 Dec 9999 23:59:59 GMT'],
    ['more digits than a double holds', '9'.repeat(400)],
  ])('Retry-After %s: each retry waits the capped 300 ms, no more and no busy loop, and nothing is warned', async (_name, retryAfter) => {
    const dir = tempDir();
    const upstream = await sink((_r, n) => ({ status: n % 2 === 0 ? 429 : 503, headers: { 'retry-after': retryAfter }, body: 'go away for a while' }));
    const a = await serve(path.join(dir, 'a.db'), ['--forward', upstream.url, ...capped]);
    expect(await send(a.url, [distinctRequest(logs, 'hostile-retry-after')])).toEqual([200]);
    await vi.waitFor(() => expect(upstream.requests.length).toBeGreaterThanOrEqual(4), waitLong);
    const attempts = upstream.requests.slice(0, 4).map((r) => r.atMs);
    a.process.child.kill('SIGTERM');
    const { code, stderr } = await a.process.exited;
    const gapsMs = attempts.slice(1).map((t, i) => t - attempts[i]!);
    // At least the cap apart (a timer may fire a millisecond early by the sink's clock), and not
    // held back beyond it: the attempts counted over the window, not the CPU timed.
    expect(gapsMs.map((g) => g >= 290 && g < 3_000)).toEqual([true, true, true]);
    expect([code, stderr]).toEqual([0, expect.not.stringMatching(/TimeoutOverflowWarning|does not fit into a 32-bit/)]);
  });

  it('a queued request whose stored next attempt is decades away (an older version kept any Retry-After) is sent within the cap', async () => {
    const dir = tempDir();
    const upstream = await sink();
    const dbPath = path.join(dir, 'a.db');
    const request = distinctRequest(logs, 'stored-far-future');
    const db = openDatabase(dbPath);
    const queue = createForwardQueue(db);
    const nowMs = Date.now();
    queue.enqueue([upstream.url], { signal: 'logs', contentType: request.headers['content-type']!, contentEncoding: null, body: request.body }, nowMs);
    queue.retryLater(queue.head(upstream.url)!, 'HTTP 429: go away', nowMs + 999_999_999_000, nowMs);
    db.close();
    const a = await serve(dbPath, ['--forward', upstream.url, ...capped]);
    await vi.waitFor(() => expect(queueOf(dbPath)).toEqual([expect.objectContaining({ queued: 0, delivered: 1 })]), waitLong);
    expect(upstream.delivered()).toEqual([request.body]);
    a.process.child.kill('SIGTERM');
    const { code, stderr } = await a.process.exited;
    expect([code, stderr]).toEqual([0, expect.not.stringMatching(/TimeoutOverflowWarning/)]);
  });
});

describe('credentials in a forward URL', () => {
  const basic = `Basic ${Buffer.from('fwd-user:s3cr@t-pw').toString('base64')}`;
  /** Every byte of the database folder: the file, its -wal and -shm. */
  const databaseBytes = (dir: string) =>
    fs
      .readdirSync(dir)
      .map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1'))
      .join('\n');

  it.each([
    ['--forward', (url: string) => ({ args: ['--forward', url], env: {} })],
    ['CLAUDE_OTEL_TUI_FORWARD', (url: string) => ({ args: [], env: { CLAUDE_OTEL_TUI_FORWARD: url } })],
  ])('from %s become an Authorization: Basic header; the URL is printed, shown and stored without them', async (_name, given) => {
    const dir = tempDir();
    const upstream = await sink();
    const db = path.join(dir, 'a.db');
    const { args, env } = given(`http://fwd-user:s3cr%40t-pw@127.0.0.1:${new URL(upstream.url).port}/`);
    const a = await serve(db, [...args, ...fast], env);
    expect(await send(a.url, [logs])).toEqual([200]);
    await vi.waitFor(() => expect(queueOf(db)).toEqual([expect.objectContaining({ upstream: upstream.url, delivered: 1 })]), waitLong);
    const port = new URL(a.url).port;
    const [status, statusJson] = await Promise.all([runCli(['status', '--db', db, '--port', port]), runCli(['status', '--json', '--db', db, '--port', port])]);
    const whileRunning = databaseBytes(dir);
    a.process.child.kill('SIGTERM');
    const { code, stdout, stderr } = await a.process.exited;
    const everything = [stdout, stderr, status.stdout, status.stderr, statusJson.stdout, statusJson.stderr, whileRunning, databaseBytes(dir)].join('\n');
    expect(upstream.requests.map((r) => r.headers.authorization)).toEqual([basic]);
    expect(stdout).toContain(`forwarding to ${upstream.url} (queued`);
    expect(JSON.parse(statusJson.stdout).forward).toEqual([expect.objectContaining({ upstream: upstream.url, delivered: 1 })]);
    expect(everything).not.toMatch(/s3cr|fwd-user/);
    expect(everything).not.toContain(basic.slice('Basic '.length));
    expect(code).toBe(0);
  });

  it.each([
    [
      'with an Authorization header too',
      ['--forward', 'http://fwd-user:s3cr3t-pw@127.0.0.1:1', '--forward-header', 'Authorization=Bearer abc'],
      {},
      /--forward http:\/\/127\.0\.0\.1:1 has a user and password in it and --forward-header gives Authorization too/,
    ],
    ['that is not a URL', ['--forward', 'http://fwd-user:s3cr3t-pw@bad host/'], {}, /--forward http:\/\/\*\*\*@bad host\/ is not a URL/],
    [
      'that is not http',
      [],
      { CLAUDE_OTEL_TUI_FORWARD: 'ftp://fwd-user:s3cr3t-pw@example.com' },
      /--forward ftp:\/\/\*\*\*@example\.com is not an http or https URL/,
    ],
    ['with a broken %-escape', ['--forward', 'http://fwd-user:s3cr3t%zz@example.com'], {}, /--forward http:\/\/\*\*\*@example\.com has a malformed %-escape/],
  ])('refused %s, without printing them', async (_name, args, env, message) => {
    const dir = tempDir();
    const run = await runCli(['serve', '--port', '0', '--db', path.join(dir, 'a.db'), ...args], env);
    expect([run.code, run.stderr, run.stdout]).toEqual([2, expect.stringMatching(message), '']);
    expect(run.stderr).not.toMatch(/s3cr3t|fwd-user/);
  });
});
