import { useCallback, useRef, useSyncExternalStore } from 'react';
import type { DataFeed } from '../../store/changes.js';
import { useClock, type Clock } from './use-now.js';
import { sameData } from './same-data.js';

type Read<A, R> = (db: DataFeed['db'], args: A) => R;

interface Kept<A, R> {
  feed: DataFeed;
  read: Read<A, R>;
  key: string;
  version: number;
  shownMs: number;
  /** The time the arguments were made for (timed reads). */
  atMs: number;
  result: R;
}

/**
 * Runs a read model against the live database. It re-reads only when the store publishes a new
 * version (at most a few times a second) or the arguments change; a re-read that finds the same data
 * returns the object it returned before, so the component renders again only when what it shows
 * changed. The read runs when the store publishes, not in a timer of the view's own.
 */
export function useReadModel<A, R>(feed: DataFeed, read: Read<A, R>, args: A): R {
  return useKeptRead(feed, read, () => args, null);
}

/**
 * The same, for a read whose arguments depend on the time (a range ending now, today's spend, a burn
 * rate): `argsAt(nowMs)` makes them. It also re-reads at each tick of the clock (each minute) while it
 * is on screen, with the time of that moment; a re-read after a write also takes the time then.
 */
export function useTimedReadModel<A, R>(feed: DataFeed, read: Read<A, R>, argsAt: (nowMs: number) => A): R {
  return useKeptRead(feed, read, argsAt, useClock());
}

function useKeptRead<A, R>(feed: DataFeed, read: Read<A, R>, argsAt: (nowMs: number) => A, clock: Clock | null): R {
  const kept = useRef<Kept<A, R> | null>(null);
  const subscribe = useCallback(
    (listener: () => void) => {
      const offFeed = feed.subscribe(listener);
      const offClock = clock?.subscribe(listener);
      return () => {
        offFeed();
        offClock?.();
      };
    },
    [feed, clock],
  );
  const snapshot = (): R => {
    const last = kept.current;
    const version = feed.version();
    const shownMs = clock?.shownMs() ?? 0;
    // The arguments as they would be at the time of the last read: if they differ, something other
    // than the time changed them (the range, the sort), and the read runs again.
    const isCurrent =
      last !== null &&
      last.feed === feed &&
      last.read === read &&
      last.version === version &&
      last.shownMs === shownMs &&
      last.key === JSON.stringify(argsAt(last.atMs));
    if (isCurrent) return last.result;
    const atMs = clock?.now() ?? 0;
    const args = argsAt(atMs);
    const result = read(feed.db, args);
    const isSame = last !== null && last.read === read && sameData(last.result, result);
    kept.current = { feed, read, key: JSON.stringify(args), version, shownMs, atMs, result: isSame ? last.result : result };
    return kept.current.result;
  };
  return useSyncExternalStore(subscribe, snapshot);
}
