// The receiving process on a worker thread (`ui` when it owns the port): its own event loop and its
// own SQLite connection, so a frame being drawn on the main thread never holds up an answer. What
// the views need to know (something was stored) goes to the main thread as a message, at most every
// 100 ms (the change feed's interval); the main thread reads the database through its own connection.
// The messages are those of receiving-worker-host.ts, which starts this thread.
import { parentPort } from 'node:worker_threads';
import { UserError } from '../../errors.js';
import { syncExtensions } from '../sync-options.js';
import { startReceivingProcess, type ReceivingProcess } from './receiving-process.js';
import { isReceivingWorkerData, type FromWorker, type ToWorker } from './receiving-worker-host.js';

export async function runReceivingWorker(data: unknown): Promise<void> {
  const port = parentPort;
  if (port === null || !isReceivingWorkerData(data)) throw new Error('claude-otel-tui was started on a worker thread it did not start');
  const post = (message: FromWorker) => port.postMessage(message);
  let running: ReceivingProcess;
  try {
    running = await startReceivingProcess({
      settings: data.settings,
      extensions: syncExtensions(data.sync),
      log: { note: (line) => post({ type: 'log', level: 'note', line }), problem: (line) => post({ type: 'log', level: 'problem', line }) },
      transcriptFirstDelayMs: data.transcriptFirstDelayMs,
    });
  } catch (error) {
    post({ type: 'failed', error: errorData(error) });
    port.close();
    return;
  }
  const offChanges = running.changes.subscribe(() => post({ type: 'changed' }));
  port.on('message', (message: ToWorker) => {
    if (message.type !== 'stop') return;
    offChanges();
    void running.stop().then(() => {
      post({ type: 'stopped' });
      port.close();
    });
  });
  post({ type: 'ready', url: running.url, isForwarding: running.isForwarding });
}

function errorData(error: unknown): Extract<FromWorker, { type: 'failed' }>['error'] {
  if (error instanceof UserError) return { message: error.message, hint: error.hint, exitCode: error.exitCode, isUserError: true };
  return { message: error instanceof Error ? error.message : String(error), hint: undefined, exitCode: 1, isUserError: false };
}
