// A real SQLite file in a fresh temp folder, and a real receiver on a loopback port in front of it.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startReceiver, type Receiver, type ReceiverOptions } from '../../src/receiver/server.js';
import { openDatabase, type Db } from '../../src/store/open.js';

export interface TempStore {
  dir: string;
  dbPath: string;
  db: Db;
  close(): void;
}

export function tempStore(): TempStore {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'claude-otel-tui-test-'));
  const dbPath = path.join(dir, 'data', 'telemetry.db');
  const db = openDatabase(dbPath);
  return {
    dir,
    dbPath,
    db,
    close() {
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TempReceiver extends TempStore {
  receiver: Receiver;
  /** Stops the receiver, closes the database and removes the folder. */
  stop(): Promise<void>;
}

export async function tempReceiver(options: Partial<ReceiverOptions> = {}): Promise<TempReceiver> {
  const store = tempStore();
  const receiver = await startReceiver({ ...options, db: store.db, port: 0 });
  return {
    ...store,
    receiver,
    async stop() {
      await receiver.close();
      store.close();
    },
  };
}

export interface PostResult {
  status: number;
  contentType: string | null;
  body: Buffer;
}

/** POSTs raw bytes, as an exporter would. */
export async function post(url: string, body: Uint8Array | string, headers: Record<string, string>): Promise<PostResult> {
  const res = await fetch(url, { method: 'POST', body, headers });
  return { status: res.status, contentType: res.headers.get('content-type'), body: Buffer.from(await res.arrayBuffer()) };
}
