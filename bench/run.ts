// `npm run bench`: builds (or reuses) the generated databases, measures ingest, queries, the TUI and
// the ccusage peer, prints a table and writes bench/results/latest.json.
// BENCH_SIZES=small for a quick run (1k sessions / 100k events); the default adds 10k / 1M.
// BENCH_REPEATS (default 5), BENCH_DATA_DIR (default bench/.data), BENCH_REBUILD=1, BENCH_SKIP=ingest,large,tui,peer,queries.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildDatabase, type BuiltDatabase } from './build-db.js';
import { batchedRequests, emptyStats, realisticRequestsOf } from './dataset.js';
import type { DatasetSpec } from './generate.js';
import { ingestFigures, smallRequestFigures } from './ingest.js';
import { largeRequestFigures } from './large-request.js';
import { peerFigures } from './peer-ccusage.js';
import { cliPath, repoRoot } from './proc.js';
import { queryFigures, type QueryPlan } from './queries.js';
import { renderBaselines, renderTable } from './report.js';
import type { Figure } from './stats.js';
import { tuiFigures } from './tui.js';

const sizeSpecs = {
  small: { sessions: 1_000, targetEvents: 100_000 },
  large: { sessions: 10_000, targetEvents: 1_000_000 },
} as const;
type SizeName = keyof typeof sizeSpecs;

function log(line: string): void {
  process.stderr.write(`${line}\n`);
}

function sizesFromEnv(): SizeName[] {
  const raw = (process.env['BENCH_SIZES'] ?? 'full').trim();
  if (raw === 'full' || raw === '') return ['small', 'large'];
  const names = raw.split(',').map((s) => s.trim());
  for (const n of names) if (!(n in sizeSpecs)) throw new Error(`BENCH_SIZES: unknown size "${n}"; use small, large or full`);
  return names as SizeName[];
}

async function main(): Promise<void> {
  if (!fs.existsSync(cliPath)) throw new Error(`${cliPath} is missing; run npm run bench (it compiles the CLI with the bench)`);
  const sizes = sizesFromEnv();
  const isQuick = !sizes.includes('large');
  const repeats = Number(process.env['BENCH_REPEATS'] ?? 5);
  const skip = new Set((process.env['BENCH_SKIP'] ?? '').split(',').map((s) => s.trim()));
  const dataDir = path.resolve(process.env['BENCH_DATA_DIR'] ?? path.join(repoRoot, 'bench', '.data'));
  const workDir = path.join(dataDir, 'work');
  fs.mkdirSync(workDir, { recursive: true });
  const startedMs = performance.now();
  const nowMs = Math.floor(Date.now() / 60_000) * 60_000;
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? '',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    loadAverageAtStart: os.loadavg(),
  };
  log(
    `claude-otel-tui bench: sizes ${sizes.join(', ')}, ${repeats} repeats; ${machine.cpus} CPUs, load ${machine.loadAverageAtStart.map((l) => l.toFixed(2)).join(' ')}`,
  );

  const built = new Map<SizeName, BuiltDatabase>();
  const specOf = (name: SizeName): DatasetSpec => ({ name, ...sizeSpecs[name], nowMs, seed: 1 });
  // The ingest and large-request sections generate their own requests; the others read the databases.
  const needsDatabases = ['queries', 'tui', 'peer'].some((s) => !skip.has(s));
  for (const name of needsDatabases ? sizes : []) {
    const spec = specOf(name);
    log(`dataset ${name}: ${spec.sessions} sessions, ~${spec.targetEvents} events over 30 days`);
    built.set(name, buildDatabase(dataDir, spec, log));
  }
  const figures: Figure[] = [];
  const errors: { section: string; message: string }[] = [];
  // One failing section (a timeout, a CLI that changed under us) must not lose the others' figures.
  const section = async (name: string, fn: () => Promise<void> | void) => {
    if (skip.has(name)) return;
    try {
      await fn();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      errors.push({ section: name, message });
      log(`${name} failed: ${message}`);
    }
  };
  let plans: QueryPlan[] = [];
  let peerCheck: Record<string, unknown> | null = null;
  const small = built.get('small') ?? built.get(sizes[0]!);
  const smallSpec = small?.spec ?? specOf(sizes.includes('small') ? 'small' : sizes[0]!);

  await section('ingest', async () => {
    log('ingest');
    const spec = smallSpec;
    // About 100k records (log records and metric points) in 512-record batches; realistic requests for the rate run.
    const batched = [...batchedRequests(spec, emptyStats(), 0, Math.round(spec.sessions * 0.45))];
    let realisticSessions = 0;
    let realistic = realisticRequestsOf(spec, 0, 0).requests;
    const realisticOf = (count: number) => {
      while (realistic.length < count) realistic = realisticRequestsOf(spec, 0, (realisticSessions += 100)).requests;
      return realistic;
    };
    figures.push(
      ...(await ingestFigures({
        dir: workDir,
        size: spec.name,
        batched,
        realistic: realisticOf,
        repeats: Math.min(repeats, 3),
        clients: 4,
        rateSeconds: 10,
        log,
      })),
    );
    figures.push(...(await smallRequestFigures({ dir: workDir, spec, repeats: Math.min(repeats, 3), log })));
  });
  await section('large', async () => {
    log('ingest beside a 16 MiB request');
    figures.push(...(await largeRequestFigures({ dir: workDir, spec: smallSpec, repeats: Math.min(repeats, 3), log })));
  });
  await section('queries', () => {
    for (const [name, db] of built) {
      log(`queries ${name}`);
      const result = queryFigures(db, repeats, log);
      figures.push(...result.figures);
      if (name === sizes[sizes.length - 1]) plans = result.plans;
    }
  });
  await section('tui', async () => {
    const emptyDb = path.join(workDir, 'empty.db');
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${emptyDb}${suffix}`, { force: true });
    const targets: { label: string; file: string; spec: DatasetSpec }[] = [
      { label: '0', file: emptyDb, spec: smallSpec },
      ...[...built.values()].map((b) => ({ label: b.spec.name, file: b.file, spec: b.spec })),
    ];
    for (const t of targets) {
      log(`tui ${t.label}`);
      const isLargest = t === targets[targets.length - 1];
      figures.push(
        ...(await tuiFigures({
          label: t.label,
          dbPath: t.file,
          spec: t.spec,
          repeats: Math.min(repeats, 3),
          idleSeconds: !isQuick && isLargest ? 60 : 20,
          streamSeconds: 10,
          liveSamples: 10,
          workDir,
          log,
        })),
      );
    }
  });
  await section('peer', async () => {
    if (small === undefined) throw new Error('no database was built');
    log(`peer ${small.spec.name}`);
    const peer = await peerFigures(small, workDir, Math.min(repeats, 3), log);
    figures.push(...peer.figures);
    peerCheck = peer.check;
  });

  const datasets = Object.fromEntries(
    [...built].map(([name, b]) => [
      name,
      { ...b.stats, file: path.relative(repoRoot, b.file), isReused: b.isReused, buildRecordsPerSecond: b.buildRecordsPerSecond, nowMs: b.spec.nowMs },
    ]),
  );
  const result = {
    startedAt: new Date().toISOString(),
    commit: gitDescribe(),
    durationSeconds: Math.round((performance.now() - startedMs) / 1000),
    machine: { ...machine, loadAverageAtEnd: os.loadavg() },
    sizes,
    datasets,
    errors,
    figures,
    peerCheck,
    queryPlans: plans,
  };
  const out = path.join(repoRoot, 'bench', 'results', 'latest.json');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  process.stdout.write(`\n${renderTable(figures)}\n\nBaselines and notes:\n${renderBaselines(figures)}\n`);
  if (peerCheck !== null) process.stdout.write(`\nPeer cross-check: ${JSON.stringify(peerCheck)}\n`);
  for (const e of errors) process.stdout.write(`\n${e.section} failed: ${e.message.split('\n')[0]}\n`);
  if (errors.length > 0) process.exitCode = 1;
  const missed = figures.filter((f) => f.isMet === false);
  process.stdout.write(
    `\n${figures.filter((f) => f.isMet === true).length} targets met, ${missed.length} missed; ${Math.round((performance.now() - startedMs) / 1000)} s; wrote ${path.relative(repoRoot, out)}\n`,
  );
}

function gitDescribe(): string | null {
  try {
    return execFileSync('git', ['describe', '--always', '--dirty'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    return null;
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
