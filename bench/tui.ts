// The TUI as a user runs it (`claude-otel-tui` with no command: receiver + dashboard) in a
// pseudo-terminal: time to the first complete frame (against bare Node in the same pty) and RSS,
// key → frame for the sessions list, idle CPU (and the frames and queries of an idle minute), frame
// cost and ack latency while data arrives at 100 requests/s (against `serve` alone on a copy of the
// same database at the same rate), and receiver ack → the change on screen.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { realisticRequests, sessionsOf, type OtlpRequest } from './dataset.js';
import type { DatasetSpec, Export, Session } from './generate.js';
import { openLoop } from './open-loop.js';
import { cpuSeconds, cliPath, memoryKiB, postOtlp, startServe } from './proc.js';
import { Pty } from './pty.js';
import { figure, median, percentile, sleep, type Figure } from './stats.js';

const probePath = path.join(path.dirname(fileURLToPath(import.meta.url)), 'tui-probe.js');
/** A complete frame: the header (with the endpoint) and the footer's key line are both drawn. */
const firstFramePattern = /receiving on http:\/\/127\.0\.0\.1:(\d+)[\s\S]*q quit/;
const sessionsFramePattern = /(\d+) sessions? · sorted by \w+/;

/** An empty Claude config folder: the receiving process's transcript scans find nothing of this machine's own. */
let claudeConfigDir: string | undefined;

function tuiEnv(): NodeJS.ProcessEnv {
  return { ...process.env, TZ: 'UTC', NO_COLOR: '1', TERM: 'xterm-256color', ...(claudeConfigDir === undefined ? {} : { CLAUDE_CONFIG_DIR: claudeConfigDir }) };
}

function startTui(dbPath: string, withProbe: boolean, probeOut?: string): Pty {
  const probe = withProbe ? `--import ${JSON.stringify(probePath)} ` : '';
  return new Pty(`${JSON.stringify(process.execPath)} ${probe}${JSON.stringify(cliPath)} --port 0 --db ${JSON.stringify(dbPath)}`, {
    ...tuiEnv(),
    ...(probeOut ? { BENCH_PROBE_OUT: probeOut } : {}),
  });
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
      ? {
          ...e,
          atMs: e.atMs + delta,
          events: e.events.map((x) => ({
            ...x,
            timeMs: x.timeMs + delta,
            attributes: { ...x.attributes, 'event.timestamp': new Date(x.timeMs + delta).toISOString() },
          })),
        }
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
  claudeConfigDir = path.join(o.workDir, 'empty-claude-config');
  fs.mkdirSync(path.join(claudeConfigDir, 'projects'), { recursive: true });
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
    o.log(
      `  tui ${o.label} rep ${i + 1}: first frame ${first[i]!.toFixed(0)} ms (bare node ${b.ms.toFixed(0)} ms), RSS ${rss[i]!.toFixed(0)} MiB, sessions view ${toSessions[i]!.toFixed(0)} ms (${list.match[1]} sessions)`,
    );
  }
  const figures = [
    figure(`tui.firstFrame`, 'process start → first complete frame (dashboard)', o.label, 'ms', first, {
      goal: { op: '≤', value: 3 },
      ratioTo: { label: 'bare node in the same pty (paired per run)', samples: base, unit: 'ms' },
    }),
    // Memory does not move with a machine's speed: an absolute target.
    figure(`tui.rss`, 'RSS at the first frame', o.label, 'MiB', rss, {
      goal: { op: '≤', value: 150 },
      baseline: { label: 'bare node', median: median(baseRss), unit: 'MiB' },
    }),
    figure(`tui.keyToSessions`, "key '2' → sessions list frame (range 24 h)", o.label, 'ms', toSessions),
  ];
  figures.push(...(await longSession(o)));
  return figures;
}

const idleSettleSeconds = 20;

/** One TUI process: ranges, an idle minute, the 100 req/s stream (and `serve` alone at the same rate), and ack → frame. */
async function longSession(o: TuiOptions): Promise<Figure[]> {
  const probeOut = path.join(o.workDir, `probe-${o.label}.json`);
  fs.rmSync(probeOut, { force: true });
  // This session writes (the stream, the live samples): work on copies so the dataset stays as generated.
  const copy = path.join(o.workDir, `tui-${o.label}.db`);
  const serveCopy = path.join(o.workDir, `serve-${o.label}.db`);
  for (const file of [copy, serveCopy]) {
    removeDb(file);
    if (fs.existsSync(o.dbPath)) fs.copyFileSync(o.dbPath, file);
  }
  const rate = 100;
  // The same requests for `serve` alone and for the TUI, each on its own copy.
  const requests: OtlpRequest[] = [];
  for (let i = 0; requests.length < rate * (o.streamSeconds + 1); i++) requests.push(...realisticRequests(liveSession(o.spec, i, Date.now())));
  const alone = await serveAlone(serveCopy, requests, rate, o.streamSeconds);
  removeDb(serveCopy);
  o.log(`  serve alone ${o.label}: at ${rate} req/s ack p99 ${percentile(alone.latenciesMs, 99).toFixed(1)} ms, CPU ${alone.cpu.toFixed(0)} %`);

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
    o.log(
      `  tui ${o.label}: key → range frame ${Object.entries(rangeMs)
        .map(([k, v]) => `${k} ${v.toFixed(0)} ms`)
        .join(', ')}`,
    );

    // Idle is what a dashboard left open in a pane does: the window starts once the collector has
    // finished the last keys' garbage (V8 runs its memory reducer for several seconds after a burst of
    // reads: ~0.5 % of a core in the first 20 s after the range keys, ~0.02 % after), so it counts
    // the receiver's and the views' own wake-ups.
    await sleep(idleSettleSeconds * 1000);
    figures.push(...(await idle(o, pid, probeOut)));
    figures.push(...(await stream(o, pid, url, probeOut, requests, rate, alone.latenciesMs)));
    figures.push(...(await liveLatency(o, pty, url, rangeMs['24h']!)));
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

interface ProbeWindow {
  frameTaskMs: number[];
  writes: number;
  statements: number;
  loopDelayMs: { p50: number; p99: number; max: number } | null;
}

/** Runs `work` inside one probe window (SIGUSR2 … SIGUSR2) and returns what the probe saw. */
async function probed<T>(pid: number, probeOut: string, isIdle: boolean, work: () => Promise<T>): Promise<{ value: T; probe: ProbeWindow }> {
  fs.rmSync(probeOut, { force: true });
  if (isIdle) fs.writeFileSync(`${probeOut}.idle`, '');
  process.kill(pid, 'SIGUSR2');
  await sleep(50);
  fs.rmSync(`${probeOut}.idle`, { force: true });
  const value = await work();
  process.kill(pid, 'SIGUSR2');
  await waitForFile(probeOut);
  return { value, probe: JSON.parse(fs.readFileSync(probeOut, 'utf8')) as ProbeWindow };
}

/** Nothing arrives: CPU, and how many frames and main-thread queries the TUI made meanwhile. */
async function idle(o: TuiOptions, pid: number, probeOut: string): Promise<Figure[]> {
  const { value: cpu, probe } = await probed(pid, probeOut, true, async () => {
    const cpu0 = cpuSeconds(pid);
    const startMs = performance.now();
    await sleep(o.idleSeconds * 1000);
    return ((cpuSeconds(pid) - cpu0) / ((performance.now() - startMs) / 1000)) * 100;
  });
  o.log(
    `  tui ${o.label}: idle CPU ${cpu.toFixed(2)} % over ${o.idleSeconds} s; ${probe.writes} writes to the terminal, ${probe.statements} SQLite statements on the main thread`,
  );
  const over = `over ${o.idleSeconds} s, from ${idleSettleSeconds} s after the last key (sessions view, 24 h)`;
  return [
    // % of a core: a slower machine moves it, but an idle process should do (almost) nothing on any.
    figure('tui.idleCpu', `idle CPU ${over}`, o.label, '% of a core', [cpu], { goal: { op: '≤', value: 0.2 }, note: 'one window; /proc ticks are 10 ms' }),
    figure('tui.idleFrames', `frames written while idle ${over}`, o.label, 'frames', [probe.writes], {
      note: 'a clock tick that changes no text draws nothing',
    }),
    figure('tui.idleStatements', `SQLite statements run by the views while idle ${over}`, o.label, 'statements', [probe.statements], {
      note: 'time-windowed reads (24 h, burn rate) may re-run at the minute',
    }),
  ];
}

interface AloneResult {
  latenciesMs: number[];
  cpu: number;
}

/** `serve` alone on a copy of the same database, the same requests at the same rate: the TUI's baseline. */
async function serveAlone(dbPath: string, requests: readonly OtlpRequest[], rate: number, seconds: number): Promise<AloneResult> {
  const server = await startServe(dbPath);
  try {
    const pid = server.child.pid!;
    let cpu0 = 0;
    const run = await openLoop(server.url, requests, rate, seconds, () => (cpu0 = cpuSeconds(pid)));
    return { latenciesMs: run.latenciesMs, cpu: ((cpuSeconds(pid) - cpu0) / ((run.toMs - run.fromMs) / 1000)) * 100 };
  } finally {
    await server.stop();
  }
}

async function stream(
  o: TuiOptions,
  pid: number,
  url: string,
  probeOut: string,
  requests: readonly OtlpRequest[],
  rate: number,
  aloneMs: readonly number[],
): Promise<Figure[]> {
  let cpu0 = 0;
  const { value: run, probe } = await probed(pid, probeOut, false, () => openLoop(url, requests, rate, o.streamSeconds, () => (cpu0 = cpuSeconds(pid))));
  const cpu = ((cpuSeconds(pid) - cpu0) / ((run.toMs - run.fromMs) / 1000)) * 100;
  const latencies = run.latenciesMs;
  const delay = probe.loopDelayMs!;
  o.log(
    `  tui ${o.label}: at ${rate} req/s: ${probe.writes} writes, ${probe.statements} statements, frame task p50 ${percentile(probe.frameTaskMs, 50).toFixed(1)} ms p99 ${percentile(probe.frameTaskMs, 99).toFixed(1)} ms, loop delay max ${delay.max.toFixed(0)} ms, CPU ${cpu.toFixed(0)} %, ack p99 ${percentile(latencies, 99).toFixed(1)} ms (serve alone ${percentile(aloneMs, 99).toFixed(1)} ms)`,
  );
  const label = `while ${rate} req/s arrive for ${o.streamSeconds} s (sessions view, 24 h)`;
  return [
    figure(
      'tui.stream.frameTask',
      `frame time (timer task start → frame written) ${label}`,
      o.label,
      'ms',
      probe.frameTaskMs.length > 0 ? probe.frameTaskMs : [Number.NaN],
      { note: `${probe.frameTaskMs.length} frames; median and min–max over frames` },
    ),
    figure('tui.stream.frameTaskP99', `frame time p99 ${label}`, o.label, 'ms', [percentile(probe.frameTaskMs, 99)]),
    figure('tui.stream.frames', `frames written ${label}`, o.label, 'frames', [probe.writes], {
      note: `${probe.statements} SQLite statements on the main thread`,
    }),
    figure('tui.stream.loopDelayMax', `event-loop delay max (main thread) ${label}`, o.label, 'ms', [delay.max], { note: `p99 ${delay.p99.toFixed(1)} ms` }),
    figure('tui.stream.cpu', `TUI process CPU ${label}`, o.label, '% of a core', [cpu]),
    figure('tui.stream.ackP99', `ack latency p99 ${label}`, o.label, 'ms', [percentile(latencies, 99)], {
      goal: { op: '≤', value: 2 },
      ratioTo: { label: '`serve` alone, same requests and rate, on a copy of the same database', samples: [percentile(aloneMs, 99)], unit: 'ms' },
      note: `p50 ${percentile(latencies, 50).toFixed(1)} ms (serve alone ${percentile(aloneMs, 50).toFixed(1)} ms)`,
    }),
  ];
}

async function liveLatency(o: TuiOptions, pty: Pty, url: string, keyToFrameMs: number): Promise<Figure[]> {
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
    // Past the views' coalescing window (250 ms), so each sample starts from an idle TUI.
    await sleep(500);
  }
  agent.destroy();
  o.log(`  tui ${o.label}: ack → frame ${samples.map((s) => s.toFixed(0)).join(', ')} ms (key → the same view's frame ${keyToFrameMs.toFixed(0)} ms)`);
  return [
    figure('tui.ackToFrame', 'receiver ack → the new session on screen (sessions view, 24 h)', o.label, 'ms', samples, {
      goal: { op: '≤', value: 3 },
      ratioTo: { label: "key 'r' → the same view's frame (re-read and draw), same process", samples: [keyToFrameMs], unit: 'ms' },
    }),
  ];
}

async function waitForFile(file: string): Promise<void> {
  const deadline = performance.now() + 10_000;
  while (!fs.existsSync(file) && performance.now() < deadline) await sleep(20);
}
