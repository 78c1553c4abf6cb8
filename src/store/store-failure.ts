// Which errors mean the store itself failed (the request must be refused, 5xx, and sent again), and
// which belong to one record (it is rejected alone, counted in partial_success, and the rest stored).
import type { Db } from './open.js';
import type { WriteResult } from './write.js';

// Disk full, a damaged or foreign file, I/O, read-only, locked or busy past busy_timeout, out of
// memory, gone: none of these is about the record being written, so none may be blamed on it.
const storeCodes = /^SQLITE_(FULL|CORRUPT|NOTADB|IOERR|READONLY|BUSY|LOCKED|CANTOPEN|NOMEM|PROTOCOL|PERM|AUTH|INTERRUPT|ABORT)/;

export function isStoreFailure(db: Db, error: unknown): boolean {
  // SQLite rolls a whole transaction back on some errors (a full disk, I/O, out of memory): without
  // it, going on would write the rest outside any transaction.
  if (!db.open || !db.inTransaction) return true;
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && storeCodes.test(code);
}

/**
 * Writes each record with `write`, a transaction function called inside the request's transaction,
 * so each record runs under a savepoint of its own: a record that fails is taken back alone and
 * counted with its reason (`onRejected` then runs), unless the store itself failed, which ends the
 * whole write. `write` says whether the record was new.
 */
export function writeEach<T>(
  db: Db,
  records: readonly T[],
  write: (record: T) => boolean,
  describe: (record: T) => string,
  onRejected?: () => void,
): WriteResult {
  const reasons = new Set<string>();
  let inserted = 0;
  let rejected = 0;
  for (const record of records) {
    try {
      if (write(record)) inserted += 1;
    } catch (error) {
      if (isStoreFailure(db, error)) throw error;
      rejected += 1;
      const code = (error as { code?: unknown } | null)?.code;
      reasons.add(
        `${describe(record)} could not be stored: ${error instanceof Error ? error.message : String(error)}${typeof code === 'string' ? ` (${code})` : ''}`,
      );
      onRejected?.();
    }
  }
  return { inserted, duplicates: records.length - inserted - rejected, rejected, reasons: [...reasons] };
}
