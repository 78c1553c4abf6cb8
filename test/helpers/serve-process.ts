// `serve` as its own process, for the reliability tests: killed and restarted on one port, run under
// a file-size limit, or as an unprivileged user. Also requests written byte by byte to a socket, so a
// test can hold one in flight or stall it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import Database from 'better-sqlite3';
import { cliPath } from './cli.js';
import type { Outgoing } from './distinct-requests.js';

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ServeProcess {
  child: ChildProcess;
  /** The URL it printed once listening; rejects if it exits first. */
  url: Promise<string>;
  exited: Promise<Exit>;
}

interface ServeOptions {
  port: number;
  db: string;
  args?: string[];
  /** Shell commands to run first, e.g. `ulimit -f 200` (the server is then exec'd in that shell). */
  shellPrefix?: string;
  /** Run as this user (tests run as root, and root ignores file modes). */
  user?: { uid: number; gid: number };
  env?: Record<string, string>;
}

export function startServe(options: ServeOptions): ServeProcess {
  const cli = [cliPath, 'serve', '--port', String(options.port), '--db', options.db, ...(options.args ?? [])];
  const [command, args] =
    options.shellPrefix === undefined ? [process.execPath, cli] : ['bash', ['-c', `${options.shellPrefix}; exec "$0" "$@"`, process.execPath, ...cli]];
  const child = spawn(command, args, { env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], ...options.user });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<Exit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const match = /receiving OTLP\/HTTP on (http:\/\/\S+)\n/.exec(stdout);
      if (match) resolve(match[1]!);
    });
    void exited.then((e) => reject(new Error(`serve exited (${e.signal ?? e.code}) before listening: ${e.stderr.trim()}`)));
  });
  // A test that expects the server to fail awaits `exited` alone.
  url.catch(() => undefined);
  return { child, url, exited };
}

/** Resolves when what the process writes to stderr from now on matches. */
export function stderrMatching(serve: ServeProcess, pattern: RegExp): Promise<void> {
  return new Promise((resolve) => {
    let seen = '';
    const onData = (chunk: string) => {
      seen += chunk;
      if (!pattern.test(seen)) return;
      serve.child.stderr?.off('data', onData);
      resolve();
    };
    serve.child.stderr?.on('data', onData);
  });
}

/** Whether something accepts connections at the URL's port (a closing server stops listening first). */
export function acceptsConnections(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * POSTs as the OpenTelemetry exporters do (node:http, the agent's kept-alive connections); resolves
 * the status, or 0 when no answer came (refused, reset, or nothing within `timeoutMs`). Not fetch:
 * Node 20's can hang until its timeout when the server dies between connecting and answering.
 */
export function postStatus(agent: http.Agent, url: string, request: Outgoing, timeoutMs: number): Promise<number> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const req = http.request(
      {
        host: hostname,
        port,
        path: request.path,
        method: 'POST',
        agent,
        timeout: timeoutMs,
        headers: { ...request.headers, 'content-length': request.body.length },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', () => resolve(0));
      },
    );
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(request.body);
  });
}

/** A port that was free a moment ago, for a server that must come back on the same one. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** `PRAGMA integrity_check` on a file no process has open (opening it recovers its WAL first). */
export function integrityCheck(file: string): string {
  const db = new Database(file);
  const result = db.pragma('integrity_check', { simple: true }) as string;
  db.close();
  return result;
}

/** An unprivileged user when running as root (which ignores file modes); else the current user. */
export function unprivilegedUser(): { uid: number; gid: number } | undefined {
  return process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : undefined;
}

/** Makes a file or folder belong to the user a test runs the server as. */
export function giveTo(file: string, user: { uid: number; gid: number } | undefined): void {
  if (user !== undefined) fs.chownSync(file, user.uid, user.gid);
}

interface RawResponse {
  status: number | null;
  headers: Record<string, string>;
  body: string;
  /** True when the server closed the connection (rather than the response ending it). */
  closedByServer: boolean;
  elapsedMs: number;
}

interface HeldRequest {
  /** Resolves once the request head and the first bytes have been written. */
  sent: Promise<void>;
  /** With `expectContinue`: resolves when the server has read the head (its 100 Continue). */
  continued: Promise<void>;
  /** Sends the rest of the body. */
  finish(): void;
  response: Promise<RawResponse>;
}

/**
 * Writes a request's head and only `firstBytes` of its body, then waits for finish(). With
 * `headersOnly`, not even the blank line that ends the head is sent. With `expectContinue`, the head
 * asks for a 100 Continue, so a test knows when the server is handling the request.
 */
export function heldRequest(
  url: string,
  request: Outgoing,
  firstBytes: number,
  options: { headersOnly?: boolean; expectContinue?: boolean } = {},
): HeldRequest {
  const { hostname, port } = new URL(url);
  const startMs = Date.now();
  const socket = net.connect(Number(port), hostname);
  const headerLines = Object.entries({
    ...request.headers,
    'content-length': String(request.body.length),
    ...(options.expectContinue ? { expect: '100-continue' } : {}),
  }).map(([k, v]) => `${k}: ${v}\r\n`);
  const head = `POST ${request.path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\n${headerLines.join('')}`;
  const sent = new Promise<void>((resolve) => {
    socket.once('connect', () => {
      if (options.headersOnly) socket.write(head, () => resolve());
      else socket.write(Buffer.concat([Buffer.from(`${head}\r\n`), request.body.subarray(0, firstBytes)]), () => resolve());
    });
  });
  let onContinue: () => void = () => undefined;
  const continued = new Promise<void>((resolve) => (onContinue = resolve));
  const response = new Promise<RawResponse>((resolve) => {
    let data = Buffer.alloc(0);
    const done = (closedByServer: boolean) => {
      socket.destroy();
      const { status, headers, body } = parseResponse(data);
      resolve({ status, headers, body, closedByServer, elapsedMs: Date.now() - startMs });
    };
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      const interim = /^HTTP\/1\.1 100 [^\r]*\r\n\r\n/.exec(data.toString('latin1'));
      if (interim) {
        data = data.subarray(interim[0].length);
        onContinue();
      }
      if (parseResponse(data).isComplete) done(false);
    });
    socket.on('error', () => undefined);
    socket.once('close', () => done(true));
  });
  return { sent, continued, finish: () => socket.write(request.body.subarray(firstBytes)), response };
}

interface EarlyAnswer {
  status: number | null;
  body: string;
  /** An error the client's socket saw while it went on writing the body after the answer, if any. */
  socketError: string | null;
}

/**
 * Declares a `bodyBytes` body, sends only `firstBytes` of it, waits for the answer, then sends the
 * rest and ends, as a client does that is still writing when an early answer (413) arrives.
 */
export function uploadAfterEarlyAnswer(url: string, path: string, bodyBytes: number, firstBytes: number): Promise<EarlyAnswer> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port), hostname);
    let data = Buffer.alloc(0);
    let answer: ReturnType<typeof parseResponse> | undefined;
    let socketError: string | null = null;
    socket.once('connect', () => {
      socket.write(`POST ${path} HTTP/1.1\r\nhost: ${hostname}:${port}\r\ncontent-type: application/json\r\ncontent-length: ${bodyBytes}\r\n\r\n`);
      socket.write(Buffer.alloc(firstBytes, 0x20));
    });
    socket.on('data', (chunk: Buffer) => {
      data = Buffer.concat([data, chunk]);
      if (answer !== undefined || !parseResponse(data).isComplete) return;
      answer = parseResponse(data);
      socket.end(Buffer.alloc(bodyBytes - firstBytes, 0x20));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (socketError = error.code ?? error.message));
    socket.once('close', () => resolve({ status: answer?.status ?? null, body: answer?.body ?? '', socketError }));
  });
}

function parseResponse(data: Buffer): Omit<RawResponse, 'closedByServer' | 'elapsedMs'> & { isComplete: boolean } {
  const end = data.indexOf('\r\n\r\n');
  if (end < 0) return { status: null, headers: {}, body: '', isComplete: false };
  const [statusLine, ...lines] = data.subarray(0, end).toString('latin1').split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  const body = data.subarray(end + 4);
  const length = Number(headers['content-length'] ?? Number.NaN);
  return { status: Number(statusLine?.split(' ')[1]), headers, body: body.toString('utf8'), isComplete: body.length >= length };
}
