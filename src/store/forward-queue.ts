// The forward queue's writes. Copies are queued inside the transaction that stores their request
// (see write.ts); the sender takes each upstream's oldest row, and records what became of it.
import type { Signal } from '../otlp/types.js';
import type { Db } from './open.js';

/** A request as it arrived on the wire: the same bytes, type and encoding go upstream. */
export interface ForwardCopy {
  signal: Signal;
  contentType: string;
  contentEncoding: string | null;
  body: Uint8Array;
}

export interface QueuedRequest extends ForwardCopy {
  id: number;
  upstream: string;
  enqueuedMs: number;
  attempts: number;
  nextAttemptMs: number;
}

export interface ForwardQueue {
  /** Call inside the storing transaction. */
  enqueue(upstreams: readonly string[], copy: ForwardCopy, nowMs: number): void;
  /** Makes an upstream known to `status` before anything is queued for it. */
  register(upstreams: readonly string[]): void;
  head(upstream: string): QueuedRequest | undefined;
  delivered(request: QueuedRequest, nowMs: number): void;
  retryLater(request: QueuedRequest, error: string, nextAttemptMs: number, nowMs: number): void;
  drop(request: QueuedRequest, reason: string, nowMs: number): void;
  /** Drops the oldest rows beyond the size bound and every row older than the age bound; returns how many. */
  enforceBounds(maxBytes: number, maxAgeMs: number, nowMs: number): number;
}

export function createForwardQueue(db: Db): ForwardQueue {
  const insert = db.prepare(`
    INSERT INTO forward_requests (upstream, signal, content_type, content_encoding, body_bytes, enqueued_ms, next_attempt_ms, body)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  const register = db.prepare('INSERT OR IGNORE INTO forward_upstreams (upstream) VALUES (?)');
  const head = db.prepare(`
    SELECT id, upstream, signal, content_type AS contentType, content_encoding AS contentEncoding, body,
      enqueued_ms AS enqueuedMs, attempts, next_attempt_ms AS nextAttemptMs
    FROM forward_requests WHERE upstream = ? ORDER BY id LIMIT 1`);
  const remove = db.prepare('DELETE FROM forward_requests WHERE id = ?');
  const success = db.prepare(`
    INSERT INTO forward_upstreams (upstream, delivered_count, last_success_ms) VALUES (?, 1, ?)
    ON CONFLICT (upstream) DO UPDATE SET delivered_count = delivered_count + 1, last_success_ms = excluded.last_success_ms`);
  const failure = db.prepare(`
    INSERT INTO forward_upstreams (upstream, last_error, last_error_ms) VALUES (?, ?, ?)
    ON CONFLICT (upstream) DO UPDATE SET last_error = excluded.last_error, last_error_ms = excluded.last_error_ms`);
  const reschedule = db.prepare('UPDATE forward_requests SET attempts = attempts + 1, last_error = ?, next_attempt_ms = ? WHERE id = ?');
  const recordDrop = db.prepare(`
    INSERT INTO forward_drops (upstream, signal, body_bytes, enqueued_ms, attempts, dropped_ms, reason)
    SELECT upstream, signal, body_bytes, enqueued_ms, attempts, ?, ? FROM forward_requests WHERE id <= ? AND (? OR id = ?)`);
  const removeUpTo = db.prepare('DELETE FROM forward_requests WHERE id <= ?');
  const oldBefore = db.prepare('SELECT MAX(id) FROM forward_requests WHERE enqueued_ms < ?').pluck();
  const recordOld = db.prepare(`
    INSERT INTO forward_drops (upstream, signal, body_bytes, enqueued_ms, attempts, dropped_ms, reason)
    SELECT upstream, signal, body_bytes, enqueued_ms, attempts, ?, ? FROM forward_requests WHERE enqueued_ms < ?`);
  const removeOld = db.prepare('DELETE FROM forward_requests WHERE enqueued_ms < ?');
  const totalBytes = db.prepare('SELECT TOTAL(body_bytes) FROM forward_requests').pluck();
  const oldestFirst = db.prepare('SELECT id, body_bytes AS bytes FROM forward_requests ORDER BY id');

  const registerAll = db.transaction((upstreams: readonly string[]) => {
    for (const upstream of upstreams) register.run(upstream);
  });
  const deliveredOne = db.transaction((request: QueuedRequest, nowMs: number) => {
    remove.run(request.id);
    success.run(request.upstream, nowMs);
  });
  const retryOne = db.transaction((request: QueuedRequest, error: string, nextAttemptMs: number, nowMs: number) => {
    reschedule.run(error, nextAttemptMs, request.id);
    failure.run(request.upstream, error, nowMs);
  });
  const dropOne = db.transaction((request: QueuedRequest, reason: string, nowMs: number) => {
    recordDrop.run(nowMs, reason, request.id, 0, request.id);
    remove.run(request.id);
    failure.run(request.upstream, reason, nowMs);
  });
  const enforce = db.transaction((maxBytes: number, maxAgeMs: number, nowMs: number): number => {
    let dropped = 0;
    const cutoffMs = nowMs - maxAgeMs;
    if (oldBefore.get(cutoffMs) !== null) {
      dropped += recordOld.run(nowMs, `older than the --forward-max-age bound (${formatAge(maxAgeMs)})`, cutoffMs).changes;
      removeOld.run(cutoffMs);
    }
    let overBytes = (totalBytes.get() as number) - maxBytes;
    if (overBytes <= 0) return dropped;
    let lastId = 0;
    for (const row of oldestFirst.iterate() as IterableIterator<{ id: number; bytes: number }>) {
      lastId = row.id;
      overBytes -= row.bytes;
      if (overBytes <= 0) break;
    }
    dropped += recordDrop.run(nowMs, `the queue was over the --forward-max-mb bound (${formatMb(maxBytes)} MB); oldest dropped first`, lastId, 1, 0).changes;
    removeUpTo.run(lastId);
    return dropped;
  });

  return {
    enqueue(upstreams, copy, nowMs) {
      const body = Buffer.from(copy.body.buffer, copy.body.byteOffset, copy.body.byteLength);
      for (const upstream of upstreams) insert.run(upstream, copy.signal, copy.contentType, copy.contentEncoding, body.length, nowMs, nowMs, body);
    },
    register: (upstreams) => registerAll.immediate(upstreams),
    head: (upstream) => head.get(upstream) as QueuedRequest | undefined,
    delivered: (request, nowMs) => deliveredOne.immediate(request, nowMs),
    retryLater: (request, error, nextAttemptMs, nowMs) => retryOne.immediate(request, error, nextAttemptMs, nowMs),
    drop: (request, reason, nowMs) => dropOne.immediate(request, reason, nowMs),
    enforceBounds: (maxBytes, maxAgeMs, nowMs) => enforce.immediate(maxBytes, maxAgeMs, nowMs),
  };
}

function formatMb(bytes: number): string {
  return String(Math.round((bytes / 1024 / 1024) * 1000) / 1000);
}

function formatAge(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'm'],
    [1000, 's'],
  ];
  const unit = units.find(([size]) => ms % size === 0 && ms >= size);
  return unit === undefined ? `${ms} ms` : `${ms / unit[0]}${unit[1]}`;
}
