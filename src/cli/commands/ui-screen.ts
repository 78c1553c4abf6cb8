// The dashboard side of `ui`, loaded while the receiving thread starts: Ink, React and every view, the
// dashboard's own read-only connection to the database, and the order things close in.
import { render } from 'ink';
import { createElement } from 'react';
import { UserError } from '../../errors.js';
import type { Budgets } from '../../present/budget.js';
import { createChangeFeed, feedFromChanges, followDataVersion, viewChangeIntervalMs, type DataFeed } from '../../store/changes.js';
import { openDatabase } from '../../store/open.js';
import { App } from '../../tui/app.js';
import type { HeaderStatus } from '../../tui/components/header.js';
import { receiverState, receiverUrl } from '../receiver-probe.js';
import type { ReceivingWorker } from '../receiving/receiving-worker-host.js';
import type { ReceivingSettings } from '../receiving/settings.js';
import { claudeCodeEnv, shellExports } from '../setup-env.js';
import type { QuitSwitch } from './ui.js';

export interface DashboardOptions {
  settings: ReceivingSettings;
  budgets: Budgets;
  /** The receiving thread as it starts: it rejects when the port is taken. */
  receiving: Promise<ReceivingWorker>;
  quit: QuitSwitch;
  exportDir: string;
  /** Where the receiving thread's "something was stored" should go from now on. */
  onChanges: (notify: () => void) => void;
}

/** Resolves when the dashboard has quit and everything is closed: this connection first, the receiving process's last. */
export async function showDashboard({ settings, budgets, receiving, quit, exportDir, onChanges }: DashboardOptions): Promise<void> {
  const { running, feed, endpoint } = await receiveOrView(settings, receiving, onChanges);
  try {
    const status: HeaderStatus = {
      mode: running === undefined ? 'viewer' : 'receiving',
      isForwarding: running?.isForwarding ?? false,
      endpoint,
      dbPath: settings.dbPath,
      setupLines: shellExports(claudeCodeEnv({ endpoint, logPrompts: true, logToolDetails: true, token: settings.token })).trimEnd().split('\n'),
    };
    const instance = render(createElement(App, { feed, status, exportDir, budgets }), { exitOnCtrlC: false });
    quit.onRequest(() => instance.unmount());
    await instance.waitUntilExit();
  } finally {
    feed.close();
    // This connection closes first: the receiving process's, closing last, removes the WAL.
    feed.db.close();
    await running?.stop();
  }
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
async function receiveOrView(settings: ReceivingSettings, receiving: Promise<ReceivingWorker>, onChanges: (notify: () => void) => void): Promise<Started> {
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
    const db = openDatabase(settings.dbPath, { readonly: true });
    const changes = createChangeFeed(viewChangeIntervalMs);
    onChanges(() => changes.notify());
    const feed = feedFromChanges(db, changes);
    return { running, feed: { ...feed, close: () => changes.close() }, endpoint: running.url };
  } catch (error) {
    await running.stop();
    throw error;
  }
}
