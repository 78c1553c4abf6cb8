// The TUI as a user runs it (`claude-otel-tui` with no command: receiver + dashboard) in a
// pseudo-terminal: time to the first complete frame and RSS, key → frame for the sessions list, idle
// CPU, frame cost while data arrives at 100 requests/s, and receiver ack → the change on screen.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { realisticRequests, sessionsOf, type OtlpRequest } from './dataset.js';
import type { DatasetSpec, Export, Session } from './generate.js';
import { cpuSeconds, cliPath, memoryKiB, postOtlp } from './proc.js';
import { Pty } from './pty.js';
import { figure, median, percentile, sleep, type Figure } from './stats.js';

const probePath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tui-probe.js');
/** A complete frame: the header (with the endpoint) and the footer's key line are both drawn. */
const firstFramePattern = /receiving on http:\/\/127\.0\.0\.1:(\d+)[\s\S]*q quit/;
const sessionsFramePattern = /(\d+) sessions? · sorted by \w+/;

function tuiEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TZ: 'UTC', NO_COLOR: '1', TERM: 'xterm-256color' };
}

function startTui(dbPath: string, withProbe: boolean, probeOut?: string): Pty {
  const probe = withProbe ? `--import ${JSON.stringify(probePath)} ` : '';
  return new Pty(`${JSON.stringify(process.execPath)} ${probe}${JSON.stringify(cliPath)} --port 0 --db ${JSON.stringify(dbPath)}`, { ...tuiEnv(), ...(probeOut ? { BENCH_PROBE_OUT: probeOut } : {}) });
}

/** Bare Node through the same pseudo-terminal: the floor under any first frame. */
async function baselineStartup(): Promise<{ ms: number; rssKiB: number }> {
  const pty = new Pty(`${JSON.stringify(process.execPath)} -e "process.stdout.write('ready\\\\n'); setTimeout(() => {}, 3000)"`, tuiEnv());
  const { atMs } = await pty.next(/ready/, 10_000);
  const pid = await pty.programPid('node');
  const rssKiB = memoryKiB(pid).rss;
  await pty.close(null);
  return { ms: atMs - pty.spawnedAtMs, rssKiB };
}

/** Session `index` of a live stream: a fresh id, moved so it started an hour ago and shows in "24 h". */
function liveSession(spec: DatasetSpec, index: number, nowMs: number): Session {
  const [session] = [...sessionsOf({ ...spec, seed: spec.seed + 1_000 + index, sessions: 1, nowMs }, 0, 1)];
  const s = session!;
  const delta = nowMs - 3_600_000 - s.startMs;
  const move = (e: Export): Export =>
    e.signal === 'logs'
      ? { ...e, atMs: e.atMs + delta, events: e.events.map((x) => ({ ...x, timeMs: x.timeMs + delta, attributes: { ...x.attributes, 'event.timestamp': new Date(x.timeMs + delta).toISOString() } })) }
      : { ...e, atMs: e.atMs + delta, points: e.points.map((p) => ({ ...p, startMs: p.startMs + delta, endMs: p.endMs + delta })) };
  return { ...s, startMs: s.startMs + delta, endMs: s.endMs + delta, hasLogs: true, exports: s.exports.map(move) };
}

export interface TuiOptions {
  label: string;
  dbPath: string;
  spec: DatasetSpec;
  repeats: number;
  idleSeconds: number;
  streamSeconds: number;
  liveSamples: number;
  workDir: string;
  log: (line: string) => void;
}

export async function tuiFigures(o: TuiOptions): Promise<Figure[]> {
  const first: number[] = [];
  const rss: number[] = [];
  const toSessions: number[] = [];
  const base: number[] = [];
  const baseRss: number[] = [];
  for (let i = 0; i < o.repeats; i++) {
    const b = await baselineStartup();
    base.push(b.ms);
    baseRss.push(b.rssKiB / 1024);
    const pty = startTui(o.dbPath, false);
    const frame = await pty.next(firstFramePattern, 60_000);
    const pid = await pty.programPid('node');
    first.push(frame.atMs - pty.spawnedAtMs);
    rss.push(memoryKiB(pid).rss / 1024);
    const keyMs = performance.now();
    pty.send('2');
    const list = await pty.next(sessionsFramePattern, 60_000);
    toSessions.push(list.atMs - keyMs);
    await pty.close('q');
    o.log(`  tui ${o.label} rep ${i + 1}: first frame ${first[i]!.toFixed(0)} ms (bare node ${b.ms.toFixed(0)} ms), RSS ${rss[i]!.toFixed(0)} MiB, sessions view ${toSessions[i]!.toFixed(0)} ms (${list.match[1]} sessions)`);
  }
  const baseline = { label: 'bare node in the same pty', median: median(base), unit: 'ms' };
  const figures = [
    figure(`tui.firstFrame`, 'process start → first complete frame (dashboard)', o.label, 'ms', first, { goal: { op: '≤', value: 300 }, baseline }),
    figure(`tui.rss`, 'RSS at the first frame', o.label, 'MiB', rss, { goal: { op: '≤', value: 150 }, baseline: { label: 'bare node', median: median(baseRss), unit: 'MiB' } }),
    figure(`tui.keyToSessions`, "key '2' → sessions list frame (range 24 h)", o.label, 'ms', toSessions),
  ];
  figures.push(...(await longSession(o)));
  return figures;
}

/** One TUI process: ranges, idle CPU, the 100 req/s stream, and ack → frame. */
async function longSession(o: TuiOptions): Promise<Figure[]> {
  const probeOut = path.join(o.workDir, `probe-${o.label}.json`);
  fs.rmSync(probeOut, { force: true });
  // This session writes (the stream, the live samples): work on a copy so the dataset stays as generated.
  const copy = path.join(o.workDir, `tui-${o.label}.db`);
  removeDb(copy);
  if (fs.existsSync(o.dbPath)) fs.copyFileSync(o.dbPath, copy);
  const pty = startTui(copy, true, probeOut);
  const figures: Figure[] = [];
  try {
    const frame = await pty.next(firstFramePattern, 60_000);
    const url = `http://127.0.0.1:${frame.match[1]!}`;
    const pid = await pty.programPid('node');
    pty.send('2');
    await pty.next(sessionsFramePattern, 60_000);
    // r cycles 24h → 7d → 30d → all → 15m → 1h → 24h; time the two wide ranges, then come back.
    const rangeMs: Record<string, number> = {};
    for (const range of ['7d', '30d', 'all', '15m', '1h', '24h']) {
      const keyMs = performance.now();
      pty.send('r');
      const shown = await pty.next(new RegExp(`range ${range}[\\s\\S]*${sessionsFramePattern.source}`), 120_000);
      rangeMs[range] = shown.atMs - keyMs;
    }
    figures.push(figure('tui.keyToRange7d', "key 'r' → sessions list for 7 d", o.label, 'ms', [rangeMs['7d']!]));
    figures.push(figure('tui.keyToRange30d', "key 'r' → sessions list for 30 d", o.label, 'ms', [rangeMs['30d']!]));
    o.log(`  tui ${o.label}: key → range frame ${Object.entries(rangeMs).map(([k, v]) => `${k} ${v.toFixed(0)} ms`).join(', ')}`);

    await sleep(1_000);
    const cpu0 = cpuSeconds(pid);
    const idleStartMs = performance.now();
    await sleep(o.idleSeconds * 1000);
    const idle = ((cpuSeconds(pid) - cpu0) / ((performance.now() - idleStartMs) / 1000)) * 100;
    figures.push(figure('tui.idleCpu', `idle CPU over ${o.idleSeconds} s (sessions view, 24 h)`, o.label, '% of a core', [idle], { goal: { op: '≤', value: 1 }, note: 'one window; /proc ticks are 10 ms' }));
    o.log(`  tui ${o.label}: idle CPU ${idle.toFixed(2)} % over ${o.idleSeconds} s`);

    figures.push(...(await stream(o, pty, pid, url, probeOut)));
    figures.push(...(await liveLatency(o, pty, url)));
    figures.push(figure('tui.peakRss', 'peak RSS (VmHWM) over the whole session', o.label, 'MiB', [memoryKiB(pid).hwm / 1024]));
  } finally {
    await pty.close('q');
    removeDb(copy);
  }
  return figures;
}

function removeDb(file: string): void {
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });
}

async function stream(o: TuiOptions, pty: Pty, pid: number, url: string, probeOut: string): Promise<Figure[]> {
  const rate = 100;
  const requests: OtlpRequest[] = [];
  for (let i = 0; requests.length < rate * o.streamSeconds; i++) requests.push(...realisticRequests(liveSession(o.spec, i, Date.now())));
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const latencies: number[] = [];
  process.kill(pid, 'SIGUSR2');
  await sleep(50);
  const cpu0 = cpuSeconds(pid);
  const startMs = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let sent = 0; sent < rate * o.streamSeconds; ) {
    const due = Math.min(rate * o.streamSeconds, Math.floor(((performance.now() - startMs) / 1000) * rate) + 1);
    for (; sent < due; sent++) {
      const scheduledMs = startMs + (sent / rate) * 1000;
      inFlight.push(postOtlp(agent, url, requests[sent]!).then(() => void latencies.push(performance.now() - scheduledMs)));
    }
    await sleep(2);
  }
  await Promise.all(inFlight);
  const seconds = (performance.now() - startMs) / 1000;
  const cpu = ((cpuSeconds(pid) - cpu0) / seconds) * 100;
  process.kill(pid, 'SIGUSR2');
  agent.destroy();
  await waitForFile(probeOut);
  const probe = JSON.parse(fs.readFileSync(probeOut, 'utf8')) as { frameTaskMs: number[]; writes: number; loopDelayMs: { p50: number; p99: number; max: number } };
  o.log(`  tui ${o.label}: at ${rate} req/s: ${probe.writes} writes, frame task p50 ${percentile(probe.frameTaskMs, 50).toFixed(1)} ms p99 ${percentile(probe.frameTaskMs, 99).toFixed(1)} ms, loop delay max ${probe.loopDelayMs.max.toFixed(0)} ms, CPU ${cpu.toFixed(0)} %, ack p99 ${percentile(latencies, 99).toFixed(1)} ms`);
  const label = `while ${rate} req/s arrive for ${o.streamSeconds} s (sessions view, 24 h)`;
  return [
    figure('tui.stream.frameTask', `frame time (timer task start → frame written) ${label}`, o.label, 'ms', probe.frameTaskMs, { note: `${probe.frameTaskMs.length} frames; median and min–max over frames` }),
    figure('tui.stream.frameTaskP99', `frame time p99 ${label}`, o.label, 'ms', [percentile(probe.frameTaskMs, 99)]),
    figure('tui.stream.loopDelayMax', `event-loop delay max ${label}`, o.label, 'ms', [probe.loopDelayMs.max], { note: `p99 ${probe.loopDelayMs.p99.toFixed(1)} ms` }),
    figure('tui.stream.cpu', `TUI process CPU ${label}`, o.label, '% of a core', [cpu]),
    figure('tui.stream.ackP99', `ack latency p99 ${label} (receiver shares the TUI's event loop)`, o.label, 'ms', [percentile(latencies, 99)], { note: `p50 ${percentile(latencies, 50).toFixed(1)} ms` }),
  ];
}

async function liveLatency(o: TuiOptions, pty: Pty, url: string): Promise<Figure[]> {
  const agent = new http.Agent({ keepAlive: true });
  const samples: number[] = [];
  await sleep(500);
  for (let i = 0; i < o.liveSamples; i++) {
    const count = Number(pty.lastMatch(sessionsFramePattern)?.[1] ?? Number.NaN);
    const [first] = realisticRequests(liveSession(o.spec, 10_000 + i, Date.now()));
    const shown = pty.next(new RegExp(`\\b${count + 1} sessions? · sorted`), 60_000);
    const status = await postOtlp(agent, url, first!);
    const ackMs = performance.now();
    if (status !== 200) throw new Error(`the TUI's receiver answered ${status}`);
    samples.push((await shown).atMs - ackMs);
    // Past the change feed's 100 ms window, so each sample starts from an idle TUI.
    await sleep(300);
  }
  agent.destroy();
  o.log(`  tui ${o.label}: ack → frame ${samples.map((s) => s.toFixed(0)).join(', ')} ms`);
  return [figure('tui.ackToFrame', 'receiver ack → the new session on screen (sessions view, 24 h)', o.label, 'ms', samples, { goal: { op: '≤', value: 250 } })];
}

async function waitForFile(file: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!fs.existsSync(file) && performance.now() < deadline) await sleep(20);
}
