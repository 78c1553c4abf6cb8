import { setSafeInterval, setSafeTimeout } from '../safe-timers.js';
import type { Db } from './open.js';
// After each committed write the store publishes a new version number, at most one per interval, so
// a view re-reads only when something changed and never more often than it can be seen. The first
// change after a quiet interval is published at once (on the next turn of the event loop); changes
// within the interval after a publish are folded into one publish at its end.

export type ChangeListener = (version: number) => void;

/** Time and timers: the real ones, or a test's, which it moves by hand. */
export interface Scheduler {
  nowMs(): number;
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  nowMs: () => Date.now(),
  setTimeout: (callback, delayMs) => setSafeTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * What the views follow: at most four re-reads a second however fast requests commit, so drawing
 * never takes the CPU the receiver needs (a frame of a large view costs tens of milliseconds).
 */
export const viewChangeIntervalMs = 250;

export interface ChangeFeed {
  /** Called by the writer after a commit. */
  notify(): void;
  subscribe(listener: ChangeListener): () => void;
  version(): number;
  close(): void;
}

export function createChangeFeed(minIntervalMs = 100, scheduler: Scheduler = realScheduler): ChangeFeed {
  const listeners = new Set<ChangeListener>();
  let version = 0;
  let lastPublishedMs = Number.NEGATIVE_INFINITY;
  let pending: unknown = null;

  function publish(): void {
    pending = null;
    lastPublishedMs = scheduler.nowMs();
    version += 1;
    for (const listener of listeners) listener(version);
  }

  return {
    notify() {
      if (pending !== null) return;
      const waitMs = Math.max(0, lastPublishedMs + minIntervalMs - scheduler.nowMs());
      pending = scheduler.setTimeout(publish, waitMs);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
    close() {
      if (pending !== null) scheduler.clearTimeout(pending);
      pending = null;
      listeners.clear();
    },
  };
}

/** What a view needs to read live data: the database, and a version that moves after each write. */
export interface DataFeed {
  db: Db;
  subscribe(listener: ChangeListener): () => void;
  version(): number;
  close(): void;
}

/** In the receiving process, or beside it: versions come from the writer's notifications. */
export function feedFromChanges(db: Db, changes: ChangeFeed): DataFeed {
  return { db, subscribe: changes.subscribe, version: changes.version, close: () => undefined };
}

/**
 * In a viewer process (another process receives): `PRAGMA data_version` changes when any other
 * connection commits. Checking it costs one page read, so a 200 ms check keeps an idle viewer idle.
 */
export function followDataVersion(db: Db, intervalMs = 200): DataFeed {
  const changes = createChangeFeed(viewChangeIntervalMs);
  const read = db.prepare('PRAGMA data_version').pluck();
  let last = read.get() as number;
  const timer = setSafeInterval(() => {
    const now = read.get() as number;
    if (now !== last) {
      last = now;
      changes.notify();
    }
  }, intervalMs);
  timer.unref();
  return {
    db,
    subscribe: changes.subscribe,
    version: changes.version,
    close() {
      clearInterval(timer);
      changes.close();
    },
  };
}
