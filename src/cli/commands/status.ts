import fs from 'node:fs';
import { defaultHost } from '../../receiver/server.js';
import { openDatabase } from '../../store/open.js';
import { forwardStatus, type UpstreamStatus } from '../../store/read/forward-status.js';
import { planBacktest } from '../../store/read/plan-backtest.js';
import { storeStatus } from '../../store/read/store-status.js';
import { syncStatus, type SyncStatus } from '../../store/read/sync-status.js';
import { transcriptCoverage } from '../../store/read/transcript-coverage.js';
import { transcriptProblems } from '../../store/read/transcript-problems.js';
import { transcriptDirs } from '../../transcripts/transcript-dirs.js';
import { formatCount } from '../../present/format.js';
import { backtestJson, backtestLine } from '../format/backtest-report.js';
import { writeJson } from '../format/json.js';
import { transcriptProblemLines } from '../format/transcript-problems.js';
import { databasePath } from '../paths.js';
import { receiverState, receiverUrl, type ReceiverState } from '../receiver-probe.js';
import { parsePort } from '../receiving/settings.js';
import { printOut } from '../format/print.js';
import { plainText } from '../../present/sanitize.js';

export interface StatusOptions {
  host?: string;
  port: string;
  json?: boolean;
  db?: string;
}

export async function statusCommand(options: StatusOptions, nowMs = Date.now()): Promise<void> {
  const file = databasePath(options.db);
  const host = options.host ?? defaultHost;
  const url = receiverUrl(host, parsePort(options.port));
  const db = openDatabase(file, { readonly: true });
  let store;
  let upstreams;
  let coverage;
  let problems;
  let sync: SyncStatus;
  let backtest;
  try {
    store = storeStatus(db);
    upstreams = forwardStatus(db);
    coverage = transcriptCoverage(db);
    problems = transcriptProblems(db);
    sync = syncStatus(db);
    backtest = planBacktest(db, { nowMs });
  } finally {
    db.close();
  }
  const bytes = ['', '-wal'].reduce((n, suffix) => n + (fs.existsSync(file + suffix) ? fs.statSync(file + suffix).size : 0), 0);
  const receiver = { url, state: await receiverState(url) };
  const forward = upstreams.map((u) => forwardJson(u, nowMs));
  const { lastReadMs, ...counts } = coverage;
  const fileErrors = problems.fileErrors.map((f) => ({ path: f.path, error: f.error, at: iso(f.failedMs) }));
  const transcripts = {
    dirs: transcriptDirs(),
    ...counts,
    lastRead: iso(lastReadMs),
    fileErrors,
    skippedLines: problems.skippedLines,
    filesWithSkippedLines: problems.filesWithSkippedLines,
  };
  const syncJson = syncReport(sync);
  if (options.json)
    return writeJson({ receiver, database: { path: file, bytes, ...store }, forward, transcripts, planBacktest: backtestJson(backtest), sync: syncJson });
  const states: Record<ReceiverState, string> = {
    running: 'claude-otel-tui is receiving',
    other: 'something else answers there',
    stopped: 'nothing is listening',
  };
  printOut(
    [
      `receiver  ${url}: ${states[receiver.state]}`,
      `database  ${file} (${(bytes / 1024 / 1024).toFixed(1)} MiB, schema ${store.schemaVersion})`,
      `          ${formatCount(store.sessions)} sessions, ${formatCount(store.events)} events, ${formatCount(store.metricPoints)} metric points, ${formatCount(store.spans)} spans`,
      `          ${store.firstActivity === null ? 'empty' : `${store.firstActivity} → ${store.lastActivity}`}`,
      ...forward.flatMap(forwardLines),
      backtestLine(backtest),
      `transcripts ${transcripts.dirs.join(', ')}: ${formatCount(coverage.files)} files, ${formatCount(coverage.sessions)} sessions (${formatCount(coverage.linkedSessions)} with telemetry here)${lastReadMs === null ? '' : `, last read ${transcripts.lastRead}`}`,
      ...transcriptProblemLines(problems),
      ...syncLines(syncJson),
      '',
    ].join('\n'),
  );
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

function syncReport(s: SyncStatus) {
  return {
    machine: s.machine,
    folders: s.folders.map((f) => ({
      folder: f.folder,
      lastExport: iso(f.lastExportMs),
      lastImport: iso(f.lastImportMs),
      written: f.written,
      machines: f.machines.map((m) => ({ machine: m.machine, segments: m.segments, records: m.records, lastRead: iso(m.lastReadMs) })),
      skipped: f.skipped.map((k) => ({ segment: k.segment, error: k.error, at: iso(k.checkedMs) })),
    })),
  };
}

function syncLines(s: ReturnType<typeof syncReport>): string[] {
  return s.folders.flatMap((f, i) => [
    `${i === 0 ? 'sync    ' : '        '}  ${f.folder} as ${s.machine ?? '—'}: wrote ${formatCount(f.written.segments)} segments (${formatCount(f.written.records)} records)${f.lastExport === null ? '' : `, last ${f.lastExport}`}; read ${f.machines.length === 0 ? 'no other machine yet' : f.machines.map((m) => `${m.machine} ${formatCount(m.segments)} segments`).join(', ')}${f.lastImport === null ? '' : ` (last looked ${f.lastImport})`}`,
    ...f.skipped.map((k) => `          skipped ${k.segment}: ${k.error}`),
  ]);
}

function forwardJson(u: UpstreamStatus, nowMs: number) {
  return {
    upstream: u.upstream,
    queued: u.queued,
    queuedBytes: u.queuedBytes,
    oldestAgeMs: u.oldestEnqueuedMs === null ? null : Math.max(0, nowMs - u.oldestEnqueuedMs),
    delivered: u.delivered,
    lastSuccess: iso(u.lastSuccessMs),
    lastError: u.lastError,
    lastErrorAt: iso(u.lastErrorMs),
    dropped: u.dropped,
    lastDropReason: u.lastDropReason,
  };
}

function forwardLines(u: ReturnType<typeof forwardJson>, index: number): string[] {
  const oldest = u.oldestAgeMs === null ? '' : `, oldest ${formatAge(u.oldestAgeMs)} old`;
  return [
    `${index === 0 ? 'forward ' : '        '}  ${u.upstream}: ${formatCount(u.queued)} queued (${formatBytes(u.queuedBytes)}${oldest}), ${formatCount(u.delivered)} delivered${u.lastSuccess === null ? '' : ` (last ${u.lastSuccess})`}, ${formatCount(u.dropped)} dropped`,
    ...(u.lastError === null ? [] : [`          last error ${u.lastErrorAt}: ${plainText(u.lastError)}`]),
    ...(u.lastDropReason === null ? [] : [`          last drop: ${plainText(u.lastDropReason)}`]),
  ];
}

function formatBytes(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

function formatAge(ms: number): string {
  if (ms < 60_000) return `${Math.round(ms / 1000)}s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)}m`;
  if (ms < 86_400_000) return `${Math.round(ms / 3_600_000)}h`;
  return `${Math.round(ms / 86_400_000)}d`;
}
