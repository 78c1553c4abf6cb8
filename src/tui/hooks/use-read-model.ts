import { useMemo, useSyncExternalStore } from 'react';
import type { DataFeed } from '../../store/changes.js';

/**
 * Runs a read model against the live database. It re-runs only when the store's version or the
 * arguments change; otherwise it returns the same object, so views re-render only on real change.
 */
export function useReadModel<A, R>(feed: DataFeed, read: (db: DataFeed['db'], args: A) => R, args: A): R {
  const version = useSyncExternalStore(feed.subscribe, feed.version);
  const key = JSON.stringify(args);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- `key` stands for `args`
  return useMemo(() => read(feed.db, args), [feed, read, key, version]);
}
