// While exporters send continuously, `serve` is killed with SIGKILL at random moments and restarted on
// the same port. Every request that got a 200 is in the database afterwards, requests retried after
// no answer are not counted twice, and the file passes integrity_check after every kill.
// (`npm run stress` does the same with 50 kills.)
import { EventEmitter, once } from 'node:events';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { distinctRequest, expectedRows, rowsCloseTo, rowsOf, sumRows, totalsOf, type Outgoing, type Rows } from './helpers/distinct-requests.js';
import { freePort, integrityCheck, postStatus, startServe, type ServeProcess } from './helpers/serve-process.js';

const captures = captureCases.flatMap((c) => capturedRequests(c));
const expected = expectedRows(captures);

const dirs: string[] = [];
const servers: ServeProcess[] = [];
afterEach(() => {
  for (const s of servers.splice(0)) s.child.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

/** Exporters: each sends distinct requests one after another, retrying each until it gets a 200. */
class Exporters extends EventEmitter {
  readonly acked = new Map<string, Rows>();
  attempts = 0;
  private readonly agent = new http.Agent({ keepAlive: true });
  private isRunning = true;
  private readonly loops: Promise<void>[];

  constructor(url: string, count: number) {
    super();
    this.loops = Array.from({ length: count }, (_, n) => this.run(url, n));
  }

  private async run(url: string, n: number): Promise<void> {
    for (let k = 0; this.isRunning; k += 1) {
      const capture = (n * 5 + k) % captures.length;
      const sessionId = `durability-${n}-${k}`;
      await this.deliver(url, distinctRequest(captures[capture]!, sessionId));
      this.acked.set(sessionId, expected[capture]!);
      this.emit('ack');
    }
  }

  private async deliver(url: string, request: Outgoing): Promise<void> {
    for (;;) {
      this.attempts += 1;
      const status = await postStatus(this.agent, url, request, 10_000);
      if (status === 200) return;
      if (status !== 0 && status !== 503) throw new Error(`unexpected ${status} for ${request.path}`);
      // An exporter backs off before retrying; the server may be down.
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  /** Resolves once `n` requests in all have been acknowledged. */
  async ackedAtLeast(n: number): Promise<void> {
    while (this.acked.size < n) await once(this, 'ack');
  }

  /** Lets each exporter finish the request it is on (needs a server), then stops. */
  async stop(): Promise<void> {
    this.isRunning = false;
    await Promise.all(this.loops);
    this.agent.destroy();
  }
}

describe('durability', () => {
  it('survives 5 SIGKILLs at random moments: every acknowledged request is stored, once, in a sound file', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'durability-'));
    dirs.push(dir);
    const db = path.join(dir, 'telemetry.db');
    const port = await freePort();
    let serve = startServe({ port, db });
    servers.push(serve);
    await serve.url;
    const exporters = new Exporters(`http://127.0.0.1:${port}`, 3);
    const kills: { signal: NodeJS.Signals | null; integrity: string }[] = [];
    for (let kill = 0; kill < 5; kill += 1) {
      // A random number of acknowledgements in: the other exporters are mid-request when it dies.
      await exporters.ackedAtLeast(exporters.acked.size + 1 + Math.floor(Math.random() * 12));
      serve.child.kill('SIGKILL');
      const { signal } = await serve.exited;
      kills.push({ signal, integrity: integrityCheck(db) });
      serve = startServe({ port, db });
      servers.push(serve);
      await serve.url;
    }
    await exporters.stop();
    serve.child.kill('SIGTERM');
    const { code } = await serve.exited;

    const file = new Database(db, { readonly: true });
    const stored = [...exporters.acked.keys()].map((sessionId) => rowsOf(file, sessionId));
    const totals = totalsOf(file);
    file.close();
    expect(kills).toEqual(Array.from({ length: 5 }, () => ({ signal: 'SIGKILL', integrity: 'ok' })));
    expect(code).toBe(0);
    expect(stored).toEqual([...exporters.acked.values()].map(rowsCloseTo));
    // Each distinct request counted once, though some were sent again after the server died mid-answer.
    expect(totals).toEqual(rowsCloseTo(sumRows([...exporters.acked.values()])));
    expect(exporters.attempts).toBeGreaterThan(exporters.acked.size);
    expect(integrityCheck(db)).toBe('ok');
  }, 60_000);
});
