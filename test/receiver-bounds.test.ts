// Resource bounds of the receiver: the request bodies held across all connections at once, the
// number of connections, and which answers close their connection. Real sockets on a loopback port,
// requests written byte by byte so a test can hold them open mid-body.
import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { capturedRequests } from './helpers/captures.js';
import { distinctRequest, expectedRows, rowsCloseTo, rowsOf, type Outgoing } from './helpers/distinct-requests.js';
import { heldRequest, postStatus } from './helpers/serve-process.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const jsonLogs = capturedRequests('json-delta-edit').find((r) => r.signal === 'logs')!;
const [jsonLogsRows] = expectedRows([jsonLogs]);
const mib = 1024 * 1024;

const receivers: TempReceiver[] = [];
afterEach(async () => {
  for (const r of receivers.splice(0)) await r.stop();
});

async function receiver(options: Parameters<typeof tempReceiver>[0]): Promise<TempReceiver> {
  const r = await tempReceiver(options);
  receivers.push(r);
  return r;
}

/** The JSON capture as a new session, padded with trailing whitespace (still valid JSON) to `bytes`. */
function bigValidRequest(sessionId: string, bytes: number): Outgoing {
  const request = distinctRequest(jsonLogs, sessionId);
  return { ...request, body: Buffer.concat([request.body, Buffer.alloc(bytes - request.body.length, 0x20)]) };
}

/** Resolves once `count` of the promises have settled. */
function settled(promises: readonly Promise<unknown>[], count: number): Promise<void> {
  let n = 0;
  return new Promise((resolve) => {
    for (const p of promises) void p.finally(() => (n += 1) === count && resolve());
  });
}

describe('body budget', () => {
  it('holds 20 concurrent slow 1.5 MiB uploads within an 8 MiB budget: 4 admitted, 16 answered 503 + Retry-After before their bodies are read; a small request still gets 200', async () => {
    // 8 MiB in all; large bodies (over 1 MiB) may take 7 of it, so 4 of 1.5 MiB fit and a fifth does not.
    const store = await receiver({ bodyBudgetBytes: 8 * mib, maxBodyBytes: 2 * mib, requestTimeoutMs: 20_000 });
    const uploads = Array.from({ length: 20 }, (_, i) => ({ sessionId: `slow-${i}`, request: bigValidRequest(`slow-${i}`, 1.5 * mib) }));
    const held = uploads.map((u) => heldRequest(store.receiver.url, u.request, 64 * 1024));
    await Promise.all(held.map((h) => h.sent));
    await settled(
      held.map((h) => h.response),
      16,
    );
    const whileHeld = store.receiver.bodyBytes();
    const small = await postStatus(new http.Agent(), store.receiver.url, distinctRequest(jsonLogs, 'small-meanwhile'), 10_000);
    const answered = await Promise.all(held.map((h) => Promise.race([h.response, Promise.resolve(null)])));
    const refused = answered.filter((a) => a !== null);
    const admitted = held.filter((_, i) => answered[i] === null);
    for (const h of admitted) h.finish();
    const finished = await Promise.all(admitted.map((h) => h.response));
    await vi.waitFor(() => expect(store.receiver.bodyBytes().heldBytes).toBe(0));

    expect(whileHeld).toEqual({ heldBytes: 4 * 1.5 * mib, peakBytes: 4 * 1.5 * mib, limitBytes: 8 * mib });
    expect(small).toBe(200);
    expect(refused).toEqual(
      Array.from({ length: 16 }, () => ({
        status: 503,
        headers: expect.objectContaining({ 'retry-after': '2', connection: 'close' }),
        body: expect.stringMatching(
          /"message":"too much request data in flight: a 1\.5 MiB body does not fit beside the 6 MiB other requests hold \(limit 8 MiB for all at once\); retry after 2 s"/,
        ),
        closedByServer: expect.any(Boolean),
        elapsedMs: expect.any(Number),
      })),
    );
    expect(finished.map((a) => a.status)).toEqual([200, 200, 200, 200]);
    // The refused uploads stored nothing; the admitted ones and the small one all they brought.
    const stored = uploads.map((u) => rowsOf(store.db, u.sessionId).events > 0);
    expect(stored.filter(Boolean)).toHaveLength(4);
    expect(rowsOf(store.db, 'small-meanwhile')).toEqual(rowsCloseTo(jsonLogsRows!));
    expect(store.receiver.bodyBytes().peakBytes).toBeLessThanOrEqual(8 * mib);
  });

  it('counts a chunked body as it grows, and answers 503 once it would go beyond the budget', async () => {
    const store = await receiver({ bodyBudgetBytes: 4 * mib, maxBodyBytes: 4 * mib });
    const { hostname, port } = new URL(store.receiver.url);
    const answer = await new Promise<{ status: number; retryAfter: string | undefined; body: string }>((resolve) => {
      const req = http.request(
        { host: hostname, port, path: '/v1/logs', method: 'POST', headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' } },
        (res) => {
          let body = '';
          res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, retryAfter: res.headers['retry-after'], body }));
        },
      );
      req.on('error', () => undefined);
      // 4 MiB in 256 KiB chunks: large bodies may hold 3 MiB of the 4 (1 MiB is kept for small ones).
      for (let i = 0; i < 16; i += 1) req.write(Buffer.alloc(256 * 1024, 0x20));
      req.end();
    });
    expect(answer).toEqual({
      status: 503,
      retryAfter: '2',
      body: expect.stringMatching(
        /a 3(\.\d)? MiB body \(so far\) does not fit beside the 0 KiB other requests hold \(limit 4 MiB for all at once\); retry after 2 s/,
      ),
    });
    await vi.waitFor(() => expect(store.receiver.bodyBytes().heldBytes).toBe(0));
  });
});

/** A raw connection: resolves when it closes, with what (if anything) came back on it. */
function openSocket(url: string): { socket: net.Socket; connected: Promise<void>; closed: Promise<{ received: number }> } {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let received = 0;
  socket.on('data', (chunk: Buffer) => (received += chunk.length));
  socket.on('error', () => undefined);
  return {
    socket,
    connected: new Promise((resolve) => socket.once('connect', () => resolve())),
    closed: new Promise((resolve) => socket.once('close', () => resolve({ received }))),
  };
}

describe('connections', () => {
  it('holds at most --max-connections at once: beyond it, new connections are closed unanswered, and the ones held still finish', async () => {
    const store = await receiver({ maxConnections: 8, requestTimeoutMs: 20_000 });
    const held = Array.from({ length: 8 }, (_, i) => heldRequest(store.receiver.url, distinctRequest(jsonLogs, `held-${i}`), 100));
    await Promise.all(held.map((h) => h.sent));
    await vi.waitFor(() => expect(store.receiver.openConnections()).toBe(8));
    const extra = Array.from({ length: 6 }, () => openSocket(store.receiver.url));
    const extraClosed = await Promise.all(extra.map((e) => e.closed));
    const openWhileFull = store.receiver.openConnections();
    for (const h of held) h.finish();
    const answers = await Promise.all(held.map((h) => h.response));
    expect(extraClosed).toEqual(extra.map(() => ({ received: 0 })));
    expect(openWhileFull).toBe(8);
    expect(answers.map((a) => a.status)).toEqual(held.map(() => 200));
  });

  it('closes the connection idle the longest to make room when the cap is reached, so a new client gets in', async () => {
    const store = await receiver({ maxConnections: 4 });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 4 });
    const first = await Promise.all([0, 1, 2, 3].map((i) => postStatus(agent, store.receiver.url, distinctRequest(jsonLogs, `idle-${i}`), 10_000)));
    const idleSockets = Object.values(agent.freeSockets).flat();
    const closedIdle: number[] = [];
    const oneClosed = new Promise<void>((resolve) => idleSockets.forEach((s, i) => s?.once('close', () => resolve(void closedIdle.push(i)))));
    const newcomer = await postStatus(new http.Agent(), store.receiver.url, distinctRequest(jsonLogs, 'newcomer'), 10_000);
    await oneClosed;
    const open = store.receiver.openConnections();
    agent.destroy();
    expect(first).toEqual([200, 200, 200, 200]);
    expect(idleSockets).toHaveLength(4);
    expect([newcomer, closedIdle.length]).toEqual([200, 1]);
    expect(open).toBeLessThanOrEqual(4);
  });
});

/**
 * Sends `request` on a fresh keep-alive connection, then, once its answer is in, a `GET /` on the
 * same connection: the server either answers that too (it kept the connection) or has closed it.
 */
function keptAfter(url: string, request: string): Promise<{ status: number; connection: string | undefined; then: 'answered again' | 'closed' }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  let data = '';
  let first: { status: number; connection: string | undefined } | undefined;
  return new Promise((resolve) => {
    socket.once('connect', () => socket.write(request.replaceAll('HOST', `${hostname}:${port}`)));
    socket.setEncoding('latin1').on('data', (chunk: string) => {
      data += chunk;
      const responses = [...data.matchAll(/HTTP\/1\.1 (\d{3})[^]*?\r\n\r\n/g)];
      if (first === undefined && responses.length > 0) {
        const head = responses[0]![0];
        first = { status: Number(responses[0]![1]), connection: /\r\nconnection: ([^\r]*)/i.exec(head)?.[1]?.toLowerCase() };
        socket.write(`GET / HTTP/1.1\r\nhost: ${hostname}:${port}\r\n\r\n`);
      }
      if (responses.length > 1) {
        socket.destroy();
        resolve({ ...first!, then: 'answered again' });
      }
    });
    socket.on('error', () => undefined);
    socket.once('close', () => resolve({ status: first?.status ?? 0, connection: first?.connection, then: 'closed' }));
  });
}

describe('answers that close their connection', () => {
  const token = 'Bearer t0k';
  it.each([
    ['401 without the token', `POST /v1/logs HTTP/1.1\r\nhost: HOST\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`, 401, 'closed'],
    [
      '403 for a browser',
      `POST /v1/logs HTTP/1.1\r\nhost: HOST\r\norigin: http://evil.example\r\nauthorization: ${token}\r\ncontent-length: 2\r\n\r\n{}`,
      403,
      'closed',
    ],
    ['404 for an unknown path', `GET /wp-login.php HTTP/1.1\r\nhost: HOST\r\nauthorization: ${token}\r\n\r\n`, 404, 'closed'],
    ['405 for GET on a signal path', `GET /v1/logs HTTP/1.1\r\nhost: HOST\r\nauthorization: ${token}\r\n\r\n`, 405, 'closed'],
    [
      '415 for a wrong content type',
      `POST /v1/logs HTTP/1.1\r\nhost: HOST\r\nauthorization: ${token}\r\ncontent-type: text/plain\r\ncontent-length: 2\r\n\r\nhi`,
      415,
      'closed',
    ],
    ['200 for the identity probe (kept)', `GET / HTTP/1.1\r\nhost: HOST\r\nauthorization: ${token}\r\n\r\n`, 200, 'answered again'],
    [
      '200 for valid data (kept)',
      `POST /v1/logs HTTP/1.1\r\nhost: HOST\r\nauthorization: ${token}\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`,
      200,
      'answered again',
    ],
  ])('%s', async (_name, request, status, then) => {
    const store = await receiver({ token: 't0k' });
    const answer = await keptAfter(store.receiver.url, request);
    expect(answer).toEqual({ status, connection: then === 'closed' ? 'close' : 'keep-alive', then });
  });
});
