import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { idleConnectionChecks } from './idle-connection-checks.js';

const key = (server: http.Server) => Object.getOwnPropertySymbols(server).find((s) => s.description === 'http.server.connectionsCheckingInterval')!;
/** Whether Node's timeout check is scheduled: its Timeout in the server's slot, not yet cleared. */
const isTicking = (server: http.Server) => {
  const t = (server as unknown as Record<symbol, { _destroyed?: boolean } | undefined>)[key(server)];
  return t !== undefined && t._destroyed !== true;
};

let server: http.Server | undefined;
afterEach(() => new Promise<void>((done) => (server === undefined ? done() : server.close(() => done()))));

describe('idleConnectionChecks', () => {
  it("stops Node's timeout check while no connection is open, runs it while one is, and still cuts a stalled client", async () => {
    let open = 0;
    server = http.createServer({ headersTimeout: 200, requestTimeout: 200, connectionsCheckingInterval: 50 }, (_req, res) => res.end());
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done));
    expect(isTicking(server)).toBe(true);
    const checks = idleConnectionChecks(server, 50);
    server.on('connection', (socket) => {
      checks.opened((open += 1));
      socket.once('close', () => checks.closed((open -= 1)));
    });
    expect(isTicking(server)).toBe(false);

    // A client that sends half its headers and stalls: Node's check, running again, closes it.
    const port = (server.address() as net.AddressInfo).port;
    const socket = net.connect(port, '127.0.0.1');
    const startMs = Date.now();
    const answer = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (chunk) => (text += chunk.toString()));
      socket.on('close', () => resolve(text));
    });
    socket.write('POST /v1/logs HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(isTicking(server)).toBe(true);
    expect(await answer).toMatch(/^HTTP\/1\.1 408/);
    expect(Date.now() - startMs).toBeLessThan(2_000);
    await expect.poll(() => open).toBe(0);
    expect(isTicking(server)).toBe(false);
  });
});
