// Node enforces `headersTimeout` and `requestTimeout` on an interval that ticks for as long as the
// server listens, with or without connections. Each tick wakes the receiving thread (a few ms of CPU
// on a slow machine), which alone was most of an idle dashboard's CPU budget. This stops Node's
// interval while no connection is open and starts it again with the first one, so the timeouts hold
// for every connection and an idle receiver sleeps.
//
// It relies on where Node keeps that interval (a symbol-keyed Timeout on the server, Node 18.0 to
// 24); where that is not found, Node's own interval keeps running as before, which is only slower.
import type http from 'node:http';

export interface IdleConnectionChecks {
  /** After a connection opened; `open` counts it. */
  opened(open: number): void;
  /** After a connection closed; `open` no longer counts it. */
  closed(open: number): void;
}

interface NodeTimeout {
  _onTimeout?: unknown;
}

const symbolName = 'http.server.connectionsCheckingInterval';

/** Call once the server listens (Node starts the interval on 'listening'). */
export function idleConnectionChecks(server: http.Server, intervalMs: number): IdleConnectionChecks {
  const slots = server as unknown as Record<symbol, NodeTimeout | undefined>;
  const key = Object.getOwnPropertySymbols(server).find((s) => s.description === symbolName);
  const started = key === undefined ? undefined : slots[key];
  const check = started?._onTimeout;
  if (key === undefined || started === undefined || typeof check !== 'function') return { opened: () => undefined, closed: () => undefined };
  let isRunning = true;
  const stop = () => {
    if (!isRunning) return;
    clearInterval(slots[key] as unknown as NodeJS.Timeout);
    isRunning = false;
  };
  const start = () => {
    if (isRunning || !server.listening) return;
    // Node's server.close() clears whatever is in this slot, so the new interval ends with it too.
    slots[key] = setInterval(check as () => void, intervalMs).unref() as unknown as NodeTimeout;
    isRunning = true;
  };
  stop();
  return {
    opened: (open) => {
      if (open > 0) start();
    },
    closed: (open) => {
      if (open === 0) stop();
    },
  };
}
