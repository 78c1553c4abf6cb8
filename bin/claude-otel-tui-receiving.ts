// The receiving process's thread, as `ui` starts it when it owns the port
// (src/cli/receiving/receiving-worker-host.ts). Bundled on its own, as dist/receiving-thread.cjs: a
// worker loads one CommonJS file faster than the CLI's graph of ES module chunks, and that load is on
// the way to the dashboard's first frame.
import { workerData } from 'node:worker_threads';
import { runReceivingWorker } from '../src/cli/receiving/receiving-worker.js';

void runReceivingWorker(workerData);
