// The receiving process's background work (transcript scans, retention, and whatever an extension
// adds) as tasks on a timer: one run of a task at a time, timers that never keep the process alive,
// a failure reported once per distinct message and retried at the next time, and a stop that
// aborts what is running and waits for it, so the database is never closed under a run.
import { setSafeTimeout } from '../../safe-timers.js';

export interface PeriodicTask {
  /** Names the task in the line that reports a failed run. */
  name: string;
  /** From the end of one run to the start of the next. */
  intervalMs: number;
  /**
   * Before the first run; default 0, which still runs after the start has returned (so `serve` has
   * printed where it listens before a long first run begins).
   */
  firstDelayMs?: number;
  /** `signal` aborts when the process stops; the stop waits for the run to end either way. */
  run(signal: AbortSignal): void | Promise<void>;
}

export interface RunningTasks {
  /** Resolves once no run is in progress and no timer is left. Idempotent. */
  stop(): Promise<void>;
}

export function startPeriodicTasks(tasks: readonly PeriodicTask[], onError: (line: string) => void): RunningTasks {
  const abort = new AbortController();
  const running = tasks.map((task) => {
    let timer: NodeJS.Timeout | undefined;
    let inFlight: Promise<void> = Promise.resolve();
    let lastError = '';
    const run = async () => {
      if (abort.signal.aborted) return;
      try {
        await task.run(abort.signal);
        lastError = '';
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (message !== lastError && !abort.signal.aborted) onError(`${task.name} failed: ${message}`);
        lastError = message;
      }
      if (!abort.signal.aborted) timer = schedule(task.intervalMs);
    };
    const schedule = (delayMs: number) => setSafeTimeout(() => void (inFlight = run()), delayMs).unref();
    timer = schedule(task.firstDelayMs ?? 0);
    return {
      stop: () => {
        clearTimeout(timer);
        return inFlight;
      },
    };
  });
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        abort.abort();
        await Promise.all(running.map((r) => r.stop()));
      })()),
  };
}
