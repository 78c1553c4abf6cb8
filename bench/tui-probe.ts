// Loaded into the TUI process with `node --import` (the CLI is not changed): it times each frame write
// against the start of the timer task that produced it, and keeps an event-loop delay histogram.
// The first SIGUSR2 starts a window, the second writes the window's figures to $BENCH_PROBE_OUT.
import fs from 'node:fs';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';

const out = process.env['BENCH_PROBE_OUT'];
if (out !== undefined) {
  // Enabled only inside a window: its 1 ms timer would otherwise show up as idle CPU.
  const loopDelay = monitorEventLoopDelay({ resolution: 1 });
  let taskStartMs: number | null = null;
  const frameTaskMs: number[] = [];
  const writeTimesMs: number[] = [];

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
      loopDelay.reset();
      loopDelay.enable();
      frameTaskMs.length = 0;
      writeTimesMs.length = 0;
      return;
    }
    loopDelay.disable();
    const ms = (ns: number) => ns / 1e6;
    fs.writeFileSync(
      out,
      JSON.stringify({
        frameTaskMs,
        writes: writeTimesMs.length,
        loopDelayMs: { p50: ms(loopDelay.percentile(50)), p99: ms(loopDelay.percentile(99)), max: ms(loopDelay.max), mean: ms(loopDelay.mean) },
      }),
    );
  });
}
