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
      pending = setTimeout(publish, waitMs);
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
