// What sync keeps in the database: this machine's name, how far each folder has this database's
// records (marks per table), and which segments of other machines were imported or skipped.
import type { Db } from './open.js';

export interface ExportMarks {
  eventsMark: number;
  pointsMark: number;
  spansMark: number;
  raisedMark: number;
}

export interface KnownSegment {
  sizeBytes: number;
  mtimeMs: number;
  sha256: string | null;
  /** null: imported (or written here). */
  error: string | null;
}

export interface SegmentRecord extends KnownSegment {
  path: string;
  machine: string;
  records: number;
  stored: number;
  checkedMs: number;
}

export interface SyncState {
  machineName(): string | null;
  setMachineName(name: string): void;
  marks(folder: string): ExportMarks;
  /** Moves marks forward only: two writers of one folder never take a mark back. */
  advanceMarks(folder: string, marks: ExportMarks, nowMs: number): void;
  /** Starts the folder again from the first record (its own segments were deleted). */
  resetMarks(folder: string): void;
  importedAt(folder: string, nowMs: number): void;
  knownSegments(folder: string): Map<string, KnownSegment>;
  recordSegment(folder: string, segment: SegmentRecord): void;
  /** A skipped segment that is gone from the folder is no longer a problem to show. */
  forgetSkipped(folder: string, path: string): void;
  /** A segment with this content was imported (or written) before, under any name. */
  hasContent(sha256: string): boolean;
}

export function createSyncState(db: Db): SyncState {
  const getName = db.prepare('SELECT name FROM machine_name WHERE only_row = 1').pluck();
  const setName = db.prepare('INSERT INTO machine_name (only_row, name) VALUES (1, ?) ON CONFLICT (only_row) DO UPDATE SET name = excluded.name');
  const getMarks = db.prepare(
    'SELECT events_mark AS eventsMark, points_mark AS pointsMark, spans_mark AS spansMark, raised_mark AS raisedMark FROM sync_folders WHERE folder = ?',
  );
  const advance = db.prepare(`
    INSERT INTO sync_folders (folder, events_mark, points_mark, spans_mark, raised_mark, last_export_ms)
    VALUES (@folder, @eventsMark, @pointsMark, @spansMark, @raisedMark, @nowMs)
    ON CONFLICT (folder) DO UPDATE SET
      events_mark = max(events_mark, excluded.events_mark), points_mark = max(points_mark, excluded.points_mark),
      spans_mark = max(spans_mark, excluded.spans_mark), raised_mark = max(raised_mark, excluded.raised_mark),
      last_export_ms = excluded.last_export_ms`);
  const reset = db.prepare('UPDATE sync_folders SET events_mark = 0, points_mark = 0, spans_mark = 0, raised_mark = 0 WHERE folder = ?');
  const imported = db.prepare(`
    INSERT INTO sync_folders (folder, last_import_ms) VALUES (?, ?)
    ON CONFLICT (folder) DO UPDATE SET last_import_ms = excluded.last_import_ms`);
  const known = db.prepare('SELECT path, size_bytes AS sizeBytes, mtime_ms AS mtimeMs, sha256, error FROM sync_segments WHERE folder = ?');
  const record = db.prepare(`
    INSERT INTO sync_segments (folder, path, machine, size_bytes, mtime_ms, sha256, error, records, stored, checked_ms)
    VALUES (@folder, @path, @machine, @sizeBytes, @mtimeMs, @sha256, @error, @records, @stored, @checkedMs)
    ON CONFLICT (folder, path) DO UPDATE SET
      machine = excluded.machine, size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms, sha256 = excluded.sha256,
      error = excluded.error, records = excluded.records, stored = excluded.stored, checked_ms = excluded.checked_ms`);
  const forget = db.prepare('DELETE FROM sync_segments WHERE folder = ? AND path = ? AND error IS NOT NULL');
  const content = db.prepare('SELECT 1 FROM sync_segments WHERE sha256 = ? AND error IS NULL LIMIT 1').pluck();
  return {
    machineName: () => (getName.get() as string | undefined) ?? null,
    setMachineName: (name) => void setName.run(name),
    marks: (folder) => (getMarks.get(folder) as ExportMarks | undefined) ?? { eventsMark: 0, pointsMark: 0, spansMark: 0, raisedMark: 0 },
    advanceMarks: (folder, marks, nowMs) => void advance.run({ folder, ...marks, nowMs }),
    resetMarks: (folder) => void reset.run(folder),
    importedAt: (folder, nowMs) => void imported.run(folder, nowMs),
    knownSegments: (folder) => new Map((known.all(folder) as (KnownSegment & { path: string })[]).map(({ path, ...s }) => [path, s])),
    recordSegment: (folder, segment) => void record.run({ folder, ...segment }),
    forgetSkipped: (folder, path) => void forget.run(folder, path),
    hasContent: (sha256) => content.get(sha256) !== undefined,
  };
}
