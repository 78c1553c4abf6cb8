// Loaded into the TUI process with `node --import` (the CLI is not changed): it times each frame write
// against the start of the timer task that produced it, counts the SQLite statements the main thread
// runs (the views' reads; a receiving process on a worker thread has its own module instance), and
// keeps an event-loop delay histogram. The first SIGUSR2 starts a window, the second writes the
// window's figures to $BENCH_PROBE_OUT. A window that starts while $BENCH_PROBE_OUT.idle exists
// leaves the delay histogram off: its 1 ms timer would show up as idle CPU.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const out = process.env['BENCH_PROBE_OUT'];
if (out !== undefined) {
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  let isDelayOn = false;
  let taskStartMs: number | null = null;
  const frameTaskMs: number[] = [];
  const writeTimesMs: number[] = [];
  let statements = 0;

  // The CLI bundle leaves better-sqlite3 outside: resolved from the CLI's own path, it is the same
  // module instance the views' reads use on this thread.
  const require = createRequire(process.argv[1] ?? import.meta.url);
  const Database = require('better-sqlite3') as new (file: string) => { prepare(sql: string): object; close(): void };
  const scratch = new Database(':memory:');
  const statementPrototype = Object.getPrototypeOf(scratch.prepare('SELECT 1')) as Record<string, unknown>;
  scratch.close();
  for (const method of ['get', 'all', 'iterate', 'run']) {
    const original = statementPrototype[method] as (...args: unknown[]) => unknown;
    statementPrototype[method] = function counted(this: unknown, ...args: unknown[]) {
      statements += 1;
      return original.apply(this, args);
    };
  }

  // Renders start in timers (the change feed's publish, Ink's throttle); a write inside such a task
  // shows how long the task took to get from its start to the frame.
  const originalSetTimeout = globalThis.setTimeout;
  const timed = ((callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
    originalSetTimeout(
      (...inner: unknown[]) => {
        taskStartMs = performance.now();
        setImmediate(() => (taskStartMs = null));
        callback(...inner);
      },
      ms,
      ...args,
    )) as typeof setTimeout;
  globalThis.setTimeout = Object.assign(timed, originalSetTimeout);

  const write = process.stdout.write.bind(process.stdout) as (...args: unknown[]) => boolean;
  process.stdout.write = ((...args: unknown[]) => {
    const now = performance.now();
    writeTimesMs.push(now);
    if (taskStartMs !== null) frameTaskMs.push(now - taskStartMs);
    return write(...args);
  }) as typeof process.stdout.write;

  let signals = 0;
  process.on('SIGUSR2', () => {
    signals += 1;
    if (signals % 2 === 1) {
      isDelayOn = !fs.existsSync(`${out}.idle`);
      loopDelay.reset();
      if (isDelayOn) loopDelay.enable();
      frameTaskMs.length = 0;
      writeTimesMs.length = 0;
      statements = 0;
      return;
    }
    if (isDelayOn) loopDelay.disable();
    const ms = (ns: number) => ns / 1e6;
    fs.writeFileSync(
      out,
      JSON.stringify({
        frameTaskMs,
        writes: writeTimesMs.length,
        statements,
        loopDelayMs: isDelayOn
          ? { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max), mean: ms(loopDelay.mean) }
          : null,
      }),
    );
  });
}
