// What `status` says about sync: this machine's name, and per folder what was written and read, and
// the segments skipped (torn, corrupt) with why, until they change and are read.
import { statement, type Db } from '../open.js';

export interface SyncMachineStatus {
  machine: string;
  segments: number;
  records: number;
  /** When a segment of it was last read, Unix ms. */
  lastReadMs: number | null;
}

export interface SkippedSegmentStatus {
  segment: string;
  error: string;
  checkedMs: number;
}

export interface SyncFolderStatus {
  folder: string;
  lastExportMs: number | null;
  lastImportMs: number | null;
  /** Segments this database wrote into the folder. */
  written: { segments: number; records: number };
  /** The other machines whose segments were read. */
  machines: SyncMachineStatus[];
  skipped: SkippedSegmentStatus[];
}

export interface SyncStatus {
  /** This machine's name; null until sync or --machine names it. */
  machine: string | null;
  folders: SyncFolderStatus[];
}

export function syncStatus(db: Db): SyncStatus {
  const machine = (statement(db, 'SELECT name FROM machine_name').pluck().get() as string | undefined) ?? null;
  const folders = statement(
    db,
    'SELECT folder, last_export_ms AS lastExportMs, last_import_ms AS lastImportMs FROM sync_folders ORDER BY folder',
  ).all() as Pick<SyncFolderStatus, 'folder' | 'lastExportMs' | 'lastImportMs'>[];
  const perMachine = statement(
    db,
    `
    SELECT machine, count(*) AS segments, TOTAL(records) AS records, max(checked_ms) AS lastReadMs
    FROM sync_segments WHERE folder = ? AND error IS NULL GROUP BY machine ORDER BY machine`,
  );
  const skipped = statement(
    db,
    'SELECT path AS segment, error, checked_ms AS checkedMs FROM sync_segments WHERE folder = ? AND error IS NOT NULL ORDER BY path',
  );
  return {
    machine,
    folders: folders.map((f) => {
      const all = perMachine.all(f.folder) as SyncMachineStatus[];
      const own = all.find((m) => m.machine === machine);
      return {
        ...f,
        written: { segments: own?.segments ?? 0, records: own?.records ?? 0 },
        machines: all.filter((m) => m.machine !== machine),
        skipped: skipped.all(f.folder) as SkippedSegmentStatus[],
      };
    }),
  };
}
