// The read models at size: the sessions list (first page, sorted, filtered), one session's timeline,
// the dashboard summary per range; each beside a fixed calibration workload run in the same loop,
// and with the query plans of every statement the read model prepared.
import { performance } from 'node:perf_hooks';
import Database from 'better-sqlite3';
import { openDatabase, type Db } from '../src/store/open.js';
import { session } from '../src/store/read/session.js';
import { sessions } from '../src/store/read/sessions.js';
import { summary } from '../src/store/read/summary.js';
import type { SessionsQuery } from '../src/store/read/types.js';
import type { BuiltDatabase } from './build-db.js';
import { calibrationSql, figure, type Figure, type Goal } from './stats.js';

/** Each query a screen runs takes at most half the calibration workload, measured beside it. */
const interactiveGoal: Goal = { op: '≤', value: 0.5 };

const hourMs = 3_600_000;
const dayMs = 24 * hourMs;

interface Case {
  id: string;
  label: string;
  run: (db: Db) => unknown;
  /** Every query a screen runs; not the whole list that `sessions --json` reads (the peer covers it). */
  isInteractive: boolean;
}

export interface QueryPlan {
  caseId: string;
  sql: string;
  plan: string[];
}

export interface QueryResults {
  figures: Figure[];
  plans: QueryPlan[];
}

function cases(db: Db, nowMs: number): Case[] {
  const page = 50;
  const list = (q: SessionsQuery) => (d: Db) => sessions(d, { ...q, limit: page });
  // A typical session (median event count) and the largest, for the timeline.
  const sizes = db.prepare('SELECT session_id AS id, COUNT(*) AS n FROM events WHERE session_id IS NOT NULL GROUP BY session_id ORDER BY n').all() as {
    id: string;
    n: number;
  }[];
  const typical = sizes[Math.floor(sizes.length / 2)]!;
  const largest = sizes[sizes.length - 1]!;
  const range = (ms: number | undefined) => (ms === undefined ? {} : { sinceMs: nowMs - ms });
  return [
    { id: 'sessions.24h', label: `sessions first page (${page}), last 24 h, newest first`, run: list(range(dayMs)), isInteractive: true },
    { id: 'sessions.30d', label: `sessions first page, last 30 d, newest first`, run: list(range(30 * dayMs)), isInteractive: true },
    {
      id: 'sessions.30d.cost',
      label: 'sessions first page, last 30 d, sorted by cost',
      run: list({ ...range(30 * dayMs), sort: 'costUsd' }),
      isInteractive: true,
    },
    {
      id: 'sessions.30d.filter',
      label: "sessions first page, last 30 d, filter 'opus'",
      run: list({ ...range(30 * dayMs), filter: 'opus' }),
      isInteractive: true,
    },
    {
      id: 'sessions.30d.prompt',
      label: "sessions first page, last 30 d, filter prompt text 'memory leak'",
      run: list({ ...range(30 * dayMs), filter: 'memory leak' }),
      isInteractive: true,
    },
    { id: 'sessions.all', label: 'sessions, all, no limit (what `sessions --json` reads)', run: (d) => sessions(d, {}), isInteractive: false },
    { id: 'session.typical', label: `one session's timeline (median: ${typical.n} events)`, run: (d) => session(d, typical.id), isInteractive: true },
    { id: 'session.largest', label: `one session's timeline (largest: ${largest.n} events)`, run: (d) => session(d, largest.id), isInteractive: true },
    { id: 'summary.24h', label: 'dashboard summary, 24 h', run: (d) => summary(d, { sinceMs: nowMs - dayMs, nowMs }), isInteractive: true },
    { id: 'summary.7d', label: 'dashboard summary, 7 d', run: (d) => summary(d, { sinceMs: nowMs - 7 * dayMs, nowMs }), isInteractive: true },
    { id: 'summary.30d', label: 'dashboard summary, 30 d', run: (d) => summary(d, { sinceMs: nowMs - 30 * dayMs, nowMs }), isInteractive: true },
    { id: 'summary.all', label: 'dashboard summary, all', run: (d) => summary(d, { nowMs }), isInteractive: true },
  ];
}

/** Records every SQL text the read models prepare on this connection (they prepare once, then reuse). */
function recordPrepared(db: Db): Set<string> {
  const seen = new Set<string>();
  const prepare = db.prepare.bind(db);
  const recording = ((sql: string) => {
    seen.add(sql);
    return prepare(sql);
  }) as Db['prepare'];
  db.prepare = recording;
  return seen;
}

/** EXPLAIN QUERY PLAN of a statement, with plausible values for its parameters. */
export function explain(db: Db, sql: string, nowMs: number, sessionId: string): string[] {
  const names = [...new Set([...sql.matchAll(/@(\w+)/g)].map((m) => m[1]!))];
  const values: Record<string, string | number> = {
    since: nowMs - 30 * dayMs,
    until: nowMs + 1,
    origin: nowMs - 30 * dayMs,
    bucket: 12 * hourMs,
    needle: 'memory',
    sessionId,
    prefix: sessionId.slice(0, 4),
    upper: `${sessionId.slice(0, 4)}\u{10ffff}`,
    limit: 10,
  };
  const named = Object.fromEntries(names.map((n) => [n, values[n] ?? 0]));
  const positional = (sql.replace(/'[^']*'/g, '').match(/\?/g) ?? []).map(() => sessionId);
  const stmt = db.prepare(`EXPLAIN QUERY PLAN ${sql}`);
  const rows = (names.length > 0 ? stmt.all(named, ...positional) : stmt.all(...positional)) as { id: number; parent: number; detail: string }[];
  const depth = new Map<number, number>();
  return rows.map((r) => {
    const d = (depth.get(r.parent) ?? -1) + 1;
    depth.set(r.id, d);
    return `${'  '.repeat(d)}${r.detail}`;
  });
}

export function queryFigures(built: BuiltDatabase, repeats: number, log: (line: string) => void): QueryResults {
  const db = openDatabase(built.file, { readonly: true });
  const prepared = recordPrepared(db);
  const calibration = new Database(':memory:').prepare(calibrationSql());
  const figures: Figure[] = [];
  const plans: QueryPlan[] = [];
  const anySession = (db.prepare('SELECT session_id FROM events WHERE session_id IS NOT NULL LIMIT 1').pluck().get() as string | undefined) ?? '';
  for (const c of cases(db, built.spec.nowMs)) {
    const before = new Set(prepared);
    const coldStart = performance.now();
    c.run(db);
    const coldMs = performance.now() - coldStart;
    const added = [...prepared].filter((sql) => !before.has(sql));
    for (const sql of added) plans.push({ caseId: c.id, sql: sql.trim(), plan: explain(db, sql, built.spec.nowMs, anySession) });
    for (const sql of prepared) if (sql.startsWith('EXPLAIN QUERY PLAN')) prepared.delete(sql);
    const samples: number[] = [];
    const cal: number[] = [];
    // Slow cases get fewer runs so the suite stays within its time.
    const runs = coldMs > 2_000 ? Math.min(repeats, 3) : repeats;
    for (let i = 0; i < runs; i++) {
      const t0 = performance.now();
      calibration.get();
      const t1 = performance.now();
      c.run(db);
      samples.push(performance.now() - t1);
      cal.push(t1 - t0);
    }
    const f = figure(`query.${c.id}`, c.label, built.spec.name, 'ms', samples, {
      ...(c.isInteractive ? { goal: interactiveGoal } : {}),
      ratioTo: { label: 'calibration workload (same loop)', samples: cal, unit: 'ms' },
      note: `first run ${coldMs.toFixed(1)} ms`,
    });
    figures.push(f);
    log(
      `  ${c.id}: ${f.median.toFixed(1)} ms (${f.min.toFixed(1)}–${f.max.toFixed(1)}), calibration ${f.baseline!.median.toFixed(1)} ms: ${f.ratio!.median.toFixed(2)}×`,
    );
  }
  db.close();
  return { figures, plans };
}
