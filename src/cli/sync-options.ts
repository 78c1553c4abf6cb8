// `--sync DIR` and `--machine NAME` on the receiving process (serve, or ui when it owns the port):
// sync as an extension of that process (receiving/receiving-process.ts), which each command hands it.
import path from 'node:path';
import { createSyncState } from '../store/sync-state.js';
import { continuousSync } from '../sync/continuous-sync.js';
import { resolveMachineName } from '../sync/machine-name.js';
import { checkSyncFolder } from '../sync/sync-pass.js';
import type { SyncFlags } from './receiving/flags.js';
import type { ExtensionFactory } from './receiving/receiving-process.js';

/**
 * None without either flag. The factory runs after the database opens and before the receiver
 * listens: it names the machine when asked (--machine) or syncing, and checks the folder, so a wrong
 * one is an error at once rather than a message later. The passes run as a periodic task once the
 * receiver listens (the first at once); at stop, after the receiver, the last segment is written, so
 * it holds everything the process accepted.
 */
export function syncExtensions(flags: SyncFlags): ExtensionFactory[] {
  if (flags.sync === undefined && flags.machine === undefined) return [];
  const folderFlag = flags.sync;
  return [
    (context) => {
      const machine = resolveMachineName(createSyncState(context.db), flags.machine);
      if (folderFlag === undefined) return { name: 'sync' };
      const folder = path.resolve(folderFlag);
      checkSyncFolder(folder);
      const intervalMs = flags.syncIntervalMs === undefined ? undefined : Math.max(10, Number(flags.syncIntervalMs) || 0);
      const sync = continuousSync(context.db, { folder, machine, intervalMs, onChange: context.notifyChange, onProblem: (line) => context.log.problem(line) });
      return { name: 'sync', tasks: [{ name: 'sync', intervalMs: sync.intervalMs, run: () => sync.pass() }], close: () => sync.finish() };
    },
  ];
}
