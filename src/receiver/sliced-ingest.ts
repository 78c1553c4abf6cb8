// The receiver's ingest: a large request is decoded and stored in slices with the event loop let run
// between them, so a 16 MiB request no longer holds every other client (and the TUI) for seconds.
// The answer still waits for the last slice's commit. A small request is stored in one transaction,
// and may pass between the slices of a large one. Every write (a small request, a slice) goes through
// the group commit: the requests ready at the same time share one transaction and one fsync.
import type { Signal } from '../otlp/types.js';
import type { Writer, WriteResult } from '../store/write.js';
import { createGroupCommit, type GroupCommitOptions } from './group-commit.js';
import { ingestSteps, resume, type IngestResult } from './ingest.js';
import type { BodyEncoding } from './responses.js';

/**
 * Records per piece and per slice. Decoding or storing 128 records takes a few ms on an idle core
 * (~15 ms with the core shared five ways); each slice adds one commit (an fsync, ~1.5 ms), which is
 * what smaller slices would cost more of.
 */
export const defaultSliceRecords = 128;

export interface SlicedIngestOptions {
  sliceRecords?: number;
  /** The pause between slices; by default one turn of the event loop (setImmediate). */
  between?: () => Promise<void>;
  /** How writes share transactions (group-commit.ts). */
  group?: GroupCommitOptions;
}

export interface SlicedIngest {
  ingest(signal: Signal, encoding: BodyEncoding, body: Uint8Array, receivedMs: number, queueCopy?: () => void): Promise<IngestResult>;
}

export function createSlicedIngest(writer: Writer, options: SlicedIngestOptions = {}): SlicedIngest {
  const sliceRecords = options.sliceRecords ?? defaultSliceRecords;
  const between = options.between ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  const groupCommit = createGroupCommit(writer, options.group);
  // Two large requests may interleave their slices (a retry sent while its first try is still being
  // stored, say): each slice is written whole in one transaction, so of two tries of one slice the
  // first stores it and the second finds it stored, and only the first queues the forward copy (see
  // isWorthForwarding); in one shared transaction too, since there the writes run one after another.
  return {
    async ingest(signal, encoding, body, receivedMs, queueCopy) {
      const steps = ingestSteps(writer, signal, encoding, body, receivedMs, sliceRecords, queueCopy);
      let step = steps.next();
      while (step.done !== true) {
        if (step.value === undefined) {
          await between();
          step = steps.next();
          continue;
        }
        let outcome: { value: WriteResult } | { error: unknown };
        try {
          outcome = { value: await groupCommit.write(step.value) };
        } catch (error) {
          outcome = { error };
        }
        step = resume(steps, outcome);
      }
      return step.value;
    },
  };
}
