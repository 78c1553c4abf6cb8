// Ack latency of small requests while one 16 MiB request is being stored. The receiver decodes and
// stores a large request in slices and lets other requests through between them; measured with
// slicing and without it (the same build, one piece and one transaction per request, as before
// slicing), each on a fresh database, in alternating runs so both see the same machine.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultMaxBodyBytes } from '../src/receiver/server.js';
import { groupByResource, realisticRequestsOf, sessionsOf, type OtlpRequest } from './dataset.js';
import { encodeLogs } from './encode.js';
import type { Attrs, DatasetSpec, LogEvent } from './generate.js';
import { cpuSeconds, machineBusySeconds, postOtlp, startReceiverProcess } from './proc.js';
import { figure, median, percentile, sleep, type Figure } from './stats.js';
import { getRoot } from './open-loop.js';

/** One logs request of as many generated records as fit under the receiver's body limit (16 MiB). */
export function largeLogsRequest(spec: DatasetSpec, fromSession: number): OtlpRequest {
  const items: { resource: Attrs; item: LogEvent }[] = [];
  for (const session of sessionsOf(spec, fromSession)) {
    for (const e of session.exports) if (e.signal === 'logs') for (const item of e.events) items.push({ resource: session.user.resource, item });
    if (items.length >= 40_000) break;
  }
  let n = items.length;
  let body = encodeLogs(groupByResource(items.slice(0, n)));
  while (body.length > defaultMaxBodyBytes) {
    n = Math.floor((n * defaultMaxBodyBytes * 0.995) / body.length);
    body = encodeLogs(groupByResource(items.slice(0, n)));
  }
  return { signal: 'logs', path: '/v1/logs', body, records: n };
}

interface Run {
  /** Ack latencies of the small requests sent while the large one was being received and stored. */
  besideMs: number[];
  /** The same before the large request was sent. */
  quietMs: number[];
  /** From sending the large request to its 200. */
  largeMs: number;
  /** Cores other processes kept busy meanwhile (of 2 on the bench machine): a busy neighbour explains a bad run. */
  otherCores: number;
}

/** Small requests open loop at `ratePerSecond`; after 1 s the large one is sent; until 300 ms after its answer. */
async function runOnce(dir: string, mode: 'sliced' | 'unsliced', large: OtlpRequest, small: readonly OtlpRequest[], ratePerSecond: number): Promise<Run> {
  const file = path.join(dir, `large-${mode}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  const server = await startReceiverProcess(file, mode);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16, scheduling: 'fifo' });
  await Promise.all(Array.from({ length: 16 }, () => getRoot(agent, server.url)));
  const largeAgent = new http.Agent({ keepAlive: false });
  const sent: { scheduledMs: number; latencyMs?: number }[] = [];
  const inFlight: Promise<void>[] = [];
  const failures: string[] = [];
  const startMs = performance.now();
  const [machine0, server0, self0] = [machineBusySeconds(), cpuSeconds(server.child.pid!), process.cpuUsage()];
  let largeSentMs = Number.POSITIVE_INFINITY;
  let largeDoneMs = Number.POSITIVE_INFINITY;
  let largeAnswer: Promise<void> | undefined;
  for (;;) {
    const nowMs = performance.now();
    if (largeAnswer === undefined && nowMs - startMs >= 1000) {
      largeSentMs = nowMs;
      largeAnswer = postOtlp(largeAgent, server.url, large).then((status) => {
        if (status !== 200) failures.push(`large request: ${status}`);
        largeDoneMs = performance.now();
      });
    }
    if (nowMs > largeDoneMs + 300) break;
    const due = Math.floor(((nowMs - startMs) / 1000) * ratePerSecond) + 1;
    while (sent.length < due) {
      if (sent.length >= small.length) throw new Error(`${small.length} small requests are too few for this run`);
      const entry: { scheduledMs: number; latencyMs?: number } = { scheduledMs: startMs + (sent.length / ratePerSecond) * 1000 };
      const r = small[sent.length]!;
      sent.push(entry);
      inFlight.push(
        postOtlp(agent, server.url, r).then(
          (status) => {
            if (status === 200) entry.latencyMs = performance.now() - entry.scheduledMs;
            else failures.push(`${r.path}: ${status}`);
          },
          (error: unknown) => void failures.push(String(error)),
        ),
      );
    }
    await sleep(1);
  }
  await Promise.all([...inFlight, largeAnswer]);
  const seconds = (performance.now() - startMs) / 1000;
  const self = process.cpuUsage(self0);
  const otherCores = (machineBusySeconds() - machine0 - (cpuSeconds(server.child.pid!) - server0) - (self.user + self.system) / 1e6) / seconds;
  agent.destroy();
  largeAgent.destroy();
  await server.stop();
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  if (failures.length > 0) throw new Error(`${failures.length} requests failed (${mode}), first: ${failures[0]}`);
  const latencies = (from: number, to: number) => sent.filter((s) => s.scheduledMs >= from && s.scheduledMs < to).map((s) => s.latencyMs!);
  return { besideMs: latencies(largeSentMs, largeDoneMs), quietMs: latencies(startMs + 200, largeSentMs), largeMs: largeDoneMs - largeSentMs, otherCores };
}

export interface LargeOptions {
  dir: string;
  spec: DatasetSpec;
  repeats: number;
  log: (line: string) => void;
}

export async function largeRequestFigures(o: LargeOptions): Promise<Figure[]> {
  const rate = 50;
  const large = largeLogsRequest(o.spec, Math.floor(o.spec.sessions / 2));
  const small = realisticRequestsOf(o.spec, 0, Math.min(o.spec.sessions, 400)).requests;
  o.log(`  large request: ${large.records} log records, ${(large.body.length / 2 ** 20).toFixed(1)} MiB protobuf; small requests at ${rate}/s`);
  const runs: Record<'sliced' | 'unsliced', Run[]> = { sliced: [], unsliced: [] };
  for (let i = 0; i < o.repeats; i++) {
    for (const mode of ['unsliced', 'sliced'] as const) {
      const run = await runOnce(o.dir, mode, large, small, rate);
      runs[mode].push(run);
      o.log(
        `  ${mode} rep ${i + 1}: large stored in ${run.largeMs.toFixed(0)} ms; ${run.besideMs.length} small requests beside it: ack p99 ${percentile(run.besideMs, 99).toFixed(1)} ms, max ${Math.max(...run.besideMs).toFixed(1)} ms (quiet p99 ${percentile(run.quietMs, 99).toFixed(1)} ms; other processes used ${run.otherCores.toFixed(2)} cores)`,
      );
    }
  }
  const p99 = (mode: 'sliced' | 'unsliced') => runs[mode].map((r) => percentile(r.besideMs, 99));
  const what = `beside a ${(large.body.length / 2 ** 20).toFixed(1)} MiB request (${large.records} records)`;
  return [
    figure('large.beside.p99', `ack p99 of small requests ${what}, sliced (after)`, o.spec.name, 'ms', p99('sliced'), {
      goal: { op: '<', value: 50 },
      baseline: { label: 'unsliced, one transaction (before)', median: median(p99('unsliced')), unit: 'ms' },
    }),
    figure('large.beside.p99.unsliced', `ack p99 of small requests ${what}, unsliced (before)`, o.spec.name, 'ms', p99('unsliced')),
    figure(
      'large.beside.max',
      `ack max of small requests ${what}, sliced (after)`,
      o.spec.name,
      'ms',
      runs.sliced.map((r) => Math.max(...r.besideMs)),
    ),
    figure(
      'large.beside.max.unsliced',
      `ack max of small requests ${what}, unsliced (before)`,
      o.spec.name,
      'ms',
      runs.unsliced.map((r) => Math.max(...r.besideMs)),
    ),
    figure(
      'large.quiet.p99',
      `ack p99 of the same small requests before the large one (${rate}/s)`,
      o.spec.name,
      'ms',
      [...runs.sliced, ...runs.unsliced].map((r) => percentile(r.quietMs, 99)),
    ),
    figure(
      'large.stored',
      'the large request: sent → 200, sliced (after)',
      o.spec.name,
      'ms',
      runs.sliced.map((r) => r.largeMs),
      {
        baseline: { label: 'unsliced (before)', median: median(runs.unsliced.map((r) => r.largeMs)), unit: 'ms' },
      },
    ),
    figure(
      'large.stored.unsliced',
      'the large request: sent → 200, unsliced (before)',
      o.spec.name,
      'ms',
      runs.unsliced.map((r) => r.largeMs),
    ),
    figure(
      'large.otherLoad',
      'other processes on the machine during these runs',
      o.spec.name,
      'cores',
      [...runs.sliced, ...runs.unsliced].map((r) => r.otherCores),
      { note: 'of 2; above ~0.5 the receiver competes for its core' },
    ),
  ];
}
