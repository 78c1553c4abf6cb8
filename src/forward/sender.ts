// Delivers the forward queue: one loop per upstream, oldest row first, one request in flight. The
// receiver never waits for it: rows are already committed, and the loops only read and update them.
import http from 'node:http';
import https from 'node:https';
import { createForwardQueue, type QueuedRequest } from '../store/forward-queue.js';
import type { Db } from '../store/open.js';
import { setSafeInterval, setSafeTimeout } from '../safe-timers.js';
import { post } from './post.js';
import { backoffMs, verdictFor, type Verdict } from './retry-policy.js';

export interface Upstream {
  /** A base URL, as OTEL_EXPORTER_OTLP_ENDPOINT: requests go to `<url>/v1/<signal>`. */
  url: string;
  headers: Readonly<Record<string, string>>;
}

export interface ForwarderOptions {
  db: Db;
  upstreams: readonly Upstream[];
  maxBytes: number;
  maxAgeMs: number;
  baseDelayMs?: number;
  /** The longest wait before a retry: the backoff's ceiling, and the cap on an upstream's Retry-After. */
  maxDelayMs?: number;
  timeoutMs?: number;
  /** How long close() lets a request in flight finish before cutting it off. */
  closeGraceMs?: number;
  userAgent?: string;
  now?: () => number;
  random?: () => number;
  onVerdict?: (upstream: string, verdict: Verdict, request: QueuedRequest) => void;
  onError?: (error: Error) => void;
  /** After each committed change to the queue (a delivery, retry or drop), so views re-read it. */
  onChange?: () => void;
}

export interface Forwarder {
  /** Something was queued: send it, and apply the bounds. */
  wake(): void;
  close(): Promise<void>;
}

export const defaultForwardMaxBytes = 256 * 1024 * 1024;
export const defaultForwardMaxAgeMs = 7 * 86_400_000;
const boundsIntervalMs = 60_000;

/** The URL a signal goes to: the base with `/v1/<signal>` appended. */
export function signalUrl(base: string, signal: string): URL {
  return new URL(`${base.replace(/\/+$/, '')}/v1/${signal}`);
}

export function startForwarder(options: ForwarderOptions): Forwarder {
  const queue = createForwardQueue(options.db);
  const now = options.now ?? Date.now;
  const random = options.random ?? Math.random;
  const baseDelayMs = options.baseDelayMs ?? 1000;
  const maxDelayMs = options.maxDelayMs ?? 300_000;
  const timeoutMs = options.timeoutMs ?? 30_000;
  const agent = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) };
  const aborter = new AbortController();
  const wakers = new Set<() => void>();
  let isClosed = false;
  let isBoundsPending = false;

  const report = (error: unknown) => options.onError?.(error instanceof Error ? error : new Error(String(error)));
  queue.register(options.upstreams.map((u) => u.url));

  function enforceBounds(): void {
    isBoundsPending = false;
    if (isClosed) return;
    try {
      if (queue.enforceBounds(options.maxBytes, options.maxAgeMs, now()) === 0) return;
      options.onChange?.();
      wakeAll();
    } catch (error) {
      report(error);
    }
  }

  function wakeAll(): void {
    for (const wake of [...wakers]) wake();
  }

  /** Resolves on wake(), on close(), or after `waitMs`. */
  function rest(waitMs: number | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        wakers.delete(done);
        if (timer !== undefined) clearTimeout(timer);
        resolve();
      };
      const timer = waitMs === undefined ? undefined : setSafeTimeout(done, waitMs);
      wakers.add(done);
    });
  }

  async function deliver(upstream: Upstream): Promise<void> {
    // When the head row is due at the latest, whatever its stored time says: a row written by an
    // older version (which kept any Retry-After) or before the clock went back waits no longer than
    // a retry may. Set when a row first comes to the head, cleared when it is sent.
    let latest: { id: number; dueMs: number } | undefined;
    while (!isClosed) {
      let request: QueuedRequest | undefined;
      try {
        request = queue.head(upstream.url);
      } catch (error) {
        report(error);
        await rest(baseDelayMs);
        continue;
      }
      if (request === undefined) {
        await rest(undefined);
        continue;
      }
      if (latest?.id !== request.id) latest = { id: request.id, dueMs: now() + maxDelayMs };
      const waitMs = Math.min(request.nextAttemptMs, latest.dueMs) - now();
      if (waitMs > 0) {
        await rest(waitMs);
        continue;
      }
      latest = undefined;
      const headers: Record<string, string> = { ...upstream.headers, 'content-type': request.contentType };
      if (request.contentEncoding !== null) headers['content-encoding'] = request.contentEncoding;
      if (options.userAgent !== undefined) headers['user-agent'] = options.userAgent;
      const outcome = await post({ url: signalUrl(upstream.url, request.signal), headers, body: request.body, timeoutMs, signal: aborter.signal, agent });
      // Cut off by close(): the row stays, to be sent again by the next run.
      if (aborter.signal.aborted) return;
      const verdict = verdictFor(outcome, now());
      try {
        record(request, verdict);
        options.onChange?.();
      } catch (error) {
        report(error);
        await rest(baseDelayMs);
      }
      options.onVerdict?.(upstream.url, verdict, request);
    }
  }

  function record(request: QueuedRequest, verdict: Verdict): void {
    const nowMs = now();
    switch (verdict.kind) {
      case 'delivered':
        return queue.delivered(request, nowMs);
      case 'drop':
        return queue.drop(request, verdict.reason, nowMs);
      case 'retry': {
        // An upstream may ask for any Retry-After (999999999 s, the year 9999); it gets at most the
        // backoff's ceiling, after which the request is simply tried again.
        const delayMs = Math.min(maxDelayMs, verdict.retryAfterMs ?? backoffMs(request.attempts + 1, baseDelayMs, maxDelayMs, random));
        return queue.retryLater(request, verdict.error, nowMs + delayMs, nowMs);
      }
      default: {
        const unreachable: never = verdict;
        throw new Error(`unknown verdict ${String(unreachable)}`);
      }
    }
  }

  enforceBounds();
  const boundsTimer = setSafeInterval(enforceBounds, boundsIntervalMs);
  boundsTimer.unref();
  const loops = options.upstreams.map((upstream) => deliver(upstream).catch(report));

  return {
    wake() {
      if (isClosed) return;
      if (!isBoundsPending) {
        isBoundsPending = true;
        setImmediate(enforceBounds);
      }
      wakeAll();
    },
    async close() {
      if (isClosed) return;
      isClosed = true;
      clearInterval(boundsTimer);
      wakeAll();
      const graceMs = options.closeGraceMs ?? 1000;
      let graceTimer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => (graceTimer = setSafeTimeout(resolve, graceMs)));
      await Promise.race([Promise.all(loops), grace]);
      clearTimeout(graceTimer);
      aborter.abort();
      await Promise.all(loops);
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
