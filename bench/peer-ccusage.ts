// The peer: ccusage 18.0.11 reading the same sessions as Claude Code transcripts
// (`ccusage session --json --offline`), against `claude-otel-tui sessions --json` on our database.
// Runs alternate, and the speed-up is taken per pair.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { BuiltDatabase } from './build-db.js';
import { sessionsOf } from './dataset.js';
import type { Usage } from './generate.js';
import { cliPath, repoRoot, timed } from './proc.js';
import { figure, median, type Figure } from './stats.js';
import { transcriptPath, writeTranscript } from './transcript.js';
import { transcriptScanFigures } from './transcripts-scan.js';

/** Resolved like any dependency (a devDependency, installed by npm ci). */
function ccusagePath(): string {
  return createRequire(import.meta.url).resolve('ccusage');
}

interface CcusageOutput {
  sessions: unknown[];
  totals: { inputTokens: number; outputTokens: number; cacheReadTokens: number; cacheCreationTokens: number; totalCost: number };
}

interface OurRow {
  costUsd: number | null;
  tokens: { input: number; output: number; cacheRead: number; cacheCreation: number };
}

export async function peerFigures(
  built: BuiltDatabase,
  workDir: string,
  repeats: number,
  log: (line: string) => void,
): Promise<{ figures: Figure[]; check: Record<string, unknown> }> {
  const ccusage = ccusagePath();
  const configDir = path.join(workDir, `${built.spec.name}-claude-config`);
  fs.rmSync(configDir, { recursive: true, force: true });
  let bytes = 0;
  let files = 0;
  const all: Usage = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  const main: Usage = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  let mainRequests = 0;
  const paths: string[] = [];
  for (const s of sessionsOf(built.spec)) {
    bytes += writeTranscript(configDir, s);
    paths.push(transcriptPath(configDir, s));
    files += 1;
    for (const k of ['input', 'output', 'cacheRead', 'cacheCreation'] as const) all[k] += s.usage[k];
    for (const turn of s.turns) {
      for (const req of turn.requests) {
        mainRequests += 1;
        for (const k of ['input', 'output', 'cacheRead', 'cacheCreation'] as const) main[k] += req.usage[k];
      }
    }
  }
  log(`  peer: ${files} transcripts, ${mainRequests} requests, ${(bytes / 1024 / 1024).toFixed(0)} MiB in ${path.relative(repoRoot, configDir)}`);

  const env = { ...process.env, TZ: 'UTC', NO_COLOR: '1' };
  const oursMs: number[] = [];
  const oursRss: number[] = [];
  const theirsMs: number[] = [];
  const theirsRss: number[] = [];
  const speedups: number[] = [];
  let ours: OurRow[] = [];
  let theirs: CcusageOutput | null = null;
  for (let i = 0; i < repeats; i++) {
    const a = await timed(process.execPath, [cliPath, 'sessions', '--json', '--db', built.file], env);
    const b = await timed(process.execPath, [ccusage, 'session', '--json', '--offline'], { ...env, CLAUDE_CONFIG_DIR: configDir });
    if (a.code !== 0 || b.code !== 0) throw new Error(`peer run failed: ours exit ${a.code} ${a.stderr.trim()}; ccusage exit ${b.code} ${b.stderr.trim()}`);
    oursMs.push(a.wallMs);
    oursRss.push(a.maxRssKiB / 1024);
    theirsMs.push(b.wallMs);
    theirsRss.push(b.maxRssKiB / 1024);
    speedups.push(b.wallMs / a.wallMs);
    ours = JSON.parse(a.stdout) as OurRow[];
    theirs = JSON.parse(b.stdout) as CcusageOutput;
    log(
      `  peer rep ${i + 1}: ours ${a.wallMs.toFixed(0)} ms / ${(a.maxRssKiB / 1024).toFixed(0)} MiB, ccusage ${b.wallMs.toFixed(0)} ms / ${(b.maxRssKiB / 1024).toFixed(0)} MiB`,
    );
  }
  const sum = (pick: (r: OurRow) => number) => ours.reduce((n, r) => n + pick(r), 0);
  const check = {
    sessions: { ours: ours.length, ccusage: theirs?.sessions.length ?? null, generated: built.stats.sessions },
    inputTokens: { ours: sum((r) => r.tokens.input), oursExpected: all.input, ccusage: theirs?.totals.inputTokens ?? null, ccusageExpected: main.input },
    cacheReadTokens: {
      ours: sum((r) => r.tokens.cacheRead),
      oursExpected: all.cacheRead,
      ccusage: theirs?.totals.cacheReadTokens ?? null,
      ccusageExpected: main.cacheRead,
    },
    costUsd: { ours: sum((r) => r.costUsd ?? 0), ccusage: theirs?.totals.totalCost ?? null },
    note: 'transcripts hold main-thread requests only (no session-title request), so ccusage is expected to match the main-thread totals',
  };
  const scanned = await transcriptScanFigures({ built, configDir, files: paths, workDir, repeats, ccusage, log });
  const label = `${built.stats.sessions} sessions / ${mainRequests} requests over 30 days`;
  return {
    figures: [
      figure('peer.ours', `claude-otel-tui sessions --json (${label})`, built.spec.name, 'ms', oursMs, { note: `RSS ${median(oursRss).toFixed(0)} MiB` }),
      figure('peer.ccusage', `ccusage 18.0.11 session --json --offline (same sessions as transcripts)`, built.spec.name, 'ms', theirsMs, {
        note: `RSS ${median(theirsRss).toFixed(0)} MiB`,
      }),
      figure('peer.speedup', 'ccusage ÷ ours (paired per run)', built.spec.name, '×', speedups, { goal: { op: '≥', value: 20 } }),
      figure('peer.oursRss', 'claude-otel-tui sessions --json peak RSS', built.spec.name, 'MiB', oursRss),
      figure('peer.ccusageRss', 'ccusage peak RSS', built.spec.name, 'MiB', theirsRss),
      ...scanned,
    ],
    check,
  };
}
