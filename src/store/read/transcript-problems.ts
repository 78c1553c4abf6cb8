// What the transcript scans could not read: files (or folders) that failed, and lines skipped for
// being over the size cap. Shown by `status` and `transcripts`, so a missing project or request has
// a visible cause.
import { statement, type Db } from '../open.js';

export interface TranscriptFileProblem {
  path: string;
  error: string;
  failedMs: number;
}

export interface TranscriptProblems {
  /** Failing now; each is tried again once it changes. */
  fileErrors: TranscriptFileProblem[];
  /** Lines over the size cap skipped, over all files. */
  skippedLines: number;
  filesWithSkippedLines: number;
}

export function transcriptProblems(db: Db): TranscriptProblems {
  const fileErrors = statement(db, 'SELECT path, error, failed_ms AS failedMs FROM transcript_file_errors ORDER BY path').all() as TranscriptFileProblem[];
  const skipped = statement(
    db,
    'SELECT coalesce(sum(skipped_lines), 0) AS lines, count(*) FILTER (WHERE skipped_lines > 0) AS files FROM transcript_files',
  ).get() as { lines: number; files: number };
  return { fileErrors, skippedLines: skipped.lines, filesWithSkippedLines: skipped.files };
}
