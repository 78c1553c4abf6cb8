import type { Migration } from '../migrate.js';

/**
 * The outgoing copies of accepted requests, one row per upstream, queued in the transaction that
 * stores the request: an answered request is a queued copy. A row stays until it is delivered or
 * dropped; each drop is kept with its reason, and each upstream's last success and last error.
 */
export const forwardQueue: Migration = {
  version: 6,
  name: 'forward-queue',
  up(db) {
    db.exec(`
      CREATE TABLE forward_requests (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        upstream TEXT NOT NULL,
        signal TEXT NOT NULL,
        content_type TEXT NOT NULL,
        content_encoding TEXT,
        body_bytes INTEGER NOT NULL,
        enqueued_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        next_attempt_ms INTEGER NOT NULL,
        last_error TEXT,
        -- Last, so reading the other columns never walks the body's overflow pages.
        body BLOB NOT NULL
      );
      -- Covers the queue's depth, size and age per upstream without reading a row.
      CREATE INDEX forward_requests_by_upstream ON forward_requests (upstream, id, body_bytes, enqueued_ms);

      CREATE TABLE forward_drops (
        id INTEGER PRIMARY KEY,
        upstream TEXT NOT NULL,
        signal TEXT NOT NULL,
        body_bytes INTEGER NOT NULL,
        enqueued_ms INTEGER NOT NULL,
        attempts INTEGER NOT NULL,
        dropped_ms INTEGER NOT NULL,
        reason TEXT NOT NULL
      );
      CREATE INDEX forward_drops_by_upstream ON forward_drops (upstream, id);

      CREATE TABLE forward_upstreams (
        upstream TEXT PRIMARY KEY,
        delivered_count INTEGER NOT NULL DEFAULT 0,
        last_success_ms INTEGER,
        last_error TEXT,
        last_error_ms INTEGER
      ) WITHOUT ROWID;
    `);
  },
};
