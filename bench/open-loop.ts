// Open-loop requests at a fixed rate against a running receiver (the TUI's, or `serve`'s): each request
// is sent when its time comes, whether or not earlier ones were answered, and its latency counts from
// that time (no coordinated omission). The pool of keep-alive connections is opened first, as
// exporters hold theirs, and the first second (sent at the same rate) warms up and is not counted.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import type { OtlpRequest } from './dataset.js';
import { postOtlp } from './proc.js';
import { sleep } from './stats.js';

export interface OpenLoopResult {
  latenciesMs: number[];
  achievedPerSecond: number;
  /** performance.now() at the start and end of the counted part. */
  fromMs: number;
  toMs: number;
}

/** `requests` must hold rate × (seconds + 1); `onCounted` runs when the counted part begins. */
export async function openLoop(
  url: string,
  requests: readonly OtlpRequest[],
  ratePerSecond: number,
  seconds: number,
  onCounted: () => void = () => undefined,
): Promise<OpenLoopResult> {
  const connections = 64;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, scheduling: 'fifo' });
  await Promise.all(Array.from({ length: connections }, () => getRoot(agent, url)));
  const warmup = ratePerSecond;
  const total = Math.round(ratePerSecond * seconds) + warmup;
  if (requests.length < total) throw new Error(`${requests.length} requests are too few for ${seconds} s at ${ratePerSecond} req/s`);
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const startMs = performance.now();
  let fromMs = startMs;
  for (let sent = 0; sent < total;) {
    const due = Math.min(total, Math.floor(((performance.now() - startMs) / 1000) * ratePerSecond) + 1);
    for (; sent < due; sent++) {
      if (sent === warmup) {
        fromMs = performance.now();
        onCounted();
      }
      const scheduledMs = startMs + (sent / ratePerSecond) * 1000;
      const r = requests[sent]!;
      const isCounted = sent >= warmup;
      inFlight.push(
        postOtlp(agent, url, r).then(
          (status) => {
            if (status !== 200) failures.push(`${r.path}: ${status}`);
            else if (isCounted) latenciesMs.push(performance.now() - scheduledMs);
          },
          (error: unknown) => void failures.push(String(error)),
        ),
      );
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  const toMs = performance.now();
  agent.destroy();
  if (failures.length > 0) throw new Error(`${failures.length} requests failed at ${ratePerSecond} req/s, first: ${failures[0]}`);
  return { latenciesMs, achievedPerSecond: (total - warmup) / ((toMs - fromMs) / 1000), fromMs, toMs };
}

/** One GET / on a pooled connection: opens it before the measured requests need it. */
export function getRoot(agent: http.Agent, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http
      .get(`${url}/`, { agent }, (res) => {
        res.resume();
        res.once('end', () => resolve());
      })
      .once('error', reject);
  });
}
