// Delivers the forward queue: one loop per upstream, oldest row first, one request in flight. The
// receiver never waits for it: rows are already committed, and the loops only read and update them.
import http from 'node:http';
import https from 'node:https';
import { createForwardQueue, type QueuedRequest } from '../store/forward-queue.js';
import type { Db } from '../store/open.js';
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
      const timer = waitMs === undefined ? undefined : setTimeout(done, waitMs);
      wakers.add(done);
    });
  }

  async function deliver(upstream: Upstream): Promise<void> {
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
      const waitMs = request.nextAttemptMs - now();
      if (waitMs > 0) {
        await rest(waitMs);
        continue;
      }
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
        const delayMs = verdict.retryAfterMs ?? backoffMs(request.attempts + 1, baseDelayMs, maxDelayMs, random);
        return queue.retryLater(request, verdict.error, nowMs + delayMs, nowMs);
      }
      default: {
        const unreachable: never = verdict;
        throw new Error(`unknown verdict ${String(unreachable)}`);
      }
    }
  }

  enforceBounds();
  const boundsTimer = setInterval(enforceBounds, boundsIntervalMs);
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
      const grace = new Promise<void>((resolve) => (graceTimer = setTimeout(resolve, graceMs)));
      await Promise.race([Promise.all(loops), grace]);
      clearTimeout(graceTimer);
      aborter.abort();
      await Promise.all(loops);
      agent.http.destroy();
      agent.https.destroy();
    },
  };
}
