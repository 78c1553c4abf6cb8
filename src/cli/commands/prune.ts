import { UserError } from '../../errors.js';
import { setSafeInterval } from '../../safe-timers.js';
import { openDatabase, type Db } from '../../store/open.js';
import { prune, type PruneResult } from '../../store/prune.js';
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

export function describePrune(r: PruneResult): string {
  return `${r.events} events, ${r.metricPoints} metric points, ${r.metricSeries} metric series, ${r.spans} spans, ${r.transcriptRequests} transcript requests and ${r.statuslineSnapshots} status line snapshots older than ${new Date(r.cutoffMs).toISOString()}`;
}

/** `--keep-days N` on serve and ui: prune now and then once a day. Returns a stop function. */
export function keepDays(db: Db, days: number, report: (line: string) => void): () => void {
  const dayMs = 86_400_000;
  const once = () => {
    const result = prune(db, Date.now() - days * dayMs);
    if (result.events + result.metricPoints + result.spans + result.transcriptRequests + result.statuslineSnapshots > 0) report(`retention: removed ${describePrune(result)}`);
  };
  once();
  const timer = setSafeInterval(once, dayMs);
  timer.unref();
  return () => clearInterval(timer);
}

export function parseKeepDays(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1) throw new UserError(`--keep-days ${value} is not a whole number of days`, 'use 1 or more; without it nothing is ever deleted', 2);
  return days;
}
