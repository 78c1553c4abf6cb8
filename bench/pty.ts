// A program in a pseudo-terminal (util-linux `script`), read as a stream: we see each frame the moment
// it is written, without polling a screen.
import { spawn, type ChildProcess } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { childPids, commandOf, stopChild } from './proc.js';
import { waitFor } from './stats.js';

export const columns = 120;
export const rows = 40;

/** Text as a person sees it: escape sequences removed. */
export function stripAnsi(raw: string): string {
  return raw
    .replace(/\x1b\][^\x07\x1b]*(\x07|\x1b\\)/g, '')
    .replace(/\x1b\[[0-9;?<>=]*[ -/]*[@-~]/g, '')
    .replace(/\x1b[@-Z\\-_()][0-9A-Za-z]?/g, '');
}

interface Waiter {
  pattern: RegExp;
  text: string;
  resolve: (found: { atMs: number; match: RegExpExecArray }) => void;
}

export class Pty {
  readonly child: ChildProcess;
  readonly spawnedAtMs: number;
  private waiters: Waiter[] = [];
  private tail = '';
  exitedAtMs: number | null = null;

  constructor(shellCommand: string, env: NodeJS.ProcessEnv) {
    this.spawnedAtMs = performance.now();
    this.child = spawn('script', ['-qfc', `stty cols ${columns} rows ${rows}; exec ${shellCommand}`, '/dev/null'], { stdio: ['pipe', 'pipe', 'pipe'], env });
    this.child.stdout?.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.once('exit', () => (this.exitedAtMs = performance.now()));
  }

  private onData(chunk: Buffer): void {
    const atMs = performance.now();
    const text = stripAnsi(chunk.toString('utf8'));
    // Keep the last few frames' worth, for `lastMatch`.
    this.tail = (this.tail + text).slice(-4 * columns * rows * 4);
    for (const w of [...this.waiters]) {
      w.text += text;
      const match = w.pattern.exec(w.text);
      if (match) {
        this.waiters = this.waiters.filter((x) => x !== w);
        w.resolve({ atMs, match });
      }
      // A frame is at most a screenful; older text cannot be part of the match.
      else if (w.text.length > 8 * columns * rows) w.text = w.text.slice(-4 * columns * rows);
    }
  }

  /** Resolves when output written from now on matches (the time is when that chunk arrived). */
  next(pattern: RegExp, timeoutMs: number): Promise<{ atMs: number; match: RegExpExecArray }> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { pattern, text: '', resolve: (found) => (clearTimeout(timer), resolve(found)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((x) => x !== waiter);
        reject(new Error(`the terminal never showed ${pattern} within ${timeoutMs} ms; it last showed:\n${this.tail.slice(-2000)}`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  lastMatch(pattern: RegExp): RegExpExecArray | null {
    const global = new RegExp(pattern.source, `${pattern.flags.replace('g', '')}g`);
    let last: RegExpExecArray | null = null;
    for (let m = global.exec(this.tail); m !== null; m = global.exec(this.tail)) last = m;
    return last;
  }

  send(keys: string): void {
    this.child.stdin?.write(keys);
  }

  /** The program itself (script → sh → exec), once the shell has become it. */
  async programPid(command: string): Promise<number> {
    return waitFor(() => childPids(this.child.pid!).find((pid) => commandOf(pid) === command), 5_000, `${command} under script`, 1);
  }

  async close(quitKeys: string | null): Promise<void> {
    if (quitKeys !== null && this.exitedAtMs === null) {
      this.send(quitKeys);
      await waitFor(() => (this.exitedAtMs === null ? undefined : true), 5_000, 'the program to quit').catch(() => undefined);
    }
    for (const pid of childPids(this.child.pid!)) {
      try {
        process.kill(pid, 'SIGTERM');
      } catch {
        // already gone
      }
    }
    await stopChild(this.child, 'SIGTERM');
  }
}
