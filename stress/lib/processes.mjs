// Child processes the stress scripts run: the built CLI as a user runs it, and helpers to wait on them.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { cliPath } from './requests.mjs';

/** A port that was free a moment ago; the durability run restarts its server on it. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `claude-otel-tui serve` (the built one, or `cli`); resolves once it prints its URL. `prefix` runs it through a shell
 * (e.g. `ulimit -f 200; exec`). `exited` resolves with { code, signal } and the output so far.
 */
export function startServe({ port, db, args = [], env = {}, shellPrefix, cli: script = cliPath }) {
  const cli = [script, 'serve', '--port', String(port), '--db', db, ...args];
  const child =
    shellPrefix === undefined
      ? spawn(process.execPath, cli, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
      : spawn('bash', ['-c', `${shellPrefix} exec "$0" "$@"`, process.execPath, ...cli], {
          env: { ...process.env, ...env },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
  const out = { stdout: '', stderr: '' };
  child.stdout.setEncoding('utf8').on('data', (c) => (out.stdout += c));
  child.stderr.setEncoding('utf8').on('data', (c) => (out.stderr += c));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, ...out })));
  const ready = new Promise((resolve, reject) => {
    const onData = () => {
      const match = /receiving OTLP\/HTTP on (http:\/\/\S+)\n/.exec(out.stdout);
      if (match) {
        child.stdout.off('data', onData);
        resolve(match[1]);
      }
    };
    child.stdout.on('data', onData);
    void exited.then((e) => reject(new Error(`serve exited (${e.signal ?? e.code}) before listening: ${e.stderr.trim()}`)));
  });
  return { child, out, ready, exited };
}

/** Peak and current resident memory of a process, in MiB (Linux /proc). */
export async function memoryOf(pid) {
  const { readFile } = await import('node:fs/promises');
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kb = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { peakMiB: kb('VmHWM') / 1024, rssMiB: kb('VmRSS') / 1024 };
}

export function runCli(args, env = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
