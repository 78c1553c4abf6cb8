import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startPeriodicTasks, type PeriodicTask } from './periodic-tasks.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('periodic tasks', () => {
  it('run first after firstDelayMs, then intervalMs after each run ends', async () => {
    const at: number[] = [];
    const tasks = startPeriodicTasks([{ name: 't', intervalMs: 100, firstDelayMs: 10, run: () => void at.push(Date.now()) }], () => undefined);
    const startMs = Date.now();
    await vi.advanceTimersByTimeAsync(215);
    await tasks.stop();
    expect(at.map((ms) => ms - startMs)).toEqual([10, 110, 210]);
  });

  it('stop clears every timer, and no run starts after it', async () => {
    let runs = 0;
    const task: PeriodicTask = { name: 't', intervalMs: 5, run: () => void (runs += 1) };
    const tasks = startPeriodicTasks([task, { ...task, firstDelayMs: 1000 }], () => undefined);
    await vi.advanceTimersByTimeAsync(12);
    await tasks.stop();
    const runsAtStop = runs;
    const timersLeft = vi.getTimerCount();
    await vi.advanceTimersByTimeAsync(2000);
    expect({ runsAtStop, timersLeft, runsAfter: runs - runsAtStop }).toEqual({ runsAtStop: 3, timersLeft: 0, runsAfter: 0 });
  });

  it('stop aborts the run in progress and resolves only once it has ended; a second stop is the same', async () => {
    let release: () => void = () => undefined;
    let signal: AbortSignal | undefined;
    const tasks = startPeriodicTasks(
      [
        {
          name: 't',
          intervalMs: 5,
          run: (s) => {
            signal = s;
            return new Promise<void>((resolve) => (release = resolve));
          },
        },
      ],
      () => undefined,
    );
    await vi.advanceTimersByTimeAsync(0);
    let isStopped = false;
    const stopping = tasks.stop().then(() => (isStopped = true));
    await vi.advanceTimersByTimeAsync(0);
    const whileRunning = { isStopped, isAborted: signal?.aborted };
    release();
    await stopping;
    expect({ whileRunning, isStopped, isSame: tasks.stop() === tasks.stop() }).toEqual({
      whileRunning: { isStopped: false, isAborted: true },
      isStopped: true,
      isSame: true,
    });
  });

  it('reports a failure once per distinct message and keeps running', async () => {
    const errors: string[] = [];
    const messages = ['disk full', 'disk full', 'locked', 'disk full'];
    let runs = 0;
    const tasks = startPeriodicTasks(
      [
        {
          name: 'scan',
          intervalMs: 10,
          run: () => {
            const message = messages[runs];
            runs += 1;
            if (message !== undefined) throw new Error(message);
          },
        },
      ],
      (line) => errors.push(line),
    );
    await vi.advanceTimersByTimeAsync(45);
    await tasks.stop();
    expect({ runs, errors }).toEqual({ runs: 5, errors: ['scan failed: disk full', 'scan failed: locked', 'scan failed: disk full'] });
  });
});
