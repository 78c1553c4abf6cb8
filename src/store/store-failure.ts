// Which errors mean the store itself failed (the request must be refused, 5xx, and sent again), and
// which belong to one record (it is rejected alone, counted in partial_success, and the rest stored).
import type { Db } from './open.js';

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

/** Records rejected alone, and why: each distinct reason once. */
export class RejectedRecords {
  count = 0;
  private readonly reasons = new Set<string>();

  add(what: string, error: unknown): void {
    this.count += 1;
    const code = (error as { code?: unknown } | null)?.code;
    this.reasons.add(`${what} could not be stored: ${error instanceof Error ? error.message : String(error)}${typeof code === 'string' ? ` (${code})` : ''}`);
  }

  lines(): string[] {
    return [...this.reasons];
  }
}
