#!/usr/bin/env node
import { isMainThread, workerData } from 'node:worker_threads';

// `ui` runs its receiving process on a worker thread started from this same file
// (src/cli/receiving/receiving-worker-host.ts): that thread loads only what receives.
if (isMainThread) {
  const { main } = await import('../src/cli/main.js');
  const code = await main(process.argv);
  // `serve` keeps running until a signal; every other command ends here.
  if (code !== 0 || process.exitCode === undefined) process.exitCode = code;
} else {
  const { isReceivingWorkerData } = await import('../src/cli/receiving/receiving-worker-host.js');
  if (!isReceivingWorkerData(workerData)) throw new Error('claude-otel-tui was started on a worker thread it did not start');
  await (await import('../src/cli/receiving/receiving-worker.js')).runReceivingWorker(workerData);
}
