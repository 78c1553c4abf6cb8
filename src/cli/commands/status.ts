import fs from 'node:fs';
import { defaultHost } from '../../receiver/server.js';
import { openDatabase } from '../../store/open.js';
import { storeStatus } from '../../store/read/store-status.js';
import { formatCount } from '../../tui/format.js';
import { writeJson } from '../format/json.js';
import { databasePath } from '../paths.js';
import { receiverState, receiverUrl, type ReceiverState } from '../receiver-probe.js';
import { parsePort } from './serve.js';

export interface StatusOptions {
  host?: string;
  port: string;
  json?: boolean;
  db?: string;
}

export async function statusCommand(options: StatusOptions): Promise<void> {
  const file = databasePath(options.db);
  const host = options.host ?? defaultHost;
  const url = receiverUrl(host, parsePort(options.port));
  const db = openDatabase(file, { readonly: true });
  let store;
  try {
    store = storeStatus(db);
  } finally {
    db.close();
  }
  const bytes = ['', '-wal'].reduce((n, suffix) => n + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0), 0);
  const receiver = { url, state: await receiverState(url) };
  if (options.json) return writeJson({ receiver, database: { path: file, bytes, ...store } });
  const states: Record<ReceiverState, string> = { running: 'claude-otel-tui is receiving', other: 'something else answers there', stopped: 'nothing is listening' };
  process.stdout.write(
    [
      `receiver  ${url}: ${states[receiver.state]}`,
      `database  ${file} (${(bytes / 1024 / 1024).toFixed(1)} MiB, schema ${store.schemaVersion})`,
      `          ${formatCount(store.sessions)} sessions, ${formatCount(store.events)} events, ${formatCount(store.metricPoints)} metric points, ${formatCount(store.traceRequests)} trace requests`,
      `          ${store.firstActivity === null ? 'empty' : `${store.firstActivity} → ${store.lastActivity}`}`,
      '',
    ].join('\n'),
  );
}
