// `claude-otel-tui transcripts --json` over the peer's transcript files (CLAUDE_CONFIG_DIR), on a copy
// of the database: the first scan, a re-scan with nothing new, and one after 1 % of the files grew.
// Then `sessions --json` on that copy, where every session has a transcript to cross-check (per
// row), against ccusage on the same files again, paired per run.
import fs from 'node:fs';
import path from 'node:path';
import type { BuiltDatabase } from './build-db.js';
import { cliPath, timed } from './proc.js';
import { figure, type Figure } from './stats.js';

export interface ScanOptions {
  built: BuiltDatabase;
  configDir: string;
  /** Every transcript file the peer wrote. */
  files: readonly string[];
  workDir: string;
  repeats: number;
  ccusage: string;
  log: (line: string) => void;
}

/** One more API request at the end of a transcript: its last assistant line again, as a new request. */
function appendRequest(file: string, n: number): void {
  const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const last = [...lines].reverse().find((l) => l.includes('"type":"assistant"'));
  if (last === undefined) throw new Error(`${file} has no assistant line to repeat`);
  const line = JSON.parse(last) as Record<string, unknown>;
  const extra = { ...line, uuid: `bench-append-${n}-${path.basename(file)}`, requestId: `req_bench_append_${n}`, timestamp: new Date().toISOString() };
  fs.appendFileSync(file, `${JSON.stringify(extra)}\n`);
}

export async function transcriptScanFigures(o: ScanOptions): Promise<Figure[]> {
  const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1', CLAUDE_CONFIG_DIR: o.configDir };
  const copy = path.join(o.workDir, `${o.built.spec.name}-with-transcripts.db`);
  const grown = o.files.filter((_, i) => i % 100 === 0);
  const first: number[] = [];
  const again: number[] = [];
  const after: number[] = [];
  const scan = async () => {
    const r = await timed(process.execPath, [cliPath, 'transcripts', '--json', '--db', copy], env);
    if (r.code !== 0) throw new Error(`transcripts --json exited ${r.code}: ${r.stderr.trim()}`);
    return { ms: r.wallMs, report: JSON.parse(r.stdout) as { files: number; filesRead: number; bytesRead: number } };
  };
  for (let i = 0; i < o.repeats; i++) {
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${copy}${suffix}`, { force: true });
    fs.copyFileSync(o.built.file, copy);
    const a = await scan();
    const b = await scan();
    for (const f of grown) appendRequest(f, i);
    const c = await scan();
    first.push(a.ms);
    again.push(b.ms);
    after.push(c.ms);
    o.log(
      `  transcripts rep ${i + 1}: first ${a.ms.toFixed(0)} ms (${a.report.filesRead} files), again ${b.ms.toFixed(0)} ms (${b.report.filesRead} read), after ${grown.length} grew ${c.ms.toFixed(0)} ms (${c.report.filesRead} read)`,
    );
  }
  const ours: number[] = [];
  const speedups: number[] = [];
  for (let i = 0; i < o.repeats; i++) {
    const a = await timed(process.execPath, [cliPath, 'sessions', '--json', '--db', copy], env);
    const b = await timed(process.execPath, [o.ccusage, 'session', '--json', '--offline'], env);
    if (a.code !== 0 || b.code !== 0) throw new Error(`peer run failed: ours exit ${a.code} ${a.stderr.trim()}; ccusage exit ${b.code} ${b.stderr.trim()}`);
    ours.push(a.wallMs);
    speedups.push(b.wallMs / a.wallMs);
    o.log(`  with transcripts rep ${i + 1}: ours ${a.wallMs.toFixed(0)} ms, ccusage ${b.wallMs.toFixed(0)} ms`);
  }
  const size = o.built.spec.name;
  const files = `${o.files.length} files`;
  return [
    figure('transcripts.first', `transcripts --json, first scan (${files})`, size, 'ms', first),
    figure('transcripts.again', 'transcripts --json, again with nothing new', size, 'ms', again),
    figure('transcripts.grown', `transcripts --json, after ${grown.length} files (1 %) each gained a request`, size, 'ms', after),
    figure('peer.oursWithTranscripts', 'claude-otel-tui sessions --json, every session with a transcript (integrity checked per row)', size, 'ms', ours),
    figure('peer.speedupWithTranscripts', 'ccusage ÷ ours, every session with a transcript (paired per run)', size, '×', speedups, {
      goal: { op: '≥', value: 20 },
    }),
  ];
}
