import { UserError } from '../../errors.js';
import { createChangeFeed, feedFromChanges, followDataVersion, viewChangeIntervalMs, type ChangeFeed, type DataFeed } from '../../store/changes.js';
import { openDatabase } from '../../store/open.js';
import type { HeaderStatus } from '../../tui/components/header.js';
import { resolveBudgets } from '../config.js';
import { printErr } from '../format/print.js';
import { receiverState, receiverUrl } from '../receiver-probe.js';
import type { UiFlags } from '../receiving/flags.js';
import { startReceivingWorker, type ReceivingWorker } from '../receiving/receiving-worker-host.js';
import { exposureWarning, receivingSettings, type ReceivingSettings } from '../receiving/settings.js';
import { claudeCodeEnv, shellExports } from '../setup-env.js';
import { importWithoutFetch } from '../without-fetch.js';

/**
 * The receiver and the TUI in one process: the receiving process on a worker thread of its own, the
 * dashboard on this one. A viewer of the same database when another claude-otel-tui already listens.
 */
export async function uiCommand(flags: UiFlags): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UserError('the dashboard needs a terminal', 'run `claude-otel-tui serve` for the receiver alone, or `claude-otel-tui sessions` for a report', 2);
  }
  const settings = receivingSettings(flags);
  // Printed before the dashboard starts, so it stays on screen above it.
  const warning = exposureWarning(settings);
  if (warning !== undefined) printErr(`${warning}\n`);
  const budgets = resolveBudgets(flags);
  // Ctrl-C is a key while Ink holds the terminal raw, but `kill -INT` still arrives as a signal. The
  // handlers go in first, so a signal while the dashboard is still loading ends it as cleanly, and
  // they stay: Ink's signal-exit re-raises a signal that no other listener is left to handle, which
  // would kill the process before the request in flight is answered.
  const quit = quitSwitch();
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, quit.request);
  const changes = createChangeFeed(viewChangeIntervalMs);
  let crash: Error | undefined;
  // Started before the dashboard's code loads: the receiving thread loads, opens the database and
  // listens meanwhile. Its messages would land in the dashboard's frame: `status` and the header say
  // the same things, and the transcript scan retries quietly; its first read waits a second, so the
  // first frame does not wait for it.
  const receiving = startReceivingWorker({
    settings,
    sync: { sync: flags.sync, machine: flags.machine, syncIntervalMs: flags.syncIntervalMs },
    log: { note: () => undefined, problem: () => undefined },
    onChange: () => changes.notify(),
    onCrash: (error) => {
      crash = error;
      quit.request();
    },
    transcriptFirstDelayMs: 1000,
  });
  const screen = importWithoutFetch(() => import('./ui-screen.js'));
  const { running, feed, endpoint } = await receiveOrView(settings, receiving, changes);
  try {
    const status: HeaderStatus = {
      mode: running === undefined ? 'viewer' : 'receiving',
      isForwarding: running?.isForwarding ?? false,
      endpoint,
      dbPath: settings.dbPath,
      setupLines: shellExports(claudeCodeEnv({ endpoint, logPrompts: true, logToolDetails: true, token: settings.token })).trimEnd().split('\n'),
    };
    const exportDir = process.env['CLAUDE_OTEL_TUI_EXPORT_DIR'] || process.cwd();
    await (await screen).showDashboard({ feed, status, exportDir, budgets, quit });
  } finally {
    feed.close();
    // This connection closes first: the receiving process's, closing last, removes the WAL.
    feed.db.close();
    await running?.stop();
    changes.close();
  }
  if (crash !== undefined) throw crash;
}

/** What ends the dashboard: a key (q, Ctrl-C), a signal, or the receiving thread failing. */
export interface QuitSwitch {
  request(): void;
  /** Called at once if a quit was asked for before. */
  onRequest(handler: () => void): void;
}

function quitSwitch(): QuitSwitch {
  let isRequested = false;
  let handler: (() => void) | undefined;
  return {
    request() {
      isRequested = true;
      handler?.();
    },
    onRequest(h) {
      handler = h;
      if (isRequested) h();
    },
  };
}

interface Started {
  /** undefined in a viewer. */
  running: ReceivingWorker | undefined;
  feed: DataFeed;
  endpoint: string;
}

/**
 * The receiving process when the port is free, and a read-only connection of the dashboard's own.
 * When another claude-otel-tui holds the port, a viewer: the database read-only, following PRAGMA
 * data_version for the other process's writes. Only the receiving process forwards, syncs, scans
 * transcripts and prunes; a viewer shows what it keeps.
 */
async function receiveOrView(settings: ReceivingSettings, receiving: Promise<ReceivingWorker>, changes: ChangeFeed): Promise<Started> {
  let running: ReceivingWorker;
  try {
    running = await receiving;
  } catch (error) {
    const isInUse = error instanceof UserError && /is in use/.test(error.message);
    const url = receiverUrl(settings.host, settings.port);
    if (!isInUse || (await receiverState(url)) !== 'running') {
      throw isInUse ? new UserError(`port ${settings.port} is in use by another program; try --port ${settings.port + 1}`) : error;
    }
    return { running: undefined, feed: followDataVersion(openDatabase(settings.dbPath, { readonly: true })), endpoint: url };
  }
  try {
    // After the receiving process opened (and if need be created and migrated) the database.
    return { running, feed: feedFromChanges(openDatabase(settings.dbPath, { readonly: true }), changes), endpoint: running.url };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
