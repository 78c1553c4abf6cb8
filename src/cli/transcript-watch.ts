// The receiving process (serve, or ui when it owns the port) keeps the transcript facts current: a
// scan at start and every few seconds (each reads only appended bytes). A viewer leaves it to that
// process. One scan at a time; a failed scan is reported once per distinct message and retried; a
// file that cannot be read is reported once and passed over (the scan records it).
import { plainText } from '../present/sanitize.js';
import { setSafeTimeout } from '../safe-timers.js';
import type { Db } from '../store/open.js';
import { scanTranscripts } from '../transcripts/scan-transcripts.js';
import { transcriptDirs } from '../transcripts/transcript-dirs.js';

export interface TranscriptWatchOptions {
  intervalMs?: number;
  /** After a scan that read something, so views refresh. */
  onChange?: () => void;
  onError?: (message: string) => void;
  dirs?: readonly string[];
  /** Before the first scan: the dashboard draws its first frame before a long first read begins. */
  initialDelayMs?: number;
}

export const transcriptScanIntervalMs = 10_000;
/** Every sixth scan (a minute) looks at every file; the others only at files written in the last hour. */
const fullScanEvery = 6;
const hotWithinMs = 3_600_000;

/** Returns stop(), which resolves once a scan in progress has finished (before the database closes). */
export function watchTranscripts(db: Db, options: TranscriptWatchOptions = {}): () => Promise<void> {
  const dirs = options.dirs ?? transcriptDirs();
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  let lastError = '';
  let inFlight: Promise<void> = Promise.resolve();
  let scans = 0;
  const abort = new AbortController();
  const run = async () => {
    if (isStopped) return;
    try {
      const isFull = scans % fullScanEvery === 0;
      scans += 1;
      const report = await scanTranscripts(db, dirs, { signal: abort.signal, ...(isFull ? {} : { hotWithinMs }) });
      lastError = '';
      // Each is said once: a failed file is not tried again (nor reported) until it changes.
      for (const f of report.failed) options.onError?.(`transcript ${plainText(f.path)}: ${plainText(f.message)}; skipped until it changes`);
      if (report.skippedLines > 0) options.onError?.(`transcripts: skipped ${report.skippedLines} over-long ${report.skippedLines === 1 ? 'line' : 'lines'} (see \`claude-otel-tui status\`)`);
      if (report.filesRead > 0) options.onChange?.();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (message !== lastError) options.onError?.(`transcript scan failed: ${message}`);
      lastError = message;
    }
    if (!isStopped) timer = setSafeTimeout(() => void (inFlight = run()), options.intervalMs ?? transcriptScanIntervalMs).unref();
  };
  if (options.initialDelayMs === undefined) inFlight = run();
  else timer = setSafeTimeout(() => void (inFlight = run()), options.initialDelayMs).unref();
  return async () => {
    isStopped = true;
    abort.abort();
    clearTimeout(timer);
    await inFlight;
  };
}
