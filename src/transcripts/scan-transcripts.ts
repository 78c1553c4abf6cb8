// Incremental scan of Claude Code transcripts: list the .jsonl files, read only the bytes appended
// since the last scan (complete lines only; a line still being written waits for the next scan), and
// store what they say. A file that shrank was rewritten: it is read again from the start, which the
// store's upserts make harmless. Async between files, so a receiver in the same process keeps serving.
// A file (or folder) that cannot be read is recorded and passed over, and the scan goes on; it is
// tried again once its size or times change (a chown or chmod changes its ctime).
import fs from 'node:fs';
import path from 'node:path';
import type { Db } from '../store/open.js';
import { createTranscriptWriter, type TranscriptFileFingerprint } from '../store/write-transcripts.js';
import { createProjectRoots } from './project-root.js';
import { readNewLines, type LineReadOptions } from './read-new-lines.js';

export interface ScanFailure {
  path: string;
  message: string;
}

export interface ScanReport {
  /** Transcript files found. */
  files: number;
  /** Files with new bytes, read this time. */
  filesRead: number;
  bytesRead: number;
  /** Lines that were not JSON objects naming a session (skipped, counted). */
  badLines: number;
  /** Assistant-message lines with a request id (several per streamed request). */
  requestLines: number;
  /** Lines over the size cap, skipped this time. */
  skippedLines: number;
  /** Files or folders that failed this time (new failures, or failed again after a change). */
  failed: ScanFailure[];
  durationMs: number;
}

export interface ScanOptions {
  nowMs?: () => number;
  onProgress?: (done: number, total: number) => void;
  /** Stops between files (what was stored stays: the next scan goes on from there). */
  signal?: AbortSignal;
  /**
   * Only look again at known files written this recently (and at new files): a quick scan between
   * full ones, so thousands of finished transcripts are not stat'ed every few seconds.
   */
  hotWithinMs?: number;
  /** A line longer than this is skipped (default 64 MiB; far below V8's limit on a string's length). */
  maxLineBytes?: number;
  openFile?: LineReadOptions['openFile'];
}

export const defaultMaxLineBytes = 64 * 1024 * 1024;
const maxDepth = 4;

interface Listing {
  files: string[];
  failedDirs: Array<{ path: string; error: unknown }>;
}

async function listJsonl(dir: string, listing: Listing, depth = 0): Promise<void> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch (error) {
    // No such folder is the usual case (Claude Code never ran here); anything else is worth saying.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') listing.failedDirs.push({ path: dir, error });
    return;
  }
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && depth < maxDepth) await listJsonl(full, listing, depth + 1);
    else if (e.isFile() && e.name.endsWith('.jsonl')) listing.files.push(full);
  }
}

/** "permission denied (EACCES on open)": Node's message without the path, which is shown beside it. */
export function describeFailure(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  const message = error instanceof Error ? error.message : String(error);
  if (typeof e.code !== 'string') return message;
  const what = message.replace(/^[A-Z0-9_]+: /, '').replace(/, \w+(?: '.*')?$/s, '');
  return `${what} (${e.code}${typeof e.syscall === 'string' ? ` on ${e.syscall}` : ''})`;
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The session a transcript file belongs to, by its path: `<session>.jsonl`, or a subagent's
 * `<session>/subagents/agent-<id>.jsonl` (2.1.332), whose requests are the session's too.
 */
export function sessionIdOfFile(file: string): string | null {
  const base = path.basename(file, '.jsonl');
  if (uuid.test(base)) return base;
  const folder = path.dirname(file);
  const session = path.basename(path.dirname(folder));
  return path.basename(folder) === 'subagents' && base.startsWith('agent-') && uuid.test(session) ? session : null;
}

const noFingerprint: TranscriptFileFingerprint = { sizeBytes: 0, mtimeMs: 0, ctimeMs: 0 };

function fingerprintOf(stat: fs.Stats | undefined): TranscriptFileFingerprint {
  return stat === undefined ? noFingerprint : { sizeBytes: stat.size, mtimeMs: Math.trunc(stat.mtimeMs), ctimeMs: Math.trunc(stat.ctimeMs) };
}

const isSame = (a: TranscriptFileFingerprint, b: TranscriptFileFingerprint) =>
  a.sizeBytes === b.sizeBytes && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;

export async function scanTranscripts(db: Db, dirs: readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
  const now = options.nowMs ?? Date.now;
  const startMs = performance.now();
  const writer = createTranscriptWriter(db);
  const projectOf = createProjectRoots();
  const states = writer.fileStates();
  const errors = writer.fileErrors();
  const listing: Listing = { files: [], failedDirs: [] };
  for (const dir of dirs) await listJsonl(dir, listing);
  const { files } = listing;
  const report: ScanReport = { files: files.length, filesRead: 0, bytesRead: 0, badLines: 0, requestLines: 0, skippedLines: 0, failed: [], durationMs: 0 };
  // Recorded once per change, so an unreadable file is neither retried nor reported on every scan.
  const fail = (file: string, fingerprint: TranscriptFileFingerprint, error: unknown) => {
    const known = errors.get(file);
    if (known !== undefined && isSame(known, fingerprint)) return;
    const message = describeFailure(error);
    writer.recordFileError({ path: file, ...fingerprint, message }, now());
    report.failed.push({ path: file, message });
  };
  for (const { path: dir, error } of listing.failedDirs) {
    fail(dir, fingerprintOf(await fs.promises.stat(dir).catch(() => undefined)), error);
  }
  for (const [index, file] of files.entries()) {
    if (options.signal?.aborted) break;
    options.onProgress?.(index, files.length);
    const known = states.get(file);
    if (known !== undefined && options.hotWithinMs !== undefined && known.mtimeMs < now() - options.hotWithinMs) continue;
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch (error) {
      // Removed since the listing, or in a folder that can be listed but not entered.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') fail(file, noFingerprint, error);
      continue;
    }
    const fingerprint = fingerprintOf(stat);
    const failedAs = errors.get(file);
    if (failedAs !== undefined && isSame(failedAs, fingerprint)) continue;
    if (failedAs === undefined && known !== undefined && known.sizeBytes === stat.size && known.mtimeMs === fingerprint.mtimeMs) continue;
    const state = known !== undefined && known.offsetBytes <= stat.size ? known : undefined;
    let read;
    try {
      read = await readNewLines(file, {
        fromBytes: state?.offsetBytes ?? 0,
        toBytes: stat.size,
        fallbackSessionId: sessionIdOfFile(file),
        maxLineBytes: options.maxLineBytes ?? defaultMaxLineBytes,
        isInLongLine: state?.isInLongLine ?? false,
        ...(options.openFile === undefined ? {} : { openFile: options.openFile }),
      });
    } catch (error) {
      fail(file, fingerprint, error);
      continue;
    }
    const sessionId = read.lines[0]?.sessionId ?? sessionIdOfFile(file) ?? path.basename(file, '.jsonl');
    const { requests } = writer.writeChunk(
      {
        path: file,
        sessionId,
        sizeBytes: stat.size,
        mtimeMs: fingerprint.mtimeMs,
        offsetBytes: read.offsetBytes,
        skippedLines: (state?.skippedLines ?? 0) + read.skippedLines,
        isInLongLine: read.isInLongLine,
        lines: read.lines,
      },
      projectOf,
      now(),
    );
    report.filesRead += 1;
    report.bytesRead += read.bytesRead;
    report.badLines += read.badLines;
    report.skippedLines += read.skippedLines;
    report.requestLines += requests;
  }
  // Errors of files and folders that are gone (or list again) go with them.
  writer.forgetFileErrors(new Set([...files, ...listing.failedDirs.map((d) => d.path)]));
  options.onProgress?.(files.length, files.length);
  report.durationMs = performance.now() - startMs;
  return report;
}
