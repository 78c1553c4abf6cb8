import { createContext, useContext, useSyncExternalStore } from 'react';
import { setSafeInterval } from '../../safe-timers.js';

/** One shared clock for everything that shows relative time or "live"; injected in tests. */
export interface Clock {
  now(): number;
  subscribe(listener: () => void): () => void;
}

export function tickingClock(intervalMs = 15_000): Clock {
  const listeners = new Set<() => void>();
  let now = Date.now();
  let timer: NodeJS.Timeout | null = null;
  return {
    now: () => now,
    subscribe(listener) {
      listeners.add(listener);
      if (timer === null) {
        timer = setSafeInterval(() => {
          now = Date.now();
          for (const l of listeners) l();
        }, intervalMs);
        timer.unref();
      }
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0 && timer !== null) {
          clearInterval(timer);
          timer = null;
        }
      };
    },
  };
}

export function fixedClock(nowMs: number): Clock {
  return { now: () => nowMs, subscribe: () => () => undefined };
}

export const ClockContext = createContext<Clock>(tickingClock());

export function useNow(): number {
  const clock = useContext(ClockContext);
  return useSyncExternalStore(clock.subscribe, clock.now);
}
