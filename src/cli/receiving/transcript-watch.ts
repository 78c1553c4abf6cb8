// The receiving process (serve, or ui when it owns the port) keeps the transcript facts current: a
// scan at start and every few seconds (each reads only appended bytes), skipped while the folders
// are watched and nothing in them changed; the minute's full scan too, except every ten minutes. A
// viewer leaves it to that process. A failed scan is reported once per distinct message and retried (periodic-tasks.ts); a
// file that cannot be read is reported once and passed over (the scan records it).
import { plainText } from '../../present/sanitize.js';
import type { Db } from '../../store/open.js';
import { scanTranscripts } from '../../transcripts/scan-transcripts.js';
import { transcriptDirs } from '../../transcripts/transcript-dirs.js';
import { watchFolders, type FolderChanges } from './folder-changes.js';
import type { PeriodicTask } from './periodic-tasks.js';

interface TranscriptWatchOptions {
  intervalMs?: number;
  /** After a scan that read something, so views refresh. */
  onChange: () => void;
  onError: (message: string) => void;
  dirs?: readonly string[];
  /** Before the first scan: the dashboard draws its first frame before a long first read begins. */
  firstDelayMs?: number;
  /** Default: scanTranscripts; a test counts the scans. */
  scan?: typeof scanTranscripts;
}

const transcriptScanIntervalMs = 10_000;
/** Every sixth scan (a minute) looks at every file; the others only at files written in the last hour. */
const fullScanEvery = 6;
/** A full scan every ten minutes whatever the watch says: a notification a file system lost costs no more. */
const alwaysFullEvery = 60;
const hotWithinMs = 3_600_000;

export function transcriptWatch(db: Db, options: TranscriptWatchOptions): PeriodicTask {
  const dirs = options.dirs ?? transcriptDirs();
  const scan = options.scan ?? scanTranscripts;
  let scans = 0;
  let folders: FolderChanges | undefined;
  let isChangedSinceFull = true;
  return {
    name: 'transcript scan',
    intervalMs: options.intervalMs ?? transcriptScanIntervalMs,
    firstDelayMs: options.firstDelayMs,
    async run(signal) {
      // Watched from the first run on, until the process stops (which aborts the signal).
      if (folders === undefined) {
        const watched = watchFolders(dirs);
        signal.addEventListener('abort', () => watched.close(), { once: true });
        folders = watched;
      }
      const isFull = scans % fullScanEvery === 0;
      const isAlwaysFull = scans % alwaysFullEvery === 0;
      scans += 1;
      // A hot scan when something changed since the last run; a full one (which also sees a file last
      // written more than an hour ago) at its turn when something changed since the last full one.
      const isChanged = folders.takeChanged();
      isChangedSinceFull ||= isChanged;
      if (isFull ? !isChangedSinceFull && !isAlwaysFull : !isChanged) return;
      if (isFull) isChangedSinceFull = false;
      const report = await scan(db, dirs, { signal, ...(isFull ? {} : { hotWithinMs }) });
      // Each is said once: a failed file is not tried again (nor reported) until it changes.
      for (const f of report.failed) options.onError(`transcript ${plainText(f.path)}: ${plainText(f.message)}; skipped until it changes`);
      if (report.skippedLines > 0)
        options.onError(
          `transcripts: skipped ${report.skippedLines} over-long ${report.skippedLines === 1 ? 'line' : 'lines'} (see \`claude-otel-tui status\`)`,
        );
      if (report.filesRead > 0) options.onChange();
    },
  };
}
