// Child processes of the built CLI, and what /proc says about them (RSS, CPU time).
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import type { OtlpRequest } from './dataset.js';

/** The repository root: this file runs as <root>/bench/.data/build/bench/proc.js. */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
/**
 * The CLI as users run it: one esbuild bundle (scripts/bundle.mjs, as dist/claude-otel-tui.mjs is
 * made), but of the copy compiled with the bench (tsconfig.bench.json): the same source as the
 * in-process measurements, and untouched when something else rebuilds dist/ during a run.
 */
export const cliPath = path.join(repoRoot, 'bench', '.data', 'build', 'claude-otel-tui.mjs');

/** Clock ticks per second for /proc/<pid>/stat times (USER_HZ; 100 on Linux). */
const ticksPerSecond = 100;

export function cpuSeconds(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may contain spaces, are counted from its closing parenthesis.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** CPU seconds the whole machine spent busy (all cores), from /proc/stat. */
export function machineBusySeconds(): number {
  const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!;
  const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
  return ((user ?? 0) + (nice ?? 0) + (system ?? 0) + (irq ?? 0) + (softirq ?? 0) + (steal ?? 0)) / ticksPerSecond;
}

export function memoryKiB(pid: number): { rss: number; hwm: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? Number.NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM') };
}

export function childPids(pid: number): number[] {
  try {
    return fs
      .readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8')
      .trim()
      .split(/\s+/)
      .filter((s) => s !== '')
      .map(Number);
  } catch {
    return [];
  }
}

export function commandOf(pid: number): string {
  try {
    return fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

export interface Server {
  child: ChildProcess;
  url: string;
  stop(): Promise<void>;
}

/** `claude-otel-tui serve --port 0`: the receiver as a user runs it, in its own process. */
export function startServe(dbPath: string): Promise<Server> {
  return startServer([cliPath, 'serve', '--port', '0', '--db', dbPath]);
}

/** The receiver alone (receiver-process.ts), with or without slicing of large requests. */
export function startReceiverProcess(dbPath: string, mode: 'sliced' | 'unsliced'): Promise<Server> {
  return startServer([path.join(path.dirname(fileURLToPath(import.meta.url)), 'receiver-process.js'), dbPath, mode]);
}

/** The do-nothing HTTP server of null-receiver.ts, for the latency baseline. */
export function startNullReceiver(): Promise<Server> {
  return startServer([path.join(path.dirname(fileURLToPath(import.meta.url)), 'null-receiver.js')]);
}

function startServer(args: readonly string[]): Promise<Server> {
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
  let out = '';
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += String(d)));
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}: ${err}`)));
    child.stdout?.on('data', (d: Buffer) => {
      out += String(d);
      const match = /receiving OTLP\/HTTP on (http:\/\/[\d.]+:\d+)/.exec(out);
      if (match) {
        child.removeAllListeners('exit');
        resolve({ child, url: match[1]!, stop: () => stopChild(child, 'SIGTERM') });
      }
    });
  });
}

export function stopChild(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill(signal);
  });
}

/** POSTs one OTLP request; resolves with the status once the whole answer has arrived. */
export function postOtlp(agent: http.Agent, url: string, request: OtlpRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${request.path}`, {
      method: 'POST',
      agent,
      headers: { 'content-type': 'application/x-protobuf', 'content-length': request.body.length, 'user-agent': 'OTel-OTLP-Exporter-JavaScript/0.208.0' },
    });
    req.once('response', (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', reject);
    });
    req.once('error', reject);
    req.end(request.body);
  });
}

/** Runs a command under GNU time for the peak RSS of the command itself; wall time from here. */
export function timed(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ wallMs: number; maxRssKiB: number; stdout: string; stderr: string; code: number | null }> {
  return new Promise((resolve, reject) => {
    const startMs = performance.now();
    const child = spawn('/usr/bin/time', ['-f', '%e %M', command, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => (err += String(d)));
    child.once('error', reject);
    child.once('exit', (code) => {
      const wallMs = performance.now() - startMs;
      const lines = err.trim().split('\n');
      const rss = Number(lines.pop()?.split(' ')[1]);
      if (!Number.isFinite(rss)) return reject(new Error(`${command} ${args.join(' ')}: ${err}`));
      resolve({ wallMs, maxRssKiB: rss, stdout: Buffer.concat(out).toString('utf8'), stderr: lines.join('\n'), code });
    });
  });
}
