// Transcript scan results into the store: each file's new lines in one transaction together with the
// file's new read offset, so a crash between the two can never skip or double-read a line.
import path from 'node:path';
import type { TranscriptLine } from '../normalize/transcript-line.js';
import { statement, type Db } from './open.js';

export interface TranscriptFileState {
  sizeBytes: number;
  mtimeMs: number;
  offsetBytes: number;
  /** Lines over the size cap skipped so far (since the file was last read from its start). */
  skippedLines: number;
  /** The offset is inside a line over the cap: the next read discards up to its newline. */
  isInLongLine: boolean;
}

/** What a file looked like when it could not be read: it is tried again once any of these changes. */
export interface TranscriptFileFingerprint {
  sizeBytes: number;
  mtimeMs: number;
  ctimeMs: number;
}

export interface TranscriptFileError extends TranscriptFileFingerprint {
  path: string;
  message: string;
}

export interface TranscriptChunk {
  path: string;
  sessionId: string;
  sizeBytes: number;
  mtimeMs: number;
  /** Where the next read starts: just after the last complete line read. */
  offsetBytes: number;
  skippedLines: number;
  isInLongLine: boolean;
  lines: readonly TranscriptLine[];
}

export interface TranscriptWriter {
  fileStates(): Map<string, TranscriptFileState>;
  /** `projectPathOf(cwd)` names the project a working directory belongs to (its git root, say). */
  writeChunk(chunk: TranscriptChunk, projectPathOf: (cwd: string) => string, nowMs: number): { requests: number };
  fileErrors(): Map<string, TranscriptFileFingerprint>;
  recordFileError(error: TranscriptFileError, nowMs: number): void;
  /** Forgets the errors of files no longer there (`listed` is every path the scan found, or failed to list). */
  forgetFileErrors(listed: ReadonlySet<string>): void;
}

interface SessionFacts {
  cwd: string | null;
  gitBranch: string | null;
  firstMs: number | null;
  lastMs: number | null;
}

/** Cheap to call per scan: the statements are prepared once per connection (statement()'s cache). */
export function createTranscriptWriter(db: Db): TranscriptWriter {
  const states = statement(
    db,
    `SELECT path, size_bytes AS sizeBytes, mtime_ms AS mtimeMs, offset_bytes AS offsetBytes,
    skipped_lines AS skippedLines, in_long_line AS isInLongLine FROM transcript_files`,
  );
  const upsertFile = statement(
    db,
    `
    INSERT INTO transcript_files (path, session_id, size_bytes, mtime_ms, offset_bytes, scanned_ms, skipped_lines, in_long_line)
    VALUES (@path, @sessionId, @sizeBytes, @mtimeMs, @offsetBytes, @nowMs, @skippedLines, @isInLongLine)
    ON CONFLICT (path) DO UPDATE SET size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms,
      offset_bytes = excluded.offset_bytes, scanned_ms = excluded.scanned_ms,
      skipped_lines = excluded.skipped_lines, in_long_line = excluded.in_long_line`,
  );
  const errors = statement(db, 'SELECT path, size_bytes AS sizeBytes, mtime_ms AS mtimeMs, ctime_ms AS ctimeMs FROM transcript_file_errors');
  const upsertError = statement(
    db,
    `
    INSERT INTO transcript_file_errors (path, size_bytes, mtime_ms, ctime_ms, error, failed_ms)
    VALUES (@path, @sizeBytes, @mtimeMs, @ctimeMs, @message, @nowMs)
    ON CONFLICT (path) DO UPDATE SET size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms,
      ctime_ms = excluded.ctime_ms, error = excluded.error, failed_ms = excluded.failed_ms`,
  );
  const deleteError = statement(db, 'DELETE FROM transcript_file_errors WHERE path = ?');
  // The first cwd seen is where the session started; the branch can change, so the latest wins.
  const upsertSession = statement(
    db,
    `
    INSERT INTO transcript_sessions (session_id, cwd, project_path, project_name, git_branch, first_ms, last_ms)
    VALUES (@sessionId, @cwd, @projectPath, @projectName, @gitBranch, @firstMs, @lastMs)
    ON CONFLICT (session_id) DO UPDATE SET
      cwd = coalesce(cwd, excluded.cwd),
      project_path = coalesce(project_path, excluded.project_path),
      project_name = coalesce(project_name, excluded.project_name),
      git_branch = coalesce(excluded.git_branch, git_branch),
      first_ms = min(coalesce(first_ms, excluded.first_ms), coalesce(excluded.first_ms, first_ms)),
      last_ms = max(coalesce(last_ms, excluded.last_ms), coalesce(excluded.last_ms, last_ms))`,
  );
  // A streamed message is several lines with one requestId and the same (or growing) usage: the
  // largest figures are the request's. Re-reading a file changes nothing.
  const upsertRequest = statement(
    db,
    `
    INSERT INTO transcript_requests (
      request_id, session_id, model, time_ms, input_tokens, output_tokens, cache_read_tokens,
      cache_creation_tokens, is_sidechain, is_synthetic
    ) VALUES (
      @requestId, @sessionId, @model, @timeMs, @inputTokens, @outputTokens, @cacheReadTokens,
      @cacheCreationTokens, @isSidechain, @isSynthetic
    )
    ON CONFLICT (session_id, request_id) DO UPDATE SET
      time_ms = min(time_ms, excluded.time_ms),
      input_tokens = max(input_tokens, excluded.input_tokens),
      output_tokens = max(output_tokens, excluded.output_tokens),
      cache_read_tokens = max(cache_read_tokens, excluded.cache_read_tokens),
      cache_creation_tokens = max(cache_creation_tokens, excluded.cache_creation_tokens)`,
  );

  const writeChunk = db.transaction((chunk: TranscriptChunk, projectPathOf: (cwd: string) => string, nowMs: number) => {
    const sessions = new Map<string, SessionFacts>();
    let requests = 0;
    for (const line of chunk.lines) {
      const facts = sessions.get(line.sessionId) ?? { cwd: null, gitBranch: null, firstMs: null, lastMs: null };
      facts.cwd ??= line.cwd;
      facts.gitBranch = line.gitBranch ?? facts.gitBranch;
      if (line.timeMs !== null) {
        facts.firstMs = Math.min(facts.firstMs ?? line.timeMs, line.timeMs);
        facts.lastMs = Math.max(facts.lastMs ?? line.timeMs, line.timeMs);
      }
      sessions.set(line.sessionId, facts);
      const r = line.request;
      if (r === null) continue;
      upsertRequest.run({ ...r, sessionId: line.sessionId, isSidechain: r.isSidechain ? 1 : 0, isSynthetic: r.isSynthetic ? 1 : 0 });
      requests += 1;
    }
    for (const [sessionId, facts] of sessions) {
      const projectPath = facts.cwd === null ? null : projectPathOf(facts.cwd);
      upsertSession.run({ sessionId, ...facts, projectPath, projectName: projectPath === null ? null : path.basename(projectPath) || projectPath });
    }
    const { path: file, sessionId, sizeBytes, mtimeMs, offsetBytes, skippedLines } = chunk;
    upsertFile.run({ path: file, sessionId, sizeBytes, mtimeMs, offsetBytes, skippedLines, isInLongLine: chunk.isInLongLine ? 1 : 0, nowMs });
    deleteError.run(file);
    return { requests };
  });

  const fileErrors = () => {
    const map = new Map<string, TranscriptFileFingerprint>();
    for (const row of errors.all() as Array<TranscriptFileFingerprint & { path: string }>) {
      map.set(row.path, { sizeBytes: row.sizeBytes, mtimeMs: row.mtimeMs, ctimeMs: row.ctimeMs });
    }
    return map;
  };

  return {
    fileStates() {
      const map = new Map<string, TranscriptFileState>();
      for (const row of states.all() as Array<Omit<TranscriptFileState, 'isInLongLine'> & { path: string; isInLongLine: number }>) {
        map.set(row.path, {
          sizeBytes: row.sizeBytes,
          mtimeMs: row.mtimeMs,
          offsetBytes: row.offsetBytes,
          skippedLines: row.skippedLines,
          isInLongLine: row.isInLongLine === 1,
        });
      }
      return map;
    },
    writeChunk: (chunk, projectPathOf, nowMs) => writeChunk.immediate(chunk, projectPathOf, nowMs),
    fileErrors,
    recordFileError: (error, nowMs) => void upsertError.run({ ...error, nowMs }),
    forgetFileErrors(listed) {
      const gone = [...fileErrors().keys()].filter((file) => !listed.has(file));
      if (gone.length > 0) db.transaction(() => gone.forEach((file) => deleteError.run(file))).immediate();
    },
  };
}
