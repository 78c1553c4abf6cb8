import { createContext, useContext, useRef, useSyncExternalStore } from 'react';
import { realScheduler, type Scheduler } from '../../store/changes.js';
import { sameData } from './same-data.js';

/**
 * One shared clock for everything that depends on the time; injected in tests. Reads take `now()`,
 * the time at the moment they run. What is drawn takes `shownMs()`: the time at the resolution the
 * screen shows it (the minute), which moves only at a tick, so a screen with nothing time-dependent
 * on it never wakes.
 */
export interface Clock {
  now(): number;
  shownMs(): number;
  /** Called at each tick (each minute) while anyone listens. */
  subscribe(listener: () => void): () => void;
}

export const minuteMs = 60_000;

/** Ticks on each minute of the wall clock, and only while someone listens. */
export function tickingClock(scheduler: Scheduler = realScheduler, resolutionMs = minuteMs): Clock {
  const listeners = new Set<() => void>();
  const floor = (ms: number) => Math.floor(ms / resolutionMs) * resolutionMs;
  let shown = floor(scheduler.nowMs());
  let timer: unknown = null;
  const schedule = () => {
    const nowMs = scheduler.nowMs();
    timer = scheduler.setTimeout(tick, floor(nowMs) + resolutionMs - nowMs);
    // A tick never keeps the process alive.
    (timer as { unref?: () => void }).unref?.();
  };
  function tick(): void {
    const next = floor(scheduler.nowMs());
    schedule();
    if (next === shown) return;
    shown = next;
    for (const l of [...listeners]) l();
  }
  return {
    now: () => scheduler.nowMs(),
    shownMs: () => {
      // Between ticks (no one listening) the shown time still follows the clock.
      if (timer === null) shown = floor(scheduler.nowMs());
      return shown;
    },
    subscribe(listener) {
      listeners.add(listener);
      if (timer === null) {
        shown = floor(scheduler.nowMs());
        schedule();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          scheduler.clearTimeout(timer);
          timer = null;
        }
      };
    },
  };
}

export function fixedClock(nowMs: number): Clock {
  return { now: () => nowMs, shownMs: () => nowMs, subscribe: () => () => undefined };
}

export const ClockContext = createContext<Clock>(tickingClock());

export function useClock(): Clock {
  return useContext(ClockContext);
}

/**
 * A value drawn from the shown time (a relative time, whether a row is live): the component renders
 * again only when the value changes, not at every tick.
 */
export function useShownTime<T>(select: (shownMs: number) => T): T {
  const clock = useClock();
  const last = useRef<{ shownMs: number; select: (shownMs: number) => T; value: T } | null>(null);
  const snapshot = () => {
    const shownMs = clock.shownMs();
    const kept = last.current;
    if (kept !== null && kept.shownMs === shownMs && kept.select === select) return kept.value;
    const value = select(shownMs);
    last.current = { shownMs, select, value: kept !== null && sameData(kept.value, value) ? kept.value : value };
    return last.current.value;
  };
  return useSyncExternalStore(clock.subscribe, snapshot);
}
