import { UserError } from '../../errors.js';
import { startReceiver, defaultHost, type Receiver } from '../../receiver/server.js';
import { createChangeFeed } from '../../store/changes.js';
import { openDatabase } from '../../store/open.js';
import type { Forwarder } from '../../forward/sender.js';
import { forwardSettings, startForwarding, type ForwardCliOptions } from '../forward-options.js';
import { databasePath } from '../paths.js';
import { keepDays, parseKeepDays } from './prune.js';
import { statuslineAnswer } from '../statusline/receiver-answer.js';
import { watchTranscripts } from '../transcript-watch.js';
import { claudeCodeEnv, shellExports } from '../setup-env.js';
import { printErr, printOut } from '../format/print.js';
import { prepareSync, type SyncCliOptions } from '../sync-options.js';
import { plainText } from '../../present/sanitize.js';

export interface ServeOptions extends ForwardCliOptions, SyncCliOptions {
  host?: string;
  port: string;
  db?: string;
  verbose?: boolean;
  token?: string;
  keepDays?: string;
  /** false with --no-transcripts. */
  transcripts?: boolean;
  maxConnections?: string;
  /** Hidden: lets tests see a stalled client cut off in seconds rather than 30. */
  requestTimeoutMs?: string;
}

export async function serveCommand(options: ServeOptions): Promise<void> {
  const file = databasePath(options.db);
  const port = parsePort(options.port);
  const host = options.host ?? defaultHost;
  warnIfExposed(host, file);
  const retentionDays = parseKeepDays(options.keepDays);
  const requestTimeoutMs = parseRequestTimeout(options.requestTimeoutMs);
  const maxConnections = parseMaxConnections(options.maxConnections);
  const forwarding = forwardSettings(options);
  const db = openDatabase(file);
  const sync = prepareSync(db, options);
  const changes = createChangeFeed();
  const log = (line: string) => printErr(`${plainText(line)}\n`);
  const forwarder: Forwarder | undefined = forwarding === undefined ? undefined : startForwarding(db, forwarding, log);
  let receiver: Receiver;
  try {
    receiver = await startReceiver({
      db,
      host,
      port,
      statusline: statuslineAnswer(db, file, () => changes.notify()),
      changes,
      ...(options.token ? { token: options.token } : {}),
      ...(requestTimeoutMs === undefined ? {} : { requestTimeoutMs }),
      ...(maxConnections === undefined ? {} : { maxConnections }),
      ...(forwarder === undefined || forwarding === undefined ? {} : { forward: { upstreams: forwarding.upstreams.map((u) => u.url), onQueued: forwarder.wake } }),
      onIngest: options.verbose
        ? (r) => printErr(`${r.signal}: ${r.inserted} new, ${r.duplicates} already stored, ${r.rejected} rejected\n`)
        : undefined,
      onError: (error) => log(`store error: ${error.message}`),
    });
  } catch (error) {
    await forwarder?.close();
    db.close();
    throw error;
  }
  let stopRetention: () => void = () => undefined;
  const stopSync = sync.start({ onChange: () => changes.notify(), onProblem: log });
  const stopTranscripts = options.transcripts === false
    ? async () => undefined
    : watchTranscripts(db, { onChange: () => changes.notify(), onError: log });
  const stop = async (signal: string) => {
    stopRetention();
    await stopTranscripts();
    printErr(`\n${signal}: finishing requests in flight, closing the database\n`);
    await receiver.close();
    // After the receiver: the last segment holds everything it accepted.
    await stopSync();
    // After the receiver: nothing more is queued. Undelivered rows stay for the next run.
    await forwarder?.close();
    changes.close();
    db.close();
    process.exit(0);
  };
  // Before the line that says it is ready: a signal sent the moment it appears must still close cleanly.
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  printOut(`claude-otel-tui is receiving OTLP/HTTP on ${receiver.url}\ndatabase: ${file}\n`);
  if (forwarding !== undefined) printOut(`forwarding to ${forwarding.upstreams.map((u) => u.url).join(', ')} (queued in the database; see \`claude-otel-tui status\`)\n`);
  printOut('\n');
  printOut(`Point Claude Code here (or run \`claude-otel-tui setup --write\`):\n`);
  printOut(shellExports(claudeCodeEnv({ endpoint: receiver.url, logPrompts: false, logToolDetails: false, ...(options.token ? { token: options.token } : {}) })));
  if (retentionDays !== undefined) stopRetention = keepDays(db, retentionDays, (line) => printOut(`${line}\n`));
}

function parseRequestTimeout(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms < 100) throw new UserError(`--request-timeout-ms ${value} is not a timeout`, 'use a whole number of milliseconds, at least 100', 2);
  return ms;
}

export function parseMaxConnections(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UserError(`--max-connections ${value} is not a number of connections`, 'use a whole number, at least 1 (default: 256)', 2);
  return n;
}

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new UserError(`--port ${value} is not a port number`, 'use 0 to 65535 (0 picks a free port)', 2);
  }
  return port;
}

/** Listening anywhere but loopback lets other machines write into the database: say so. */
export function warnIfExposed(host: string, file: string): void {
  if (!['127.0.0.1', 'localhost', '::1'].includes(host)) {
    printErr(`warning: listening on ${host} lets other machines write into ${file}\n`);
  }
}
