// A database of a generated dataset, filled through the project's own decode → normalize → write path
// (the receiver's `ingest`, without HTTP). Rebuilt when the generator or the write side of src changes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ingest } from '../src/receiver/ingest.js';
import { openDatabase } from '../src/store/open.js';
import { createWriter } from '../src/store/write.js';
import { batchedRequests, emptyStats, type DatasetStats } from './dataset.js';
import type { DatasetSpec } from './generate.js';
import { repoRoot } from './proc.js';

export interface BuiltDatabase {
  file: string;
  spec: DatasetSpec;
  stats: DatasetStats;
  /** Records per second while it was filled (synchronous=OFF: a build, not a measurement of durability). */
  buildRecordsPerSecond: number | null;
  isReused: boolean;
}

interface Meta {
  key: string;
  spec: DatasetSpec;
  stats: DatasetStats;
  builtAtMs: number;
  buildRecordsPerSecond: number;
}

/** What the stored rows depend on: the generator and every source file on the write side. */
function sourceKey(spec: Omit<DatasetSpec, 'nowMs'>): string {
  const hash = createHash('sha256').update(JSON.stringify(spec));
  const generator = [
    ...['generate.ts', 'vocabulary.ts', 'encode.ts', 'dataset.ts', 'build-db.ts'].map((f) => path.join(repoRoot, 'bench', f)),
    path.join(repoRoot, 'stress', 'lib', 'prng.mjs'),
  ];
  const dirs = ['src/otlp', 'src/normalize', 'src/store', 'src/receiver'].map((d) => path.join(repoRoot, d));
  // The read models and the change feed (which only tells views to re-read) store nothing.
  const sources = dirs
    .flatMap((d) => listTs(d))
    .filter((f) => !f.includes(`${path.sep}read${path.sep}`) && path.basename(f) !== 'changes.ts' && !/\.test\.tsx?$/.test(f));
  const files = [...generator, ...sources].sort();
  for (const f of files) hash.update(f).update(fs.readFileSync(f));
  return hash.digest('hex');
}

function listTs(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return e.name.startsWith('.') ? [] : listTs(full);
    return /\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const maxReuseAgeMs = 2 * 3_600_000;

/**
 * The database for `spec`, reused from an earlier run when nothing it depends on changed and it is
 * recent enough that "the last 24 hours" still means the same data.
 */
export function buildDatabase(dir: string, spec: DatasetSpec, log: (line: string) => void): BuiltDatabase {
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${spec.name}.db`);
  const metaFile = `${file}.meta.json`;
  const { nowMs: _now, ...stable } = spec;
  const key = sourceKey(stable);
  const reuse = process.env['BENCH_REBUILD'] !== '1' && fs.existsSync(metaFile) && fs.existsSync(file);
  if (reuse) {
    const meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as Meta;
    if (meta.key === key && Date.now() - meta.builtAtMs < maxReuseAgeMs) {
      log(`  ${spec.name}: reusing ${path.relative(repoRoot, file)} (built ${Math.round((Date.now() - meta.builtAtMs) / 60_000)} min ago)`);
      return { file, spec: meta.spec, stats: meta.stats, buildRecordsPerSecond: meta.buildRecordsPerSecond, isReused: true };
    }
  }
  for (const suffix of ['', '-wal', '-shm', '.meta.json']) fs.rmSync(`${file}${suffix}`, { force: true });
  const db = openDatabase(file);
  db.pragma('synchronous = OFF');
  const writer = createWriter(db);
  const stats = emptyStats();
  let records = 0;
  let inserted = 0;
  let busyMs = 0;
  const startMs = performance.now();
  for (const request of batchedRequests(spec, stats)) {
    const t = performance.now();
    const result = ingest(writer, request.signal, 'protobuf', request.body, Date.now());
    busyMs += performance.now() - t;
    records += request.records;
    inserted += result.inserted;
    if (records % 100_000 < request.records) log(`  ${spec.name}: ${records.toLocaleString('en-US')} records stored`);
  }
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.close();
  if (inserted !== records) throw new Error(`${spec.name}: ${records} records sent but ${inserted} stored; the generator made duplicates`);
  const buildRecordsPerSecond = records / (busyMs / 1000);
  log(
    `  ${spec.name}: ${records.toLocaleString('en-US')} records in ${((performance.now() - startMs) / 1000).toFixed(1)} s (${Math.round(buildRecordsPerSecond).toLocaleString('en-US')}/s in ingest)`,
  );
  const meta: Meta = { key, spec, stats, builtAtMs: Date.now(), buildRecordsPerSecond };
  fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2));
  return { file, spec, stats, buildRecordsPerSecond, isReused: false };
}
