// `--sync DIR` on the receiving process: every interval, read the other machines' new segments, and
// write ours once the oldest record waiting for one is an hour old or the waiting records fill a
// segment; at stop, write what waits. A missing folder (an unmounted share) is reported once and
// retried; nothing local is ever deleted. One pass at a time.
import { setSafeTimeout } from '../safe-timers.js';
import type { Db } from '../store/open.js';
import { pendingExport } from '../store/read/sync-rows.js';
import { createSyncState, type SyncState } from '../store/sync-state.js';
import { defaultMaxSegmentBytes } from './export-segments.js';
import { exportPass, importPass, type SyncPassOptions } from './sync-pass.js';

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
  /** After each pass (tests wait for passes with it). */
  onPass?: () => void;
  nowMs?: () => number;
}

export const defaultSyncIntervalMs = 30_000;
export const defaultSegmentAgeMs = 3_600_000;

export interface StepResult {
  stored: number;
  /** Segments written by this step. */
  written: number;
  problems: string[];
}

/** One tick: read the others' new segments, then write ours if one is due. */
export async function syncStep(
  db: Db,
  state: SyncState,
  pass: SyncPassOptions & { segmentAgeMs: number; maxSegmentBytes: number; nowMs: () => number },
): Promise<StepResult> {
  const imported = await importPass(db, state, pass);
  const problems = [
    ...imported.skipped.map((s) => `sync: skipped ${s.segment}: ${s.reason}`),
    ...imported.badLines.map((s) => `sync: ${s.segment}: ${s.reason}`),
    ...(imported.strangersInOwnFolder > 0
      ? [
          `sync: ${pass.folder}/${pass.machine} has ${imported.strangersInOwnFolder} segments this database did not write; does another machine use the name ${pass.machine}? (--machine NAME)`,
        ]
      : []),
  ];
  const pending = pendingExport(db, state.marks(pass.folder));
  const isDue =
    pending.oldestReceivedMs !== null && (pass.nowMs() - pending.oldestReceivedMs >= pass.segmentAgeMs || pending.approxBytes >= pass.maxSegmentBytes);
  const written = isDue ? exportPass(db, state, pass).segments.length : 0;
  return { stored: imported.stored, written, problems };
}

export interface ContinuousSync {
  intervalMs: number;
  /** One tick; never throws (a problem is said once, and the next tick tries again). */
  pass(): Promise<void>;
  /** At stop, once no pass is in flight: writes what waits for a segment. */
  finish(): void;
}

/** The passes and the last write without a timer: the receiving process runs them as a periodic task. */
export function continuousSync(db: Db, options: ContinuousSyncOptions): ContinuousSync {
  const state = createSyncState(db);
  const intervalMs = options.intervalMs ?? defaultSyncIntervalMs;
  const pass = {
    folder: options.folder,
    machine: options.machine,
    nowMs: options.nowMs ?? Date.now,
    segmentAgeMs: options.segmentAgeMs ?? defaultSegmentAgeMs,
    maxSegmentBytes: options.maxSegmentBytes ?? defaultMaxSegmentBytes,
  };
  const said = new Set<string>();
  const say = (message: string) => {
    if (!said.has(message)) options.onProblem?.(message);
    said.add(message);
  };
  return {
    intervalMs,
    async pass() {
      try {
        const step = await syncStep(db, state, pass);
        if (step.stored > 0) options.onChange?.();
        for (const problem of step.problems) say(problem);
      } catch (error) {
        say(`sync: ${error instanceof Error ? error.message : String(error)}; tried again every ${Math.round(intervalMs / 1000)} s`);
      }
      options.onPass?.();
    },
    finish() {
      try {
        if (pendingExport(db, state.marks(options.folder)).oldestReceivedMs !== null) exportPass(db, state, pass);
      } catch (error) {
        say(`sync: could not write the last segment: ${error instanceof Error ? error.message : String(error)}; it is written on the next run`);
      }
    },
  };
}

/** Returns stop(), which waits for a pass in flight and then writes what waits for a segment. */
export function startContinuousSync(db: Db, options: ContinuousSyncOptions): () => Promise<void> {
  const sync = continuousSync(db, options);
  let timer: NodeJS.Timeout | undefined;
  let isStopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  const run = async () => {
    await sync.pass();
    if (!isStopped) timer = setSafeTimeout(() => void (inFlight = run()), sync.intervalMs).unref();
  };
  inFlight = run();
  return async () => {
    isStopped = true;
    clearTimeout(timer);
    await inFlight;
    sync.finish();
  };
}
