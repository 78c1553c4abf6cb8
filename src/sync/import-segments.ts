// Reads the other machines' segments in the folder through the same path as `import` and the
// receiver (decode → normalize → store, natural keys), each record stored with the machine whose
// folder it came from. Never forwarded, never written out again as this machine's: no echo.
// A segment is read once: imported ones are immutable; a torn or corrupt one is recorded with its
// size and time, reported, and read again once either changes. Our own folder is not read.
import fs from 'node:fs';
import path from 'node:path';
import { DecodeError, type Signal } from '../otlp/types.js';
import { ingest } from '../receiver/ingest.js';
import type { Db } from '../store/open.js';
import type { KnownSegment, SyncState } from '../store/sync-state.js';
import { createWriter, type Writer } from '../store/write.js';
import { isMachineName } from './machine-name.js';
import { checkSegment, isSegmentName } from './segment-file.js';

/** Larger than any segment we write (8 MiB) by far; beyond it a file is not ours. */
const maxSegmentFileBytes = 256 * 1024 * 1024;
/** Work between yields to the event loop, so a receiver in the same process keeps answering. */
const sliceMs = 20;

export interface SkippedSegment {
  segment: string;
  reason: string;
}

export interface ImportReport {
  /** Segments read and stored now; `copies` had content imported before under another name. */
  segments: number;
  copies: number;
  requests: number;
  records: number;
  stored: number;
  alreadyStored: number;
  rejected: number;
  /** Segments not read now, with why (each is tried again once it changes). */
  skipped: SkippedSegment[];
  /** Lines of whole segments that did not decode (another version's, say). */
  badLines: SkippedSegment[];
  machines: string[];
  /** Segments in our own folder this database did not write: another machine uses our name, or the database is new. */
  strangersInOwnFolder: number;
}

export interface ImportOptions {
  folder: string;
  machine: string;
  nowMs: () => number;
}

const signalKeys: Record<string, Signal> = { resourceLogs: 'logs', resourceMetrics: 'metrics', resourceSpans: 'traces' };

function signalOf(line: string): Signal | undefined {
  const match = /^\{\s*"(resourceLogs|resourceMetrics|resourceSpans)"/.exec(line);
  return match === null ? undefined : signalKeys[match[1]!];
}

async function entries(dir: string): Promise<fs.Dirent[]> {
  return (await fs.promises.readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

export async function importSegments(db: Db, state: SyncState, options: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = {
    segments: 0,
    copies: 0,
    requests: 0,
    records: 0,
    stored: 0,
    alreadyStored: 0,
    rejected: 0,
    skipped: [],
    badLines: [],
    machines: [],
    strangersInOwnFolder: 0,
  };
  const known = state.knownSegments(options.folder);
  const writers = new Map<string, Writer>();
  const present = new Set<string>();

  for (const entry of await entries(options.folder)) {
    if (!entry.isDirectory() || !isMachineName(entry.name)) continue;
    const machine = entry.name;
    const dir = path.join(options.folder, machine);
    if (machine === options.machine) {
      report.strangersInOwnFolder = (await entries(dir)).filter((f) => f.isFile() && isSegmentName(f.name) && !known.has(`${machine}/${f.name}`)).length;
      continue;
    }
    report.machines.push(machine);
    for (const file of await entries(dir)) {
      if (!file.isFile() || !isSegmentName(file.name)) continue;
      const relative = `${machine}/${file.name}`;
      present.add(relative);
      const before = known.get(relative);
      if (before !== undefined && before.error === null) continue;
      const stat = await fs.promises.stat(path.join(dir, file.name)).catch(() => undefined);
      if (stat === undefined) continue;
      const seen: KnownSegment = { sizeBytes: stat.size, mtimeMs: Math.trunc(stat.mtimeMs), sha256: null, error: null };
      const record = (fields: Partial<KnownSegment> & { records?: number; stored?: number }) =>
        state.recordSegment(options.folder, { path: relative, machine, ...seen, records: 0, stored: 0, checkedMs: options.nowMs(), ...fields });
      if (before !== undefined && before.sizeBytes === seen.sizeBytes && before.mtimeMs === seen.mtimeMs) {
        report.skipped.push({ segment: relative, reason: before.error! });
        continue;
      }
      if (stat.size > maxSegmentFileBytes) {
        const reason = `${stat.size} bytes is over the ${maxSegmentFileBytes / 1024 / 1024} MiB a segment can be; not read`;
        record({ error: reason });
        report.skipped.push({ segment: relative, reason });
        continue;
      }
      const bytes = await fs.promises
        .readFile(path.join(dir, file.name))
        .catch((error: NodeJS.ErrnoException) => new Error(`cannot read: ${error.code ?? error.message}; tried again when it changes`));
      const check = bytes instanceof Error ? { isWhole: false as const, reason: bytes.message } : checkSegment(file.name, bytes);
      if (!check.isWhole) {
        record({ error: check.reason });
        report.skipped.push({ segment: relative, reason: check.reason });
        continue;
      }
      if (state.hasContent(check.sha256)) {
        record({ sha256: check.sha256 });
        report.copies += 1;
        continue;
      }
      let writer = writers.get(machine);
      if (writer === undefined) {
        writer = createWriter(db, { machine });
        writers.set(machine, writer);
      }
      let records = 0;
      let stored = 0;
      const lines = (bytes as Buffer).toString('utf8').split('\n');
      const ingestLine = (index: number) => {
        const line = lines[index]!;
        if (line.trim() === '') return;
        const signal = signalOf(line);
        try {
          if (signal === undefined) throw new DecodeError('not an OTLP/JSON request');
          const result = ingest(writer, signal, 'json', Buffer.from(line), options.nowMs());
          report.requests += 1;
          records += result.received;
          stored += result.inserted;
          report.alreadyStored += result.duplicates;
          report.rejected += result.rejected;
        } catch (error) {
          // A store failure (disk full, locked) rolls the slice back and ends the pass, the segment
          // not recorded: it is read again next time.
          if (!(error instanceof DecodeError)) throw error;
          report.badLines.push({ segment: `${relative}:${index + 1}`, reason: error.message });
        }
      };
      // Lines in slices of one transaction each (a commit per request would be an fsync per line),
      // never held across a yield: between slices, the receiver in the same process writes and answers.
      for (let next = 0; next < lines.length;) {
        const sliceStartMs = Date.now();
        db.transaction(() => {
          do ingestLine(next++);
          while (next < lines.length && Date.now() - sliceStartMs < sliceMs);
        }).immediate();
        await new Promise((resolve) => setImmediate(resolve));
      }
      record({ sha256: check.sha256, records, stored });
      report.segments += 1;
      report.records += records;
      report.stored += stored;
    }
  }
  for (const [relative, segment] of known) if (segment.error !== null && !present.has(relative)) state.forgetSkipped(options.folder, relative);
  state.importedAt(options.folder, options.nowMs());
  return report;
}
