// Starts the receiving process on a worker thread (receiving-worker.ts) and speaks to it: `ui`, when it
// owns the port, runs it there so the receiver never shares an event loop with the dashboard. The
// thread runs receiving-thread.cjs, the bundle of bin/claude-otel-tui-receiving.ts that the build puts
// beside the program file, so it loads only what receives. Nothing here imports the receiver: the
// main thread never loads it.
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UserError } from '../../errors.js';
import type { SyncFlags } from './flags.js';
import type { ProcessLog } from './receiving-process.js';
import type { ReceivingSettings } from './settings.js';

/** What the thread checks it was given, to tell this start from any other. */
export const receivingWorkerKind = 'claude-otel-tui receiving process';

export interface ReceivingWorkerData {
  kind: typeof receivingWorkerKind;
  settings: ReceivingSettings;
  sync: SyncFlags;
  transcriptFirstDelayMs: number | undefined;
}

export type FromWorker =
  | { type: 'ready'; url: string; isForwarding: boolean }
  | { type: 'failed'; error: { message: string; hint: string | undefined; exitCode: 1 | 2; isUserError: boolean } }
  | { type: 'changed' }
  | { type: 'log'; level: keyof ProcessLog; line: string }
  | { type: 'stopped' };

export type ToWorker = { type: 'stop' };

export function isReceivingWorkerData(data: unknown): data is ReceivingWorkerData {
  return typeof data === 'object' && data !== null && (data as { kind?: unknown }).kind === receivingWorkerKind;
}

export interface ReceivingWorkerOptions {
  settings: ReceivingSettings;
  sync: SyncFlags;
  log: ProcessLog;
  /** After something was stored (at most every 100 ms). */
  onChange: () => void;
  /** The thread ended on an error of its own after it started (a bug): the process should end. */
  onCrash: (error: Error) => void;
  transcriptFirstDelayMs?: number;
  /** Default: receiving-thread.cjs beside the program file this process runs. */
  script?: URL;
}

export interface ReceivingWorker {
  url: string;
  isForwarding: boolean;
  /**
   * The receiver stops listening, answers what is in flight, and the database closes (its WAL
   * removed if no other connection is open: close yours first). Idempotent.
   */
  stop(): Promise<void>;
}

/** Beside the program file, through any link npm made to it. */
function threadUrl(): URL {
  const program = process.argv[1];
  if (program === undefined) throw new Error('no program file to find the receiving thread beside');
  return pathToFileURL(path.join(path.dirname(fs.realpathSync(program)), 'receiving-thread.cjs'));
}

/** Resolves once the receiver listens; rejects with the start's error (a UserError stays one: "port … is in use"). */
export function startReceivingWorker(options: ReceivingWorkerOptions): Promise<ReceivingWorker> {
  const data: ReceivingWorkerData = {
    kind: receivingWorkerKind,
    settings: options.settings,
    sync: options.sync,
    transcriptFirstDelayMs: options.transcriptFirstDelayMs,
  };
  const worker = new Worker(options.script ?? threadUrl(), { workerData: data, stdout: false, stderr: false });
  let stopped: Promise<void> | undefined;
  let isStopping = false;
  let hasCrashed = false;
  const crash = (error: Error) => {
    if (hasCrashed) return;
    hasCrashed = true;
    options.onCrash(error);
  };
  return new Promise((resolve, reject) => {
    let isStarted = false;
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'ready':
          isStarted = true;
          resolve({
            url: message.url,
            isForwarding: message.isForwarding,
            stop: () =>
              (stopped ??= new Promise<void>((done) => {
                isStopping = true;
                worker.once('exit', () => done());
                worker.postMessage({ type: 'stop' } satisfies ToWorker);
              })),
          });
          return;
        case 'failed': {
          const e = message.error;
          reject(e.isUserError ? new UserError(e.message, e.hint, e.exitCode) : new Error(e.message));
          return;
        }
        case 'changed':
          options.onChange();
          return;
        case 'log':
          options.log[message.level](message.line);
          return;
        case 'stopped':
          // Everything is closed: nothing it still holds (a timer, an idle socket) may keep the thread.
          void worker.terminate();
          return;
        default:
          message satisfies never;
      }
    });
    worker.on('error', (error) => (isStarted ? crash(error) : reject(error)));
    worker.on('exit', (code) => {
      if (!isStarted) reject(new Error(`the receiving worker ended (exit code ${code}) before it listened`));
      else if (!isStopping) crash(new Error(`the receiving worker ended (exit code ${code})`));
    });
  });
}
