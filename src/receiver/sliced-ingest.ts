// The receiver's ingest: a large request is decoded and stored in slices with the event loop let run
// between them, so a 16 MiB request no longer holds every other client (and the TUI) for seconds.
// The answer still waits for the last slice's commit. A small request is stored at once, in one
// transaction, and may pass between the slices of a large one.
import type { Signal } from '../otlp/types.js';
import type { Writer } from '../store/write.js';
import { ingestSteps, type IngestResult } from './ingest.js';
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
}

export interface SlicedIngest {
  ingest(signal: Signal, encoding: BodyEncoding, body: Uint8Array, receivedMs: number, queueCopy?: () => void): Promise<IngestResult>;
}

export function createSlicedIngest(writer: Writer, options: SlicedIngestOptions = {}): SlicedIngest {
  const sliceRecords = options.sliceRecords ?? defaultSliceRecords;
  const between = options.between ?? (() => new Promise<void>((resolve) => setImmediate(resolve)));
  // Two large requests may interleave their slices (a retry sent while its first try is still being
  // stored, say): each slice is one transaction, so of two tries of one slice the first stores it and
  // the second finds it stored, and only the first queues the forward copy (see isWorthForwarding).
  return {
    async ingest(signal, encoding, body, receivedMs, queueCopy) {
      const steps = ingestSteps(writer, signal, encoding, body, receivedMs, sliceRecords, queueCopy);
      for (;;) {
        const step = steps.next();
        if (step.done) return step.value;
        await between();
      }
    },
  };
}
