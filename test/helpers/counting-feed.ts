// The views' own connection to a test's database, as the dashboard has beside the receiving process:
// read-only, and counting every statement it runs (better-sqlite3 reports each one), so a test can
// say how often the views read.
import Database from 'better-sqlite3';
import type { DataFeed } from '../../src/store/changes.js';

export interface CountingFeed {
  feed: DataFeed;
  /** Every statement run on the connection, in order. */
  statements: string[];
}

export function countingFeed(dbPath: string, versions: Pick<DataFeed, 'subscribe' | 'version'>): CountingFeed {
  const statements: string[] = [];
  const db = new Database(dbPath, { readonly: true, verbose: (sql) => void statements.push(String(sql)) });
  db.pragma('busy_timeout = 5000');
  return { feed: { db, subscribe: versions.subscribe, version: versions.version, close: () => db.close() }, statements };
}
