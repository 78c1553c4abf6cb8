import { statement, type Db } from '../open.js';

export interface UpstreamStatus {
  upstream: string;
  queued: number;
  queuedBytes: number;
  /** When the oldest queued request arrived; null when nothing is queued. */
  oldestEnqueuedMs: number | null;
  delivered: number;
  lastSuccessMs: number | null;
  lastError: string | null;
  lastErrorMs: number | null;
  dropped: number;
  lastDropReason: string | null;
}

export interface ForwardTotals {
  upstreams: number;
  queued: number;
  /** The latest error of an upstream whose last attempt failed (none when each has since succeeded). */
  currentError: string | null;
}

// Every figure comes from the (upstream, id, body_bytes, enqueued_ms) index, never from the bodies.
export const upstreamsSql = `
  WITH names AS (
    SELECT upstream FROM forward_upstreams
    UNION SELECT DISTINCT upstream FROM forward_requests
    UNION SELECT DISTINCT upstream FROM forward_drops
  )
  SELECT n.upstream,
    (SELECT COUNT(*) FROM forward_requests r WHERE r.upstream = n.upstream) AS queued,
    (SELECT TOTAL(body_bytes) FROM forward_requests r WHERE r.upstream = n.upstream) AS queuedBytes,
    (SELECT MIN(enqueued_ms) FROM forward_requests r WHERE r.upstream = n.upstream) AS oldestEnqueuedMs,
    COALESCE(u.delivered_count, 0) AS delivered, u.last_success_ms AS lastSuccessMs,
    u.last_error AS lastError, u.last_error_ms AS lastErrorMs,
    (SELECT COUNT(*) FROM forward_drops d WHERE d.upstream = n.upstream) AS dropped,
    (SELECT reason FROM forward_drops d WHERE d.upstream = n.upstream ORDER BY id DESC LIMIT 1) AS lastDropReason
  FROM names n LEFT JOIN forward_upstreams u ON u.upstream = n.upstream
  ORDER BY n.upstream`;

/** Each upstream's queue and history, for `status`. */
export function forwardStatus(db: Db): UpstreamStatus[] {
  return (statement(db, upstreamsSql).all() as UpstreamStatus[]).map((r) => ({ ...r, queuedBytes: Number(r.queuedBytes) }));
}

/** The compact form, for the TUI header. */
export function forwardTotals(db: Db): ForwardTotals {
  const upstreams = forwardStatus(db);
  const failing = upstreams
    .filter((u) => u.lastError !== null && (u.lastSuccessMs === null || (u.lastErrorMs ?? 0) > u.lastSuccessMs))
    .sort((a, b) => (b.lastErrorMs ?? 0) - (a.lastErrorMs ?? 0));
  return { upstreams: upstreams.length, queued: upstreams.reduce((n, u) => n + u.queued, 0), currentError: failing[0]?.lastError ?? null };
}
