import { setSafeInterval, setSafeTimeout } from '../safe-timers.js';
import type { Db } from './open.js';
// After each committed write the store publishes a new version number, at most one per 100 ms, so a
// view re-reads only when something changed and never more often than it can be seen.

export type ChangeListener = (version: number) => void;

export interface ChangeFeed {
  /** Called by the writer after a commit. */
  notify(): void;
  subscribe(listener: ChangeListener): () => void;
  version(): number;
  close(): void;
}

export function createChangeFeed(minIntervalMs = 100): ChangeFeed {
  const listeners = new Set<ChangeListener>();
  let version = 0;
  let lastPublishedMs = 0;
  let pending: NodeJS.Timeout | null = null;

  function publish(): void {
    pending = null;
    lastPublishedMs = Date.now();
    version += 1;
    for (const listener of listeners) listener(version);
  }

  return {
    notify() {
      if (pending !== null) return;
      const waitMs = Math.max(0, lastPublishedMs + minIntervalMs - Date.now());
      pending = setSafeTimeout(publish, waitMs);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    version: () => version,
    close() {
      if (pending !== null) clearTimeout(pending);
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

/** In the receiving process: versions come from the writer's notifications. */
export function feedFromChanges(db: Db, changes: ChangeFeed): DataFeed {
  return { db, subscribe: changes.subscribe, version: changes.version, close: () => undefined };
}

/**
 * In a viewer process (another process receives): `PRAGMA data_version` changes when any other
 * connection commits. Checking it costs one page read, so a 200 ms check keeps an idle viewer idle.
 */
export function followDataVersion(db: Db, intervalMs = 200): DataFeed {
  const changes = createChangeFeed(0);
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
