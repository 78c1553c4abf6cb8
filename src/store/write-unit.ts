// One unit of writing: the writer's outermost call, in an IMMEDIATE transaction of its own (or under
// a savepoint when the caller already holds a transaction). Its records each run under a savepoint of
// their own (writeEach); the rollups and the prompt index are merged once, at the end of the unit,
// before the commit (rollups-deferred.ts). Several requests may share a unit, and so one commit and
// one fsync (group): each under a savepoint of its own, so one request's failure that is not the
// store's takes back that request alone; a failure of the store itself fails them all.
import type { DeferredRollups } from './rollups-deferred.js';
import type { Db } from './open.js';
import { isStoreFailure } from './store-failure.js';

/** What one write of a group came to: its result, or the error it alone failed with. */
export type Settled<T> = { value: T } | { error: unknown };

export interface WriteUnit {
  /** Runs `work` as one unit (or as part of the unit already running). */
  run<T>(work: () => T): T;
  /** Each write under a savepoint of its own, all in one unit; throws only when the store failed. */
  group<T>(writes: readonly (() => T)[]): Settled<T>[];
  /** `write` under a savepoint of its own inside the unit: what it noted for the rollups is forgotten when it throws. */
  nested<A extends unknown[], R>(write: (...args: A) => R): (...args: A) => R;
}

/** The merge of the rollups failed for a reason that is not the store's. */
class RollupRefused extends Error {
  override readonly name = 'RollupRefused';
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause));
  }
}

/** `onRollback`: what else the writer must forget when writes are taken back (cached row ids). */
export function createWriteUnit(db: Db, rollups: DeferredRollups, onRollback: () => void): WriteUnit {
  let depth = 0;
  const forget = () => {
    rollups.clear();
    onRollback();
  };

  // Over `unknown`: a transaction function keeps no type parameter; run and group give the types back.
  const attempt = db.transaction((work: () => unknown): unknown => {
    const result = work();
    try {
      rollups.flush();
    } catch (error) {
      if (isStoreFailure(db, error)) throw error;
      throw new RollupRefused(error);
    }
    return result;
  });

  const whole = db.transaction((work: () => unknown): unknown => {
    try {
      return attempt(work);
    } catch (error) {
      forget();
      if (!(error instanceof RollupRefused)) throw error;
      // Some record's share is refused (a constraint, a value SQLite will not add up, a bug of ours):
      // the unit is written again with each record's rollups under that record's own savepoint, so
      // the record at fault is rejected alone and the others are stored, as they would be on their own.
      rollups.isPerRow = true;
      try {
        return work();
      } finally {
        rollups.isPerRow = false;
      }
    }
  });

  const member = db.transaction((write: () => unknown): unknown => write());

  function run<T>(work: () => T): T {
    if (depth > 0) return work();
    depth += 1;
    try {
      return whole.immediate(work) as T;
    } catch (error) {
      forget();
      throw error;
    } finally {
      depth -= 1;
    }
  }

  return {
    run,
    group: <T>(writes: readonly (() => T)[]) =>
      run(() =>
        writes.map((write): Settled<T> => {
          const mark = rollups.mark();
          try {
            return { value: member(write) as T };
          } catch (error) {
            if (isStoreFailure(db, error)) throw error;
            rollups.rewind(mark);
            onRollback();
            return { error };
          }
        }),
      ),
    nested(write) {
      const underSavepoint = db.transaction(write);
      return (...args) => {
        const mark = rollups.mark();
        try {
          return underSavepoint(...args);
        } catch (error) {
          rollups.rewind(mark);
          throw error;
        }
      };
    },
  };
}
