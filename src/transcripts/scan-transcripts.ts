// Incremental scan of Claude Code transcripts: list the .jsonl files, read only the bytes appended
// since the last scan (complete lines only; a line still being written waits for the next scan), and
// store what they say. A file that shrank was rewritten: it is read again from the start, which the
// store's upserts make harmless. Async between files, so a receiver in the same process keeps serving.
import fs from 'node:fs';
import path from 'node:path';
import { transcriptLine, type TranscriptLine } from '../normalize/transcript-line.js';
import type { Db } from '../store/open.js';
import { createTranscriptWriter } from '../store/write-transcripts.js';
import { createProjectRoots } from './project-root.js';

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
}

const chunkBytes = 1 << 20;
const maxDepth = 4;

async function listJsonl(dir: string, depth = 0): Promise<string[]> {
  let entries: fs.Dirent[];
  try {
    entries = await fs.promises.readdir(dir, { withFileTypes: true });
  } catch {
    return []; // no such folder (Claude Code never ran here), or unreadable: nothing to scan
  }
  const found: string[] = [];
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (e.isDirectory() && depth < maxDepth) found.push(...(await listJsonl(full, depth + 1)));
    else if (e.isFile() && e.name.endsWith('.jsonl')) found.push(full);
  }
  return found;
}

/** Lines worth parsing: assistant messages (requestId) and, until one is seen, a line with the cwd. */
function worthParsing(text: string, hasCwd: boolean): boolean {
  return text.includes('"requestId"') || (!hasCwd && text.includes('"cwd"'));
}

interface FileRead {
  lines: TranscriptLine[];
  offsetBytes: number;
  bytesRead: number;
  badLines: number;
}

async function readNewLines(file: string, fromBytes: number, toBytes: number, fallbackSessionId: string | null): Promise<FileRead> {
  const handle = await fs.promises.open(file, 'r');
  const lines: TranscriptLine[] = [];
  let badLines = 0;
  let hasCwd = fromBytes > 0;
  let position = fromBytes;
  let consumed = fromBytes;
  // The start of a line longer than a chunk (a pasted image, a large tool result), joined once when
  // its end arrives rather than on every chunk.
  let pending: Buffer[] = [];
  const take = (text: string) => {
    if (text.trim() === '' || !worthParsing(text, hasCwd)) return;
    const line = transcriptLine(text, fallbackSessionId);
    if (line === null) {
      badLines += 1;
      return;
    }
    hasCwd ||= line.cwd !== null;
    lines.push(line);
  };
  try {
    while (position < toBytes) {
      const chunk = Buffer.alloc(Math.min(chunkBytes, toBytes - position));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
      if (bytesRead === 0) break;
      position += bytesRead;
      const data = chunk.subarray(0, bytesRead);
      let start = 0;
      for (let nl = data.indexOf(10, start); nl !== -1; nl = data.indexOf(10, start)) {
        const tail = data.subarray(start, nl);
        const bytes = pending.length === 0 ? tail : Buffer.concat([...pending, tail]);
        pending = [];
        consumed += bytes.length + 1;
        start = nl + 1;
        take(bytes.toString('utf8'));
      }
      if (start < data.length) pending.push(data.subarray(start));
    }
  } finally {
    await handle.close();
  }
  return { lines, offsetBytes: consumed, bytesRead: consumed - fromBytes, badLines };
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

export async function scanTranscripts(db: Db, dirs: readonly string[], options: ScanOptions = {}): Promise<ScanReport> {
  const now = options.nowMs ?? Date.now;
  const startMs = performance.now();
  const writer = createTranscriptWriter(db);
  const projectOf = createProjectRoots();
  const states = writer.fileStates();
  const files = (await Promise.all(dirs.map((d) => listJsonl(d)))).flat();
  const report: ScanReport = { files: files.length, filesRead: 0, bytesRead: 0, badLines: 0, requestLines: 0, durationMs: 0 };
  for (const [index, file] of files.entries()) {
    if (options.signal?.aborted) break;
    options.onProgress?.(index, files.length);
    const known = states.get(file);
    if (known !== undefined && options.hotWithinMs !== undefined && known.mtimeMs < now() - options.hotWithinMs) continue;
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(file);
    } catch {
      continue; // removed since the listing
    }
    const mtimeMs = Math.trunc(stat.mtimeMs);
    if (known !== undefined && known.sizeBytes === stat.size && known.mtimeMs === mtimeMs) continue;
    const fromBytes = known !== undefined && known.offsetBytes <= stat.size ? known.offsetBytes : 0;
    const read = await readNewLines(file, fromBytes, stat.size, sessionIdOfFile(file));
    const sessionId = read.lines[0]?.sessionId ?? sessionIdOfFile(file) ?? path.basename(file, '.jsonl');
    const { requests } = writer.writeChunk(
      { path: file, sessionId, sizeBytes: stat.size, mtimeMs, offsetBytes: read.offsetBytes, lines: read.lines },
      projectOf,
      now(),
    );
    report.filesRead += 1;
    report.bytesRead += read.bytesRead;
    report.badLines += read.badLines;
    report.requestLines += requests;
  }
  options.onProgress?.(files.length, files.length);
  report.durationMs = performance.now() - startMs;
  return report;
}
