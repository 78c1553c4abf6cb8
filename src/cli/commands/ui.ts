import { render, type Instance } from 'ink';
import { createElement } from 'react';
import { UserError } from '../../errors.js';
import { feedFromChanges, followDataVersion, type DataFeed } from '../../store/changes.js';
import { openDatabase } from '../../store/open.js';
import { App } from '../../tui/app.js';
import type { HeaderStatus } from '../../tui/components/header.js';
import { resolveBudgets } from '../config.js';
import { printErr } from '../format/print.js';
import { receiverState, receiverUrl } from '../receiver-probe.js';
import type { UiFlags } from '../receiving/flags.js';
import { startReceivingProcess, type ExtensionFactory, type ReceivingProcess } from '../receiving/receiving-process.js';
import { exposureWarning, receivingSettings, type ReceivingSettings } from '../receiving/settings.js';
import { claudeCodeEnv, shellExports } from '../setup-env.js';
import { syncExtensions } from '../sync-options.js';

/** The receiver and the TUI in one process; a viewer of the same database when another claude-otel-tui already listens. */
export async function uiCommand(flags: UiFlags): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UserError('the dashboard needs a terminal', 'run `claude-otel-tui serve` for the receiver alone, or `claude-otel-tui sessions` for a report', 2);
  }
  const settings = receivingSettings(flags);
  // Printed before the dashboard starts, so it stays on screen above it.
  const warning = exposureWarning(settings);
  if (warning !== undefined) printErr(`${warning}\n`);
  const budgets = resolveBudgets(flags);
  const { running, feed, endpoint } = await receiveOrView(settings, syncExtensions(flags));
  const status: HeaderStatus = {
    mode: running === undefined ? 'viewer' : 'receiving',
    isForwarding: running?.isForwarding ?? false,
    endpoint,
    dbPath: settings.dbPath,
    setupLines: shellExports(claudeCodeEnv({ endpoint, logPrompts: true, logToolDetails: true, token: settings.token })).trimEnd().split('\n'),
  };
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
  feed.close();
  // The receiving process finishes the requests in flight before it closes the database.
  if (running === undefined) feed.db.close();
  else await running.stop();
}

interface Started {
  /** undefined in a viewer. */
  running: ReceivingProcess | undefined;
  feed: DataFeed;
  endpoint: string;
}

/**
 * The receiving process when the port is free. When another claude-otel-tui holds it, a viewer: the
 * database read-only, following PRAGMA data_version for the other process's writes. Only the
 * receiving process forwards, syncs, scans transcripts and prunes; a viewer shows what it keeps.
 */
async function receiveOrView(settings: ReceivingSettings, extensions: readonly ExtensionFactory[]): Promise<Started> {
  try {
    // The process's messages would land in the dashboard's frame: `status` and the header say the
    // same things, and the transcript scan retries quietly. Its first read waits a second, so the
    // first frame does not wait for it.
    const running = await startReceivingProcess({ settings, extensions, log: { note: () => undefined, problem: () => undefined }, transcriptFirstDelayMs: 1000 });
    return { running, feed: feedFromChanges(running.db, running.changes), endpoint: running.url };
  } catch (error) {
    const isInUse = error instanceof UserError && /is in use/.test(error.message);
    const url = receiverUrl(settings.host, settings.port);
    if (!isInUse || (await receiverState(url)) !== 'running') {
      throw isInUse ? new UserError(`port ${settings.port} is in use by another program; try --port ${settings.port + 1}`) : error;
    }
    return { running: undefined, feed: followDataVersion(openDatabase(settings.dbPath, { readonly: true })), endpoint: url };
  }
}
