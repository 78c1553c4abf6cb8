// `--sync DIR` and `--machine NAME` on the receiving process (serve, or ui when it owns the port):
// the adapter between the options and the continuous sync, so each command adds two calls.
import path from 'node:path';
import type { Db } from '../store/open.js';
import { createSyncState } from '../store/sync-state.js';
import { startContinuousSync } from '../sync/continuous-sync.js';
import { resolveMachineName } from '../sync/machine-name.js';
import { checkSyncFolder } from '../sync/sync-pass.js';

export interface SyncCliOptions {
  sync?: string;
  machine?: string;
  /** Hidden: lets tests see a pass in a second rather than 30. */
  syncIntervalMs?: string;
}

export interface SyncStarter {
  /** Starts the passes (once the receiver listens); returns stop(), which writes what waits for a segment. */
  start(hooks: { onChange?: () => void; onProblem?: (line: string) => void }): () => Promise<void>;
}

/**
 * Before the receiver starts: names the machine when asked (--machine) or syncing, and checks the
 * folder, so a wrong one is a usage error at once rather than a message later.
 */
export function prepareSync(db: Db, options: SyncCliOptions): SyncStarter {
  const none: SyncStarter = { start: () => async () => undefined };
  if (options.sync === undefined && options.machine === undefined) return none;
  const machine = resolveMachineName(createSyncState(db), options.machine);
  if (options.sync === undefined) return none;
  const folder = path.resolve(options.sync);
  checkSyncFolder(folder);
  const intervalMs = options.syncIntervalMs === undefined ? undefined : Math.max(10, Number(options.syncIntervalMs) || 0);
  return { start: (hooks) => startContinuousSync(db, { folder, machine, ...(intervalMs === undefined ? {} : { intervalMs }), ...hooks }) };
}
