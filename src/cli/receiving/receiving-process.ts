// "The receiving process": what `serve`, and `ui` when it owns the port, run around the receiver.
// Assembled and stopped here only, in one order:
//
// start: database → change feed → extensions → receiver (OTLP and the status line route) → forward
//        senders → periodic tasks (transcript scans, retention, the extensions' tasks)
// stop:  periodic tasks (a run in progress ends first) → receiver (stops listening; the requests in
//        flight are answered and stored) → forward senders (what is left stays queued for the next
//        run) → extensions, last first → change feed → database (closing it checkpoints the WAL into
//        the file and removes it)
//
// The senders start after the receiver listens, not before: listening is the step that fails when the
// port is taken, and a `ui` that then becomes a viewer must not have sent rows of the queue that the
// process on the port is sending (they would go upstream twice). A row queued in between is read
// when the senders start. Stop runs once (a second call gets the same promise) and has a deadline:
// a step still going then is left behind and the database is closed anyway, so a hung step cannot
// keep the process from ending (a request it cut off gets no 200 and its client sends it again).
import type { Signal } from '../../otlp/types.js';
import type { IngestResult } from '../../receiver/ingest.js';
import type { BodyEncoding } from '../../receiver/responses.js';
import { defaultRequestTimeoutMs, startReceiver, type Receiver } from '../../receiver/server.js';
import { setSafeTimeout } from '../../safe-timers.js';
import { createChangeFeed, type ChangeFeed } from '../../store/changes.js';
import { openDatabase, type Db } from '../../store/open.js';
import type { Forwarder } from '../../forward/sender.js';
import { statuslineAnswer } from '../statusline/receiver-answer.js';
import { startForwarding } from './forward-options.js';
import { startPeriodicTasks, type PeriodicTask, type RunningTasks } from './periodic-tasks.js';
import { retentionTask } from './retention.js';
import type { ReceivingSettings } from './settings.js';
import { transcriptWatch } from './transcript-watch.js';

/** Where the process's own messages go: serve prints them; ui drops them (its frame would draw over them). */
export interface ProcessLog {
  /** What it did (retention's removals). */
  note(line: string): void;
  /** What went wrong, never fatal: store errors, dropped forwards, unreadable transcripts, failed task runs. */
  problem(line: string): void;
}

/** One OTLP request after its transaction committed (or held nothing to store), before its 200 goes out. */
export interface CommittedRequest {
  signal: Signal;
  encoding: BodyEncoding;
  /** The bytes that were decoded (after gunzip). Never changed afterwards; keep it if needed. */
  body: Uint8Array;
  receivedMs: number;
  /** What the store made of it: new records, records it already had (a retry), records refused. */
  inserted: number;
  duplicates: number;
  rejected: number;
}

/** What an extension gets from the process it rides on. */
export interface ReceivingContext {
  db: Db;
  dbPath: string;
  /** After the extension committed something itself, so views re-read (at most every 100 ms). */
  notifyChange(): void;
  log: ProcessLog;
}

/**
 * The hook for features that ride on the receiving process. --sync is one (sync-options.ts): its
 * factory names the machine and checks the folder, its task reads and writes segments, its close
 * writes the last one. A feature that needs each request as it is stored adds a listener:
 *
 *     const mirror: ExtensionFactory = (context) => ({
 *       name: 'mirror',
 *       afterCommit: (request) => files.append(request.signal, request.body, request.receivedMs),
 *       tasks: [{ name: 'mirror flush', intervalMs: 30_000, run: () => files.flush() }],
 *       close: () => files.close(),
 *     });
 *     await startReceivingProcess({ ..., extensions: [mirror] });
 *
 * The factory runs once, after the database opens and before the receiver listens (a throw there
 * fails the start, before anything listens or sends), so the listener sees every request.
 * `afterCommit` runs synchronously before the client's answer, so it must be quick (start slow
 * work and return); a throw is reported and never changes the answer, which is already committed.
 * Tasks run as periodic-tasks.ts says, once the receiver listens; `close` runs after the receiver
 * and the senders have stopped and before the database closes.
 */
export interface ProcessExtension {
  /** Names it in the lines that report its failures. */
  name: string;
  afterCommit?(request: CommittedRequest): void;
  tasks?: readonly PeriodicTask[];
  close?(): void | Promise<void>;
}

export type ExtensionFactory = (context: ReceivingContext) => ProcessExtension;

export interface ReceivingProcessOptions {
  settings: ReceivingSettings;
  log: ProcessLog;
  /** serve --verbose: a line per request. */
  onIngest?: (result: IngestResult) => void;
  /** ui waits a second, so the dashboard's first frame comes before a long first read. */
  transcriptFirstDelayMs?: number;
  /** Default: Claude Code's own (transcript-dirs.ts). */
  transcriptDirs?: readonly string[];
  extensions?: readonly ExtensionFactory[];
  /** Default: the request timeout and 5 s more; by then the receiver has cut off every slow client. */
  stopTimeoutMs?: number;
  nowMs?: () => number;
}

export interface ReceivingProcess {
  url: string;
  db: Db;
  changes: ChangeFeed;
  isForwarding: boolean;
  /** Idempotent; resolves once the database is closed. */
  stop(): Promise<void>;
}

interface Parts {
  db: Db;
  changes: ChangeFeed;
  extensions: ProcessExtension[];
  receiver?: Receiver;
  forwarder?: Forwarder;
  tasks?: RunningTasks;
}

export async function startReceivingProcess(options: ReceivingProcessOptions): Promise<ReceivingProcess> {
  const { settings, log } = options;
  const stopTimeoutMs = options.stopTimeoutMs ?? (settings.requestTimeoutMs ?? defaultRequestTimeoutMs) + 5_000;
  const db = openDatabase(settings.dbPath);
  const changes = createChangeFeed();
  const parts: Parts = { db, changes, extensions: [] };
  try {
    const context: ReceivingContext = { db, dbPath: settings.dbPath, notifyChange: () => changes.notify(), log };
    for (const factory of options.extensions ?? []) parts.extensions.push(factory(context));
    const afterCommit = afterCommitListeners(parts.extensions, log);
    const forwarding = settings.forwarding;
    const receiver = await startReceiver({
      db,
      host: settings.host,
      port: settings.port,
      changes,
      statusline: statuslineAnswer(db, settings.dbPath, () => changes.notify()),
      token: settings.token,
      requestTimeoutMs: settings.requestTimeoutMs,
      maxConnections: settings.maxConnections,
      forward: forwarding === undefined ? undefined : { upstreams: forwarding.upstreams.map((u) => u.url), onQueued: () => parts.forwarder?.wake() },
      onIngest: (result, request) => {
        options.onIngest?.(result);
        afterCommit({ signal: result.signal, ...request, inserted: result.inserted, duplicates: result.duplicates, rejected: result.rejected });
      },
      onError: (error) => log.problem(`store error: ${error.message}`),
    });
    parts.receiver = receiver;
    const problem = (line: string) => log.problem(line);
    if (forwarding !== undefined) parts.forwarder = startForwarding(db, forwarding, problem, () => changes.notify());
    const transcripts = settings.isReadingTranscripts
      ? [
          transcriptWatch(db, {
            onChange: () => changes.notify(),
            onError: problem,
            dirs: options.transcriptDirs,
            firstDelayMs: options.transcriptFirstDelayMs,
          }),
        ]
      : [];
    const retention = settings.retentionDays === undefined ? [] : [retentionTask(db, settings.retentionDays, (line) => log.note(line), options.nowMs)];
    parts.tasks = startPeriodicTasks([...transcripts, ...retention, ...parts.extensions.flatMap((e) => e.tasks ?? [])], problem);
    let stopping: Promise<void> | undefined;
    return { url: receiver.url, db, changes, isForwarding: parts.forwarder !== undefined, stop: () => (stopping ??= shutdown(parts, stopTimeoutMs, log)) };
  } catch (error) {
    await shutdown(parts, stopTimeoutMs, log);
    throw error;
  }
}

/** Each listener's failure is reported once per distinct message: it may fail on every request. */
function afterCommitListeners(extensions: readonly ProcessExtension[], log: ProcessLog): (request: CommittedRequest) => void {
  const lastErrors = new Map<string, string>();
  return (request) => {
    for (const extension of extensions) {
      try {
        extension.afterCommit?.(request);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        if (lastErrors.get(extension.name) !== message) log.problem(`${extension.name}: ${message}`);
        lastErrors.set(extension.name, message);
      }
    }
  };
}

async function shutdown(parts: Parts, timeoutMs: number, log: ProcessLog): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'late'>((resolve) => (timer = setSafeTimeout(() => resolve('late'), timeoutMs).unref()));
  let isLate = false;
  // After the deadline each step is still begun (the senders abort their requests, say) but not awaited.
  const step = async (what: string, work: () => void | Promise<void>) => {
    try {
      const outcome = await Promise.race([Promise.resolve().then(work), deadline]);
      if (outcome === 'late' && !isLate) log.problem(`stopping: ${what} did not end within ${timeoutMs} ms; closing the database anyway`);
      isLate ||= outcome === 'late';
    } catch (error) {
      log.problem(`stopping: ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  await step('background tasks', () => parts.tasks?.stop());
  await step('requests in flight', () => parts.receiver?.close());
  await step('forwarding', () => parts.forwarder?.close());
  for (const extension of [...parts.extensions].reverse()) await step(extension.name, () => extension.close?.());
  clearTimeout(timer);
  parts.changes.close();
  parts.db.close();
}
