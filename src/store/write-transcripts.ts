// Transcript scan results into the store: each file's new lines in one transaction together with the
// file's new read offset, so a crash between the two can never skip or double-read a line.
import path from 'node:path';
import type { TranscriptLine } from '../normalize/transcript-line.js';
import { statement, type Db } from './open.js';

export interface TranscriptFileState {
  sizeBytes: number;
  mtimeMs: number;
  offsetBytes: number;
}

export interface TranscriptChunk {
  path: string;
  sessionId: string;
  sizeBytes: number;
  mtimeMs: number;
  /** Where the next read starts: just after the last complete line read. */
  offsetBytes: number;
  lines: readonly TranscriptLine[];
}

export interface TranscriptWriter {
  fileStates(): Map<string, TranscriptFileState>;
  /** `projectPathOf(cwd)` names the project a working directory belongs to (its git root, say). */
  writeChunk(chunk: TranscriptChunk, projectPathOf: (cwd: string) => string, nowMs: number): { requests: number };
}

interface SessionFacts {
  cwd: string | null;
  gitBranch: string | null;
  firstMs: number | null;
  lastMs: number | null;
}

/** Cheap to call per scan: the statements are prepared once per connection (statement()'s cache). */
export function createTranscriptWriter(db: Db): TranscriptWriter {
  const states = statement(db, 'SELECT path, size_bytes AS sizeBytes, mtime_ms AS mtimeMs, offset_bytes AS offsetBytes FROM transcript_files');
  const upsertFile = statement(db, `
    INSERT INTO transcript_files (path, session_id, size_bytes, mtime_ms, offset_bytes, scanned_ms)
    VALUES (@path, @sessionId, @sizeBytes, @mtimeMs, @offsetBytes, @nowMs)
    ON CONFLICT (path) DO UPDATE SET size_bytes = excluded.size_bytes, mtime_ms = excluded.mtime_ms,
      offset_bytes = excluded.offset_bytes, scanned_ms = excluded.scanned_ms`);
  // The first cwd seen is where the session started; the branch can change, so the latest wins.
  const upsertSession = statement(db, `
    INSERT INTO transcript_sessions (session_id, cwd, project_path, project_name, git_branch, first_ms, last_ms)
    VALUES (@sessionId, @cwd, @projectPath, @projectName, @gitBranch, @firstMs, @lastMs)
    ON CONFLICT (session_id) DO UPDATE SET
      cwd = coalesce(cwd, excluded.cwd),
      project_path = coalesce(project_path, excluded.project_path),
      project_name = coalesce(project_name, excluded.project_name),
      git_branch = coalesce(excluded.git_branch, git_branch),
      first_ms = min(coalesce(first_ms, excluded.first_ms), coalesce(excluded.first_ms, first_ms)),
      last_ms = max(coalesce(last_ms, excluded.last_ms), coalesce(excluded.last_ms, last_ms))`);
  // A streamed message is several lines with one requestId and the same (or growing) usage: the
  // largest figures are the request's. Re-reading a file changes nothing.
  const upsertRequest = statement(db, `
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
      cache_creation_tokens = max(cache_creation_tokens, excluded.cache_creation_tokens)`);

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
    upsertFile.run({ path: chunk.path, sessionId: chunk.sessionId, sizeBytes: chunk.sizeBytes, mtimeMs: chunk.mtimeMs, offsetBytes: chunk.offsetBytes, nowMs });
    return { requests };
  });

  return {
    fileStates() {
      const map = new Map<string, TranscriptFileState>();
      for (const row of states.all() as Array<TranscriptFileState & { path: string }>) {
        map.set(row.path, { sizeBytes: row.sizeBytes, mtimeMs: row.mtimeMs, offsetBytes: row.offsetBytes });
      }
      return map;
    },
    writeChunk: (chunk, projectPathOf, nowMs) => writeChunk.immediate(chunk, projectPathOf, nowMs),
  };
}
