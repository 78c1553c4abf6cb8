// Writes this database's own records past the folder's marks into segments under
// <folder>/<machine>/, at most maxSegmentBytes each, and moves the marks once each segment is in
// place. A crash between the rename and the mark writes the same records again next time: the
// readers' natural keys make that change nothing.
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open.js';
import { lastIds, raisedPoints, syncEvents, syncPoints, syncSpans } from '../store/read/sync-rows.js';
import type { ExportMarks, SyncState } from '../store/sync-state.js';
import { writeSegment } from './segment-file.js';
import { eventLines, pointLines, spanLines, type SegmentLine } from './segment-lines.js';

export const defaultMaxSegmentBytes = 8 * 1024 * 1024;
const pageRows = 2000;

export interface ExportOptions {
  folder: string;
  machine: string;
  nowMs: number;
  maxSegmentBytes?: number;
}

export interface ExportReport {
  /** Paths inside the folder (machine/name) of the segments written. */
  segments: string[];
  records: number;
}

export function exportSegments(db: Db, state: SyncState, options: ExportOptions): ExportReport {
  const maxBytes = options.maxSegmentBytes ?? defaultMaxSegmentBytes;
  const dir = path.join(options.folder, options.machine);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const start = state.marks(options.folder);
  const upTo = lastIds(db);
  const marks: ExportMarks = { ...start };
  const report: ExportReport = { segments: [], records: 0 };
  let lines: string[] = [];
  let bytes = 0;
  let records = 0;

  const flush = () => {
    if (lines.length > 0) {
      const written = writeSegment(dir, lines.join(''), options.nowMs);
      const relative = `${options.machine}/${written.name}`;
      db.transaction(() => {
        state.recordSegment(options.folder, {
          path: relative,
          machine: options.machine,
          sizeBytes: written.sizeBytes,
          mtimeMs: written.mtimeMs,
          sha256: written.sha256,
          error: null,
          records,
          stored: records,
          checkedMs: options.nowMs,
        });
        state.advanceMarks(options.folder, marks, options.nowMs);
      })();
      report.segments.push(relative);
      report.records += records;
    } else {
      state.advanceMarks(options.folder, marks, options.nowMs);
    }
    lines = [];
    bytes = 0;
    records = 0;
  };
  const add = (line: SegmentLine, move: (m: ExportMarks) => void) => {
    const size = Buffer.byteLength(line.text);
    if (lines.length > 0 && bytes + size > maxBytes) flush();
    if (size > 0) lines.push(line.text);
    bytes += size;
    records += line.records;
    move(marks);
  };

  // Raised totals first, against the points mark as it was: points past it go out below anyway.
  const raised = raisedPoints(db, start.raisedMark, start.pointsMark);
  for (const line of pointLines(raised.rows)) add(line, () => undefined);
  marks.raisedMark = raised.lastRaisedId;
  for (let rows = syncEvents(db, marks.eventsMark, upTo.events, pageRows); rows.length > 0; rows = syncEvents(db, marks.eventsMark, upTo.events, pageRows)) {
    for (const line of eventLines(rows)) add(line, (m) => (m.eventsMark = line.lastId));
  }
  for (let rows = syncPoints(db, marks.pointsMark, upTo.points, pageRows); rows.length > 0; rows = syncPoints(db, marks.pointsMark, upTo.points, pageRows)) {
    for (const line of pointLines(rows)) add(line, (m) => (m.pointsMark = line.lastId));
  }
  for (let rows = syncSpans(db, marks.spansMark, upTo.spans, pageRows); rows.length > 0; rows = syncSpans(db, marks.spansMark, upTo.spans, pageRows)) {
    for (const line of spanLines(rows)) add(line, (m) => (m.spansMark = line.lastId));
  }
  // Every row of ours up to the last ids is in a segment now: the marks pass the others' rows too.
  Object.assign(marks, {
    eventsMark: Math.max(marks.eventsMark, upTo.events),
    pointsMark: Math.max(marks.pointsMark, upTo.points),
    spansMark: Math.max(marks.spansMark, upTo.spans),
  });
  flush();
  return report;
}
