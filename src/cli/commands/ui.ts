import { render, type Instance } from 'ink';
import { createElement } from 'react';
import { UserError } from '../../errors.js';
import { defaultHost, startReceiver, type Receiver } from '../../receiver/server.js';
import { createChangeFeed, feedFromChanges, followDataVersion, type DataFeed } from '../../store/changes.js';
import { openDatabase } from '../../store/open.js';
import { App } from '../../tui/app.js';
import type { HeaderStatus } from '../../tui/components/header.js';
import type { Forwarder } from '../../forward/sender.js';
import { forwardSettings, startForwarding, type ForwardCliOptions } from '../forward-options.js';
import { resolveBudgets } from '../config.js';
import { databasePath } from '../paths.js';
import { receiverState, receiverUrl } from '../receiver-probe.js';
import { claudeCodeEnv, shellExports } from '../setup-env.js';
import { keepDays, parseKeepDays } from './prune.js';
import { statuslineAnswer } from '../statusline/receiver-answer.js';
import { watchTranscripts } from '../transcript-watch.js';
import { parseMaxConnections, parsePort, warnIfExposed } from './serve.js';
import { prepareSync, type SyncCliOptions } from '../sync-options.js';

export interface UiOptions extends ForwardCliOptions, SyncCliOptions {
  host?: string;
  port: string;
  db?: string;
  token?: string;
  keepDays?: string;
  /** false with --no-transcripts. */
  transcripts?: boolean;
  budgetDaily?: string;
  budgetSession?: string;
  maxConnections?: string;
}

/** The receiver and the TUI in one process; a viewer of the same database when another claude-otel-tui already listens. */
export async function uiCommand(options: UiOptions): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UserError('the dashboard needs a terminal', 'run `claude-otel-tui serve` for the receiver alone, or `claude-otel-tui sessions` for a report', 2);
  }
  const file = databasePath(options.db);
  const port = parsePort(options.port);
  const host = options.host ?? defaultHost;
  // Printed before the dashboard starts, so it stays on screen above it.
  warnIfExposed(host, file);
  const retentionDays = parseKeepDays(options.keepDays);
  const maxConnections = parseMaxConnections(options.maxConnections);
  const forwarding = forwardSettings(options);
  const budgets = resolveBudgets(options);
  const db = openDatabase(file);
  const sync = prepareSync(db, options);
  const changes = createChangeFeed();
  let receiver: Receiver | null = null;
  let feed: DataFeed;
  let endpoint: string;
  let forwarder: Forwarder | undefined;
  const forward = forwarding === undefined ? {} : { forward: { upstreams: forwarding.upstreams.map((u) => u.url), onQueued: () => forwarder?.wake() } };
  try {
    const statusline = statuslineAnswer(db, file, () => changes.notify());
    receiver = await startReceiver({ db, host, port, changes, statusline, ...forward, ...(options.token ? { token: options.token } : {}), ...(maxConnections === undefined ? {} : { maxConnections }) });
    // Only the receiving process sends; a viewer shows the queue that the receiving one keeps.
    // Its messages would land in the dashboard's frame; `status` and the header show what they say.
    if (forwarding !== undefined) forwarder = startForwarding(db, forwarding, () => undefined, changes.notify);
    feed = feedFromChanges(db, changes);
    endpoint = receiver.url;
  } catch (error) {
    const isInUse = error instanceof UserError && /is in use/.test(error.message);
    if (!isInUse || (await receiverState(receiverUrl(host, port))) !== 'running') {
      db.close();
      throw isInUse ? new UserError(`port ${port} is in use by another program; try --port ${port + 1}`) : error;
    }
    feed = followDataVersion(db);
    endpoint = receiverUrl(host, port);
  }
  const status: HeaderStatus = {
    mode: receiver === null ? 'viewer' : 'receiving',
    isForwarding: forwarder !== undefined,
    endpoint,
    dbPath: file,
    setupLines: shellExports(claudeCodeEnv({ endpoint, logPrompts: true, logToolDetails: true, ...(options.token ? { token: options.token } : {}) })).trimEnd().split('\n'),
  };
  // Only the receiving process prunes; a viewer leaves that to it.
  const stopRetention = retentionDays === undefined || receiver === null ? () => undefined : keepDays(db, retentionDays, () => undefined);
  // Likewise the transcript scan: errors would be drawn over by the dashboard, so it retries quietly.
  const stopTranscripts = options.transcripts === false || receiver === null ? async () => undefined : watchTranscripts(db, { onChange: () => changes.notify(), initialDelayMs: 1000 });
  // Likewise sync; `status` shows its problems.
  const stopSync = receiver === null ? async () => undefined : sync.start({ onChange: () => changes.notify() });
  // Ctrl-C is a key while Ink holds the terminal raw, but `kill -INT` still arrives as a signal.
  // Handlers go in before the first frame (they run after render() below returns), and stay: Ink's
  // signal-exit re-raises a signal that no other listener is left to handle, which would kill the
  // process before the request in flight is answered.
  let instance: Instance | undefined;
  const stop = () => instance?.unmount();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, stop);
  const exportDir = process.env['CLAUDE_OTEL_TUI_EXPORT_DIR'] || process.cwd();
  instance = render(createElement(App, { feed, status, exportDir, budgets }), { exitOnCtrlC: false });
  await instance.waitUntilExit();
  stopRetention();
  await stopTranscripts();
  // Finish requests in flight before closing the database under them.
  await receiver?.close();
  await stopSync();
  await forwarder?.close();
  feed.close();
  changes.close();
  db.close();
}
