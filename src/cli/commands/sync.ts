// `sync DIR`: one pass through a folder that a sync tool shares between machines.
import path from 'node:path';
import { openDatabase } from '../../store/open.js';
import { createSyncState } from '../../store/sync-state.js';
import { resolveMachineName } from '../../sync/machine-name.js';
import { syncOnce } from '../../sync/sync-pass.js';
import { formatCount } from '../../present/format.js';
import { writeJson } from '../format/json.js';
import { printOut } from '../format/print.js';
import { databasePath } from '../paths.js';

export interface SyncOptions {
  machine?: string;
  json?: boolean;
  db?: string;
}

export async function syncCommand(dir: string, options: SyncOptions): Promise<void> {
  const folder = path.resolve(dir);
  const db = openDatabase(databasePath(options.db));
  let report;
  try {
    const state = createSyncState(db);
    const machine = resolveMachineName(state, options.machine);
    report = await syncOnce(db, state, { folder, machine });
  } finally {
    db.close();
  }
  if (options.json) return writeJson(report);
  const { exported: out, imported: inn } = report;
  const lines = [
    `sync ${folder} as ${report.machine}`,
    `  wrote ${out.segments.length} ${out.segments.length === 1 ? 'segment' : 'segments'} (${formatCount(out.records)} records)${out.rewrote ? `; ${report.machine}/ was missing, so every record was written again` : ''}`,
    `  read ${inn.segments} ${inn.segments === 1 ? 'segment' : 'segments'} from ${inn.machines.length === 0 ? 'no other machine yet' : inn.machines.join(', ')}: ${formatCount(inn.records)} records, ${formatCount(inn.stored)} stored, ${formatCount(inn.alreadyStored)} already stored${inn.rejected > 0 ? `, ${formatCount(inn.rejected)} rejected` : ''}${inn.copies > 0 ? `; ${inn.copies} ${inn.copies === 1 ? 'copy of a segment' : 'copies of segments'} read before` : ''}`,
    ...inn.skipped.map((s) => `  skipped ${s.segment}: ${s.reason}`),
    ...inn.badLines.slice(0, 20).map((s) => `  not read ${s.segment}: ${s.reason}`),
    ...(inn.strangersInOwnFolder > 0
      ? [
          `  ${report.machine}/ has ${inn.strangersInOwnFolder} segments this database did not write: does another machine use the name ${report.machine}? Give each its own --machine NAME`,
        ]
      : []),
    '',
  ];
  printOut(lines.join('\n'));
}
