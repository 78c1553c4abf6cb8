// One sync pass: this machine's new records out as a segment, the other machines' segments in.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Db } from '../store/open.js';
import type { SyncState } from '../store/sync-state.js';
import { exportSegments, type ExportReport } from './export-segments.js';
import { importSegments, type ImportReport } from './import-segments.js';

export interface SyncPassOptions {
  /** Absolute. */
  folder: string;
  machine: string;
  nowMs?: () => number;
  maxSegmentBytes?: number;
}

export interface SyncReport {
  folder: string;
  machine: string;
  /** `rewrote`: our folder in it was gone (deleted, or a new sync folder at the same path), so every record was written again. */
  exported: ExportReport & { rewrote: boolean };
  imported: ImportReport;
}

/**
 * The folder must exist: one that is missing is more often an unmounted or not yet synced share than
 * a new one, and a folder made in its place would take segments meant for the share.
 */
export function checkSyncFolder(folder: string): void {
  const stat = fs.statSync(folder, { throwIfNoEntry: false });
  if (stat === undefined)
    throw new UserError(`sync folder ${folder} does not exist`, 'create it (mkdir -p), or check that the share is mounted; local data is untouched');
  if (!stat.isDirectory()) throw new UserError(`sync folder ${folder} is not a folder`, 'pass the folder your sync tool shares between machines');
}

/** Writes our new records into the folder (all of them again if our own folder in it is gone). */
export function exportPass(db: Db, state: SyncState, options: SyncPassOptions): SyncReport['exported'] {
  const nowMs = options.nowMs ?? Date.now;
  checkSyncFolder(options.folder);
  const marks = state.marks(options.folder);
  const hasWritten = marks.eventsMark > 0 || marks.pointsMark > 0 || marks.spansMark > 0;
  const rewrote = hasWritten && !fs.existsSync(path.join(options.folder, options.machine));
  if (rewrote) state.resetMarks(options.folder);
  const report = exportSegments(db, state, {
    folder: options.folder,
    machine: options.machine,
    nowMs: nowMs(),
    ...(options.maxSegmentBytes === undefined ? {} : { maxSegmentBytes: options.maxSegmentBytes }),
  });
  return { ...report, rewrote };
}

export async function importPass(db: Db, state: SyncState, options: SyncPassOptions): Promise<ImportReport> {
  checkSyncFolder(options.folder);
  return importSegments(db, state, { folder: options.folder, machine: options.machine, nowMs: options.nowMs ?? Date.now });
}

export async function syncOnce(db: Db, state: SyncState, options: SyncPassOptions): Promise<SyncReport> {
  const exported = exportPass(db, state, options);
  const imported = await importPass(db, state, options);
  return { folder: options.folder, machine: options.machine, exported, imported };
}
