// Scans Claude Code's transcripts now (serve and ui do it every few seconds) and says what it found.
import { openDatabase } from '../../store/open.js';
import { transcriptCoverage } from '../../store/read/transcript-coverage.js';
import { transcriptProblems } from '../../store/read/transcript-problems.js';
import { scanTranscripts } from '../../transcripts/scan-transcripts.js';
import { transcriptDirs } from '../../transcripts/transcript-dirs.js';
import { writeJson } from '../format/json.js';
import { transcriptProblemLines } from '../format/transcript-problems.js';
import { databasePath } from '../paths.js';
import { printErr, printOut, printProgress } from '../format/print.js';

export interface TranscriptsOptions {
  json?: boolean;
  db?: string;
}

export async function transcriptsCommand(options: TranscriptsOptions): Promise<void> {
  const dirs = transcriptDirs();
  const db = openDatabase(databasePath(options.db));
  try {
    const showProgress = !options.json && process.stderr.isTTY;
    const report = await scanTranscripts(db, dirs, {
      onProgress: showProgress ? (done, total) => printProgress(`reading transcripts: ${done}/${total} files`) : undefined,
    });
    if (showProgress) printErr('\n');
    const coverage = transcriptCoverage(db);
    const linked = { sessions: coverage.sessions, linkedSessions: coverage.linkedSessions, telemetryOnlySessions: coverage.telemetryOnlySessions };
    const problems = transcriptProblems(db);
    if (options.json) {
      // `failed` is what failed this time; `fileErrors` every file still failing (not retried until it changes).
      const fileErrors = problems.fileErrors.map((f) => ({ path: f.path, error: f.error, at: new Date(f.failedMs).toISOString() }));
      return writeJson({ dirs, ...report, durationMs: Math.round(report.durationMs), ...linked, fileErrors, skippedLinesTotal: problems.skippedLines });
    }
    printOut(
      [
        `looked in ${dirs.join(', ')}`,
        `${report.files} transcript files; read ${report.filesRead} (${(report.bytesRead / 1024).toFixed(0)} KiB new) in ${Math.round(report.durationMs)} ms`,
        `${coverage.sessions} sessions in transcripts, ${coverage.linkedSessions} of them with telemetry here; ${coverage.telemetryOnlySessions} telemetry sessions without a transcript`,
        ...(report.badLines > 0 ? [`${report.badLines} unreadable lines skipped`] : []),
        ...transcriptProblemLines(problems, ''),
        '',
      ].join('\n'),
    );
  } finally {
    db.close();
  }
}
