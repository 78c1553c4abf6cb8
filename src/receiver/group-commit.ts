// Group commit: the writes of requests that are ready at the same time share one transaction, and so
// one commit and one fsync. A write waits for the end of the current turn of the event loop
// (setImmediate), and every request whose body was read and decoded in that turn joins it: while a
// commit holds the loop, the requests that arrive queue up and go together in the next one; a lone
// request waits for nothing. Each request is still answered only after the commit that holds it.
//
// In the shared transaction each write runs under a savepoint of its own (Writer.group): one
// request's record or failure that is not the store's stays that request's; a failure of the store
// itself (disk full, I/O, busy) takes the whole transaction back, and every request in it is refused.
import type { Writer, WriteResult } from '../store/write.js';
import type { Settled } from '../store/write-unit.js';

/** Records one transaction holds at most; what is over waits one more turn. About 100 ms of work on a slow, shared core. */
export const defaultGroupRecords = 2048;

export interface GroupWrite {
  write: () => WriteResult;
  /** Whether its commit must reach the disk before the answer (the slices of a large request before its last need not). */
  isSynced: boolean;
  records: number;
}

export interface GroupCommitOptions {
  maxRecords?: number;
  /** After each shared transaction has committed, with how many writes it held (tests, the bench). */
  onCommit?: (writes: number) => void;
}

export interface GroupCommit {
  /** Resolves with the write's result once the transaction holding it has committed. */
  write(write: GroupWrite): Promise<WriteResult>;
}

interface Waiting extends GroupWrite {
  resolve(result: WriteResult): void;
  reject(error: unknown): void;
}

export function createGroupCommit(writer: Writer, options: GroupCommitOptions = {}): GroupCommit {
  const maxRecords = options.maxRecords ?? defaultGroupRecords;
  let waiting: Waiting[] = [];
  let isScheduled = false;

  function schedule(): void {
    if (isScheduled) return;
    isScheduled = true;
    setImmediate(commitNext);
  }

  function commitNext(): void {
    isScheduled = false;
    // In the order they came, up to the bound (one write at least, however large).
    let records = 0;
    let count = 0;
    while (count < waiting.length && (count === 0 || records + waiting[count]!.records <= maxRecords)) {
      records += waiting[count]!.records;
      count += 1;
    }
    const group = waiting.slice(0, count);
    waiting = waiting.slice(count);
    if (waiting.length > 0) schedule();
    let settled: Settled<WriteResult>[];
    try {
      const writes = group.map((w) => w.write);
      const run = () => writer.group(writes);
      settled = group.some((w) => w.isSynced) ? run() : writer.withoutSync(run);
    } catch (error) {
      // The store failed: nothing of the transaction stands, and no request in it is acknowledged.
      for (const w of group) w.reject(error);
      return;
    }
    options.onCommit?.(group.length);
    settled.forEach((outcome, i) => {
      const w = group[i]!;
      if ('error' in outcome) w.reject(outcome.error);
      else w.resolve(outcome.value);
    });
  }

  return {
    write(write) {
      return new Promise<WriteResult>((resolve, reject) => {
        waiting.push({ ...write, resolve, reject });
        schedule();
      });
    },
  };
}
