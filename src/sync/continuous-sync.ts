// `--sync DIR` on the receiving process: every interval, read the other machines' new segments, and
// write ours once the oldest record waiting for one is an hour old or the waiting records fill a
// segment; at stop, write what waits. A missing folder (an unmounted share) is reported once and
// retried; nothing local is ever deleted. One pass at a time.
import { setSafeTimeout } from '../safe-timers.js';
import type { Db } from '../store/open.js';
import { pendingExport } from '../store/read/sync-rows.js';
import { createSyncState } from '../store/sync-state.js';
import { defaultMaxSegmentBytes } from './export-segments.js';
import { exportPass, importPass } from './sync-pass.js';

export interface ContinuousSyncOptions {
  folder: string;
  machine: string;
  intervalMs?: number;
  /** A segment is written once its oldest record waited this long. */
  segmentAgeMs?: number;
  maxSegmentBytes?: number;
  /** After a pass that stored something, so views refresh. */
  onChange?: () => void;
  /** One line, said once per distinct problem. */
  onProblem?: (message: string) => void;
  nowMs?: () => number;
}

export const defaultSyncIntervalMs = 30_000;
export const defaultSegmentAgeMs = 3_600_000;

/** Returns stop(), which waits for a pass in flight and then writes what waits for a segment. */
export function startContinuousSync(db: Db, options: ContinuousSyncOptions): () => Promise<void> {
  const state = createSyncState(db);
  const nowMs = options.nowMs ?? Date.now;
  const maxBytes = options.maxSegmentBytes ?? defaultMaxSegmentBytes;
  const pass = { folder: options.folder, machine: options.machine, nowMs, maxSegmentBytes: maxBytes };
  const said = new Set<string>();
  const say = (message: string) => {
    if (!said.has(message)) options.onProblem?.(message);
    said.add(message);
  };
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  let inFlight: Promise<void> = Promise.resolve();

  const run = async () => {
    try {
      const imported = await importPass(db, state, pass);
      if (imported.stored > 0) options.onChange?.();
      for (const s of imported.skipped) say(`sync: skipped ${s.segment}: ${s.reason}`);
      for (const s of imported.badLines) say(`sync: ${s.segment}: ${s.reason}`);
      if (imported.strangersInOwnFolder > 0) say(`sync: ${options.folder}/${options.machine} has ${imported.strangersInOwnFolder} segments this database did not write; does another machine use the name ${options.machine}? (--machine NAME)`);
      const pending = pendingExport(db, state.marks(options.folder));
      if (pending.oldestReceivedMs !== null && (nowMs() - pending.oldestReceivedMs >= (options.segmentAgeMs ?? defaultSegmentAgeMs) || pending.approxBytes >= maxBytes)) {
        exportPass(db, state, pass);
      }
    } catch (error) {
      say(`sync: ${error instanceof Error ? error.message : String(error)}; tried again in ${Math.round((options.intervalMs ?? defaultSyncIntervalMs) / 1000)} s`);
    }
    if (!isStopped) timer = setSafeTimeout(() => void (inFlight = run()), options.intervalMs ?? defaultSyncIntervalMs).unref();
  };
  inFlight = run();
  return async () => {
    isStopped = true;
    clearTimeout(timer);
    await inFlight;
    try {
      if (pendingExport(db, state.marks(options.folder)).oldestReceivedMs !== null) exportPass(db, state, pass);
    } catch (error) {
      say(`sync: could not write the last segment: ${error instanceof Error ? error.message : String(error)}; it is written on the next run`);
    }
  };
}
