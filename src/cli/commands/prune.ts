import { UserError } from '../../errors.js';
import { openDatabase } from '../../store/open.js';
import { prune } from '../../store/prune.js';
import { describePrune } from '../format/prune-report.js';
import { writeJson } from '../format/json.js';
import { databasePath } from '../paths.js';
import { parseSince } from '../since.js';
import { printOut } from '../format/print.js';

export interface PruneOptions {
  olderThan: string;
  dryRun?: boolean;
  json?: boolean;
  db?: string;
}

export function pruneCommand(options: PruneOptions, nowMs = Date.now()): void {
  const cutoffMs = parseSince(options.olderThan, nowMs);
  if (cutoffMs === undefined) throw new UserError('--older-than all would delete everything; give an age like 90d', undefined, 2);
  const db = openDatabase(databasePath(options.db));
  try {
    const result = prune(db, cutoffMs, { dryRun: options.dryRun === true });
    if (options.json) return writeJson({ ...result, cutoff: new Date(cutoffMs).toISOString(), dryRun: options.dryRun === true });
    printOut(`${options.dryRun ? 'would remove' : 'removed'} ${describePrune(result)}\n`);
  } finally {
    db.close();
  }
}
