// What the dashboard of `ui` reads from: once the receiving thread listens, a read-only connection of
// its own, told of writes by that thread's messages; when another claude-otel-tui holds the port, a
// viewer's read-only connection that follows PRAGMA data_version. Only the receiving process
// forwards, syncs, scans transcripts and prunes; a viewer shows what it keeps.
import { UserError } from '../../errors.js';
import { createChangeFeed, feedFromChanges, followDataVersion, viewChangeIntervalMs, type DataFeed } from '../../store/changes.js';
import { openDatabase } from '../../store/open.js';
import { receiverState, receiverUrl } from '../receiver-probe.js';
import type { ReceivingWorker } from './receiving-worker-host.js';
import type { ReceivingSettings } from './settings.js';

export interface DashboardFeed {
  /** undefined in a viewer. */
  running: ReceivingWorker | undefined;
  feed: DataFeed;
  endpoint: string;
  /** This connection first, so the receiving process's, closing last, removes the WAL; then that process. */
  close(): Promise<void>;
}

/** `onChanges` says where the receiving thread's "something was stored" should go from now on. */
export async function receiveOrView(
  settings: ReceivingSettings,
  receiving: Promise<ReceivingWorker>,
  onChanges: (notify: () => void) => void,
): Promise<DashboardFeed> {
  let running: ReceivingWorker;
  try {
    running = await receiving;
  } catch (error) {
    const isInUse = error instanceof UserError && /is in use/.test(error.message);
    const url = receiverUrl(settings.host, settings.port);
    if (!isInUse || (await receiverState(url)) !== 'running') {
      throw isInUse ? new UserError(`port ${settings.port} is in use by another program; try --port ${settings.port + 1}`) : error;
    }
    const feed = followDataVersion(openDatabase(settings.dbPath, { readonly: true }));
    return { running: undefined, feed, endpoint: url, close: async () => closeFeed(feed) };
  }
  try {
    // After the receiving process opened (and if need be created and migrated) the database.
    const changes = createChangeFeed(viewChangeIntervalMs);
    const feed = { ...feedFromChanges(openDatabase(settings.dbPath, { readonly: true }), changes), close: () => changes.close() };
    onChanges(() => changes.notify());
    return {
      running,
      feed,
      endpoint: running.url,
      close: async () => {
        closeFeed(feed);
        await running.stop();
      },
    };
  } catch (error) {
    await running.stop();
    throw error;
  }
}

function closeFeed(feed: DataFeed): void {
  feed.close();
  feed.db.close();
}
