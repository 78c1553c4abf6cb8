import fs from 'node:fs';
import { UserError } from '../../errors.js';
import type { Signal } from '../../otlp/types.js';
import { ingest } from '../../receiver/ingest.js';
import { defaultMaxBodyBytes } from '../../receiver/server.js';
import { openDatabase } from '../../store/open.js';
import { createWriter } from '../../store/write.js';
import { writeJson } from '../format/json.js';
import { databasePath } from '../paths.js';
import { listFiles, readRequests, type Skipped } from '../transfer/otlp-files.js';
import { printOut, printProgress } from '../format/print.js';
import { plainText } from '../../present/sanitize.js';

export interface ImportOptions {
  db?: string;
  json?: boolean;
  signal?: string;
}

export interface ImportReport {
  files: number;
  requests: number;
  records: number;
  stored: number;
  alreadyStored: number;
  rejected: number;
  skipped: Skipped[];
}

const signals: readonly Signal[] = ['logs', 'metrics', 'traces'];

/** Reads OTLP files into the database through the same decode → normalize → store path as the receiver. */
export function importCommand(paths: string[], options: ImportOptions): void {
  const signalHint = options.signal as Signal | undefined;
  if (signalHint !== undefined && !signals.includes(signalHint)) throw new UserError(`--signal ${options.signal} is not logs, metrics or traces`, undefined, 2);
  const { files, skipped } = listFiles(paths);
  if (files.length === 0 && skipped.length > 0) throw new UserError(`nothing to import: ${skipped[0]!.file}: ${skipped[0]!.reason}`);
  const db = openDatabase(databasePath(options.db));
  const writer = createWriter(db);
  const report: ImportReport = { files: files.length, requests: 0, records: 0, stored: 0, alreadyStored: 0, rejected: 0, skipped };
  const totalBytes = files.reduce((n, f) => n + fs.statSync(f).size, 0);
  const progress = progressBar(totalBytes);
  try {
    let doneBytes = 0;
    for (const file of files) {
      const read = readRequests(file, defaultMaxBodyBytes, signalHint);
      report.skipped.push(...read.skipped);
      for (const r of read.requests) {
        try {
          const result = ingest(writer, r.signal, r.encoding, r.body, Date.now());
          report.requests += 1;
          report.records += result.received;
          report.stored += result.inserted;
          report.alreadyStored += result.duplicates;
          report.rejected += result.rejected;
        } catch (error) {
          report.skipped.push({ file: r.line > 0 ? `${r.file}:${r.line}` : r.file, reason: error instanceof Error ? error.message : String(error) });
        }
      }
      doneBytes += fs.statSync(file).size;
      progress(doneBytes);
    }
  } finally {
    progress(null);
    db.close();
  }
  if (options.json) return writeJson(report);
  printOut(
    `read ${report.files} files, ${report.requests} requests, ${report.records} records: ${report.stored} stored, ${report.alreadyStored} already stored, ${report.rejected} rejected, ${report.skipped.length} skipped\n`,
  );
  for (const s of report.skipped.slice(0, 20)) printOut(`  skipped ${plainText(s.file)}: ${plainText(s.reason)}\n`);
  if (report.skipped.length > 20) printOut(`  … and ${report.skipped.length - 20} more (--json lists them all)\n`);
}

/** A one-line progress bar on stderr, only when it is a terminal and the input is large. */
function progressBar(totalBytes: number): (doneBytes: number | null) => void {
  if (!process.stderr.isTTY || totalBytes < 4 * 1024 * 1024) return () => undefined;
  let last = -1;
  return (done) => {
    if (done === null) {
      printProgress('', { clear: true });
      return;
    }
    const percent = Math.floor((done / totalBytes) * 100);
    if (percent === last) return;
    last = percent;
    const width = 30;
    const filled = Math.round((percent / 100) * width);
    printProgress(`importing [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${percent}%`);
  };
}
