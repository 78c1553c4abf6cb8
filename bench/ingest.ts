// Ingest: records per second through the real receiver (a `serve` process, several concurrent
// clients, exporter-sized batches, 200 only after commit) against the floor: the same decode,
// normalize and SQLite writes in one process with no HTTP. Then ack latency at a fixed request rate.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { decodeProtobuf } from '../src/otlp/decode-protobuf.js';
import { ingest } from '../src/receiver/ingest.js';
import { openDatabase } from '../src/store/open.js';
import { createWriter } from '../src/store/write.js';
import { realisticRequestsOf, type OtlpRequest } from './dataset.js';
import type { DatasetSpec } from './generate.js';
import { cpuSeconds, machineBusySeconds, postOtlp, startNullReceiver, startServe } from './proc.js';
import { figure, median, percentile, sleep, type Figure } from './stats.js';
import { getRoot } from './open-loop.js';

function freshDb(dir: string, name: string): string {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
  return file;
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

/** Floor: one process, one IMMEDIATE transaction per request, synchronous=FULL as the store opens it. */
export function floorRun(dir: string, requests: readonly OtlpRequest[]): { recordsPerSecond: number } {
  const file = freshDb(dir, 'floor');
  const db = openDatabase(file);
  const writer = createWriter(db);
  let records = 0;
  const startMs = performance.now();
  for (const r of requests) {
    ingest(writer, r.signal, 'protobuf', r.body, Date.now());
    records += r.records;
  }
  const seconds = (performance.now() - startMs) / 1000;
  db.close();
  removeDb(file);
  return { recordsPerSecond: records / seconds };
}

/**
 * The physical floor: the same protobuf decode, then one INSERT per record (its time, and a log
 * record's body or a point's value) into a table with no index but its rowid, one transaction per
 * request, WAL and synchronous=FULL as the store opens its file. No normalizing, no typed columns, no
 * natural keys, no rollups: what appending these records costs at least, on this machine, in this run.
 */
export function rawAppendRun(dir: string, requests: readonly OtlpRequest[]): { recordsPerSecond: number } {
  const file = freshDb(dir, 'raw-append');
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec('CREATE TABLE records (time_ns TEXT, value)');
  const insert = db.prepare('INSERT INTO records (time_ns, value) VALUES (?, ?)');
  const append = db.transaction((r: OtlpRequest): number => {
    let n = 0;
    if (r.signal === 'logs') {
      for (const rl of decodeProtobuf('logs', r.body).resourceLogs)
        for (const sl of rl.scopeLogs)
          for (const record of sl.logRecords) n += insert.run(record.timeUnixNano, typeof record.body === 'string' ? record.body : null).changes;
    } else {
      for (const rm of decodeProtobuf('metrics', r.body).resourceMetrics)
        for (const sm of rm.scopeMetrics)
          for (const metric of sm.metrics) for (const point of metric.dataPoints) n += insert.run(point.timeUnixNano, point.value).changes;
    }
    return n;
  });
  let records = 0;
  const startMs = performance.now();
  for (const r of requests) records += append.immediate(r);
  const seconds = (performance.now() - startMs) / 1000;
  db.close();
  removeDb(file);
  const expected = requests.reduce((n, r) => n + r.records, 0);
  if (records !== expected) throw new Error(`raw append stored ${records} records of ${expected}`);
  return { recordsPerSecond: records / seconds };
}

/** Closed loop: `clients` concurrent keep-alive connections, each sending its next request on the last ack. */
export async function receiverRun(
  dir: string,
  requests: readonly OtlpRequest[],
  clients: number,
): Promise<{ recordsPerSecond: number; requestsPerSecond: number; latenciesMs: number[]; serverCpu: number }> {
  const file = freshDb(dir, 'receiver');
  const server = await startServe(file);
  const agent = new http.Agent({ keepAlive: true, maxSockets: clients });
  const latenciesMs: number[] = [];
  let next = 0;
  let records = 0;
  const cpu0 = cpuSeconds(server.child.pid!);
  const startMs = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const r = requests[i]!;
        const t = performance.now();
        const status = await postOtlp(agent, server.url, r);
        if (status !== 200) throw new Error(`receiver answered ${status} to ${r.path}`);
        latenciesMs.push(performance.now() - t);
        records += r.records;
      }
    }),
  );
  const seconds = (performance.now() - startMs) / 1000;
  const serverCpu = (cpuSeconds(server.child.pid!) - cpu0) / seconds;
  agent.destroy();
  await server.stop();
  removeDb(file);
  return { recordsPerSecond: records / seconds, requestsPerSecond: requests.length / seconds, latenciesMs, serverCpu };
}

/**
 * Open loop at `ratePerSecond` for `seconds`: each request is sent when its time comes, whether or not
 * earlier ones were answered, and its latency counts from that time (no coordinated omission).
 */
export async function rateRun(
  dir: string,
  requests: readonly OtlpRequest[],
  ratePerSecond: number,
  seconds: number,
  isNull = false,
): Promise<{ latenciesMs: number[]; achievedPerSecond: number; serverCpu: number; otherCores: number }> {
  const file = freshDb(dir, 'rate');
  const server = isNull ? await startNullReceiver() : await startServe(file);
  // Exporters hold persistent connections: open the pool first, so no TCP connect (and no SYN
  // retransmit, which loopback shows under bursts) lands inside the measurement.
  // FIFO keeps every pooled connection in use, so none idles past the server's keep-alive timeout.
  const connections = 64;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections, scheduling: 'fifo' });
  await Promise.all(Array.from({ length: connections }, () => getRoot(agent, server.url)));
  // The first second warms up connections and the JIT; it is sent at the same rate but not counted.
  const warmup = ratePerSecond;
  const total = Math.min(requests.length, Math.round(ratePerSecond * seconds) + warmup);
  if (total < Math.round(ratePerSecond * seconds) + warmup)
    throw new Error(`${requests.length} requests are too few for ${seconds} s at ${ratePerSecond} req/s`);
  const latenciesMs: number[] = [];
  const failures: string[] = [];
  const inFlight: Promise<void>[] = [];
  const cpu0 = cpuSeconds(server.child.pid!);
  const startMs = performance.now();
  let sent = 0;
  let measuredFromMs = startMs;
  let cpuAtWarm = cpu0;
  let machineAtWarm = machineBusySeconds();
  let selfAtWarm = process.cpuUsage();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - startMs) / 1000) * ratePerSecond) + 1);
    for (; sent < due; sent++) {
      if (sent === warmup) {
        measuredFromMs = performance.now();
        cpuAtWarm = cpuSeconds(server.child.pid!);
        machineAtWarm = machineBusySeconds();
        selfAtWarm = process.cpuUsage();
      }
      const scheduledMs = startMs + (sent / ratePerSecond) * 1000;
      const r = requests[sent]!;
      const index = sent;
      inFlight.push(
        postOtlp(agent, server.url, r).then(
          (status) => {
            if (status !== 200) failures.push(`${r.path}: ${status}`);
            else if (index >= warmup) latenciesMs.push(performance.now() - scheduledMs);
          },
          (error: unknown) => void failures.push(String(error)),
        ),
      );
    }
    await sleep(1);
  }
  await Promise.all(inFlight);
  if (failures.length > 0) throw new Error(`${failures.length} requests failed at ${ratePerSecond} req/s, first: ${failures[0]}`);
  const elapsed = (performance.now() - measuredFromMs) / 1000;
  const serverCpu = (cpuSeconds(server.child.pid!) - cpuAtWarm) / elapsed;
  const self = process.cpuUsage(selfAtWarm);
  // What else the machine ran meanwhile (other processes, in cores): a busy neighbour explains a bad run.
  const otherCores = (machineBusySeconds() - machineAtWarm) / elapsed - serverCpu - (self.user + self.system) / 1e6 / elapsed;
  agent.destroy();
  await server.stop();
  removeDb(file);
  return { latenciesMs, achievedPerSecond: (total - warmup) / elapsed, serverCpu, otherCores };
}

/** The open-loop rate, as a share of the floor's requests per second with the same requests. */
const rateShareOfFloor = 0.25;

export interface IngestOptions {
  dir: string;
  size: string;
  batched: readonly OtlpRequest[];
  /** At least `count` Claude Code-sized requests, for the open-loop rate run. */
  realistic: (count: number) => readonly OtlpRequest[];
  repeats: number;
  clients: number;
  rateSeconds: number;
  log: (line: string) => void;
}

export async function ingestFigures(o: IngestOptions): Promise<Figure[]> {
  const raw: number[] = [];
  const floor: number[] = [];
  const receiver: number[] = [];
  const ratios: number[] = [];
  const ofRaw: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  const cpu: number[] = [];
  // Alternate floor and receiver so both see the same machine, and pair them rep by rep.
  for (let i = 0; i < o.repeats; i++) {
    const a = rawAppendRun(o.dir, o.batched);
    const f = floorRun(o.dir, o.batched);
    const r = await receiverRun(o.dir, o.batched, o.clients);
    raw.push(a.recordsPerSecond);
    ofRaw.push(f.recordsPerSecond / a.recordsPerSecond);
    floor.push(f.recordsPerSecond);
    receiver.push(r.recordsPerSecond);
    ratios.push(r.recordsPerSecond / f.recordsPerSecond);
    p50.push(percentile(r.latenciesMs, 50));
    p99.push(percentile(r.latenciesMs, 99));
    cpu.push(r.serverCpu * 100);
    o.log(
      `  ingest rep ${i + 1}: raw append ${Math.round(a.recordsPerSecond)}/s, floor ${Math.round(f.recordsPerSecond)}/s (${(ofRaw[i]! * 100).toFixed(0)} % of raw), receiver ${Math.round(r.recordsPerSecond)}/s (${(ratios[i]! * 100).toFixed(0)} %)`,
    );
  }
  const records = o.batched.reduce((n, r) => n + r.records, 0);
  const figures: Figure[] = [
    figure(
      'ingest.rawAppend',
      `raw append floor: decode + one INSERT per record, no index, 1 process, ${o.batched.length} req × ≤512 records`,
      o.size,
      'records/s',
      raw,
    ),
    figure('ingest.floor', `floor: decode+normalize+insert, 1 process, ${o.batched.length} req × ≤512 records`, o.size, 'records/s', floor, {
      note: `${records} records per run`,
    }),
    figure(
      'ingest.floorOfRaw',
      'write path (floor) ÷ raw append floor (paired per run)',
      o.size,
      '%',
      ofRaw.map((x) => x * 100),
      { goal: { op: '≥', value: 25 } },
    ),
    figure('ingest.receiver', `receiver (serve), ${o.clients} concurrent clients, 512-record batches`, o.size, 'records/s', receiver),
    figure(
      'ingest.ratio',
      'receiver ÷ floor (paired per run)',
      o.size,
      '%',
      ratios.map((x) => x * 100),
      { goal: { op: '≥', value: 50 } },
    ),
    figure('ingest.saturated.p50', 'ack latency p50, saturated (512-record batches)', o.size, 'ms', p50),
    figure('ingest.saturated.p99', 'ack latency p99, saturated (512-record batches)', o.size, 'ms', p99),
    figure('ingest.saturated.cpu', 'receiver CPU while saturated', o.size, '% of a core', cpu),
  ];

  // The rate is a share of what this machine's floor does with the same requests, so the run means
  // the same on a fast and a slow machine (a fixed 1,000/s saturates a slow one). A quarter of the
  // floor was about 1,000/s on the 2-core machine the README's figures come from.
  const probe = o.realistic(2_000).slice(0, 2_000);
  const floorPerSecond = floorRun(o.dir, probe).recordsPerSecond / (probe.reduce((n, r) => n + r.records, 0) / probe.length);
  const rate = Math.max(50, Math.round((floorPerSecond * rateShareOfFloor) / 50) * 50);
  const realistic = o.realistic(rate * (o.rateSeconds + 1));
  o.log(`  rate: the floor stores ${Math.round(floorPerSecond)} of these requests/s; open loop at ${rate} req/s`);
  const rateP50: number[] = [];
  const rateP99: number[] = [];
  const rateMax: number[] = [];
  const achieved: number[] = [];
  const rateCpu: number[] = [];
  const nullP99: number[] = [];
  const other: number[] = [];
  for (let i = 0; i < o.repeats; i++) {
    const n = await rateRun(o.dir, realistic, rate, o.rateSeconds, true);
    nullP99.push(percentile(n.latenciesMs, 99));
    const r = await rateRun(o.dir, realistic, rate, o.rateSeconds);
    rateP50.push(percentile(r.latenciesMs, 50));
    rateP99.push(percentile(r.latenciesMs, 99));
    rateMax.push(Math.max(...r.latenciesMs));
    achieved.push(r.achievedPerSecond);
    rateCpu.push(r.serverCpu * 100);
    other.push(r.otherCores);
    o.log(
      `  rate rep ${i + 1}: ${Math.round(r.achievedPerSecond)} req/s, ack p50 ${percentile(r.latenciesMs, 50).toFixed(1)} ms, p99 ${percentile(r.latenciesMs, 99).toFixed(1)} ms (null server p99 ${nullP99[i]!.toFixed(1)} ms; other processes used ${r.otherCores.toFixed(2)} cores)`,
    );
  }
  const perRequest = median(realistic.slice(0, rate * (o.rateSeconds + 1)).map((r) => r.records));
  figures.push(
    figure(
      'ingest.rate.achieved',
      `open loop at ${rate} req/s for ${o.rateSeconds} s after 1 s warm-up (Claude Code-sized requests, median ${perRequest} records)`,
      o.size,
      'req/s',
      achieved,
    ),
    figure('ingest.rate.p50', `ack latency p50 at ${rate} req/s`, o.size, 'ms', rateP50),
    figure('ingest.rate.p99', `ack latency p99 at ${rate} req/s (a quarter of the floor)`, o.size, 'ms', rateP99, {
      goal: { op: '≤', value: 10 },
      ratioTo: { label: 'p99 of a do-nothing HTTP server at the same rate (paired per run)', samples: nullP99, unit: 'ms' },
    }),
    figure('ingest.rate.nullP99', `baseline: do-nothing HTTP server, ack p99 at ${rate} req/s`, o.size, 'ms', nullP99),
    figure('ingest.rate.max', `ack latency max at ${rate} req/s`, o.size, 'ms', rateMax),
    figure('ingest.rate.cpu', `receiver CPU at ${rate} req/s`, o.size, '% of a core', rateCpu),
    figure('ingest.rate.otherLoad', `other processes on the machine during the ${rate} req/s runs`, o.size, 'cores', other, {
      note: 'of 2; above ~0.5 the receiver competes for its core',
    }),
  );
  return figures;
}

export interface SmallRequestOptions {
  dir: string;
  spec: DatasetSpec;
  repeats: number;
  log: (line: string) => void;
}

/**
 * Claude Code-sized requests (one 5 s log batch or one metrics export each, a dozen records) from 8
 * clients at once, each sending its next on the last answer: what many agents exporting to one
 * receiver look like. Each request is small, so what it costs beyond its own records (a transaction,
 * an fsync, the rollups' fixed work) is what this measures; requests that arrive together share them.
 */
export async function smallRequestFigures(o: SmallRequestOptions): Promise<Figure[]> {
  const clients = 8;
  const count = 3000;
  let sessions = 0;
  let requests: OtlpRequest[] = [];
  while (requests.length < count) requests = realisticRequestsOf(o.spec, 0, (sessions += 50)).requests;
  requests = requests.slice(0, count);
  const perSecond: number[] = [];
  const p50: number[] = [];
  const p99: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < o.repeats; i++) {
    const r = await receiverRun(o.dir, requests, clients);
    perSecond.push(r.requestsPerSecond);
    p50.push(percentile(r.latenciesMs, 50));
    p99.push(percentile(r.latenciesMs, 99));
    cpu.push(r.serverCpu * 100);
    o.log(
      `  small requests rep ${i + 1}: ${Math.round(r.requestsPerSecond)} req/s from ${clients} clients, ack p50 ${p50[i]!.toFixed(1)} ms, p99 ${p99[i]!.toFixed(1)} ms, receiver CPU ${cpu[i]!.toFixed(0)} %`,
    );
  }
  const perRequest = median(requests.map((r) => r.records));
  return [
    figure(
      'ingest.small.throughput',
      `receiver (serve), ${clients} concurrent clients, Claude Code-sized requests (median ${perRequest} records)`,
      o.spec.name,
      'req/s',
      perSecond,
      { note: `${count} requests per run` },
    ),
    figure('ingest.small.p50', `ack latency p50, ${clients} clients of Claude Code-sized requests`, o.spec.name, 'ms', p50),
    figure('ingest.small.p99', `ack latency p99, ${clients} clients of Claude Code-sized requests`, o.spec.name, 'ms', p99),
    figure('ingest.small.cpu', `receiver CPU, ${clients} clients of Claude Code-sized requests`, o.spec.name, '% of a core', cpu),
  ];
}
