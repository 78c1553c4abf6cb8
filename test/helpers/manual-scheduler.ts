// Time and timers that move only when a test moves them: the change feed and the clock take one.
import type { Scheduler } from '../../src/store/changes.js';

export interface ManualScheduler extends Scheduler {
  /** Moves the time on by `ms`, running each timer that falls due, in order, at its time. */
  advance(ms: number): void;
}

export function manualScheduler(startMs: number): ManualScheduler {
  let nowMs = startMs;
  let nextId = 0;
  const timers = new Map<number, { dueMs: number; callback: () => void }>();
  return {
    nowMs: () => nowMs,
    setTimeout(callback, delayMs) {
      const id = nextId++;
      timers.set(id, { dueMs: nowMs + Math.max(0, delayMs), callback });
      return id;
    },
    clearTimeout(handle) {
      timers.delete(handle as number);
    },
    advance(ms) {
      const untilMs = nowMs + ms;
      for (;;) {
        const due = [...timers].filter(([, t]) => t.dueMs <= untilMs).sort((a, b) => a[1].dueMs - b[1].dueMs || a[0] - b[0])[0];
        if (due === undefined) break;
        timers.delete(due[0]);
        nowMs = Math.max(nowMs, due[1].dueMs);
        due[1].callback();
      }
      nowMs = untilMs;
    },
  };
}
