// Every past schema version, upgraded to the latest, must hold and answer exactly what a database
// built fresh from the same data does: same sqlite_master, same rows, same read-model answers.
//
// A database "at version v" is made the way that version left it: migrations 1..v only, then the
// rows its writers stored, in v's tables and columns (copied from the fresh database, which real
// capture requests, transcripts, status line inputs and forward copies reached through today's write
// path), then what its writer kept derived from those rows (the rollups, the prompt index), filled
// with the SQL of the version that last defined them (`derivedAt`). A writer keeps its derived
// tables equal to that fill (test/rollups.test.ts checks it for today's writer).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseStatuslineInput } from '../src/cli/statusline/parse-input.js';
import { ingest } from '../src/receiver/ingest.js';
import { startReceiver } from '../src/receiver/server.js';
import { createForwardQueue } from '../src/store/forward-queue.js';
import { migrate, schemaVersion } from '../src/store/migrate.js';
import { rollupsFillSql } from '../src/store/migrations/003-rollups.js';
import { promptSearchFillSql } from '../src/store/migrations/004-prompt-search.js';
import { promptSearchSessionsFillSql } from '../src/store/migrations/008-prompt-search-sessions.js';
import { agentsAndAttributionFillSql } from '../src/store/migrations/010-agents-and-attribution.js';
import { eventHoursFillSql } from '../src/store/migrations/014-event-hours.js';
import { openDatabase, type Db } from '../src/store/open.js';
import { exportEvents, exportPoints } from '../src/store/read/export-rows.js';
import { forwardStatus, forwardTotals } from '../src/store/read/forward-status.js';
import { planUsage } from '../src/store/read/plan-usage.js';
import { projectCosts, projects } from '../src/store/read/projects.js';
import { branchCosts } from '../src/store/read/branches.js';
import { commitDetail } from '../src/store/read/commit-detail.js';
import { commitCosts, commits } from '../src/store/read/commits.js';
import { session, sessionIdsWithPrefix } from '../src/store/read/session.js';
import { sessions, sessionsOverview } from '../src/store/read/sessions.js';
import { budgetWatch, localDay, sessionCostsSince, spend } from '../src/store/read/spend.js';
import { storeStatus } from '../src/store/read/store-status.js';
import { summary } from '../src/store/read/summary.js';
import { transcriptCoverage, untrackedUsage } from '../src/store/read/transcript-coverage.js';
import { recordStatusline } from '../src/store/statusline.js';
import { createSyncState } from '../src/store/sync-state.js';
import { createWriter } from '../src/store/write.js';
import { segmentName, sha256Hex } from '../src/sync/segment-file.js';
import { syncOnce } from '../src/sync/sync-pass.js';
import { scanTranscripts } from '../src/transcripts/scan-transcripts.js';
import { decodeJson } from '../src/otlp/decode-json.js';
import { decodeProtobuf } from '../src/otlp/decode-protobuf.js';
import { contentHash } from '../src/normalize/keys.js';
import { captureCases, captures2_1_332Dir, capturedRequests, capturesDir, isLogsOrMetrics, type CapturedRequest } from './helpers/captures.js';
import { fixtureNowMs } from './helpers/fixture-feed.js';
import { post } from './helpers/temp-store.js';
import { sessionIdOf, transcriptLines, writeTranscript } from './helpers/transcripts.js';

/** Tables a writer keeps from other rows, and the SQL that filled them from the version given on. */
const derivedAt: readonly { version: number; tables: readonly string[]; fillSql: string }[] = [
  { version: 3, tables: ['session_stats', 'session_models', 'usage_hours', 'tool_hours', 'decision_hours', 'metric_hours'], fillSql: rollupsFillSql },
  { version: 4, tables: ['prompt_search'], fillSql: promptSearchFillSql },
  { version: 8, tables: ['prompt_search'], fillSql: promptSearchSessionsFillSql },
  { version: 10, tables: ['session_agents', 'attribution_hours', 'cache_write_hours'], fillSql: agentsAndAttributionFillSql },
  // Version 13's writer keeps a session's machine in session_stats (the max of its records', as it merges); the
  // migration left every row NULL, right for the local records it upgraded. Runs after version 3's fill.
  { version: 13, tables: ['session_stats'], fillSql: sessionMachineSql() },
  { version: 14, tables: ['event_usage_hours', 'event_decision_hours'], fillSql: eventHoursFillSql },
];

function sessionMachineSql(): string {
  return `UPDATE session_stats SET machine = (SELECT MAX(m) FROM (
    SELECT machine AS m FROM events WHERE session_id = session_stats.session_id
    UNION ALL
    SELECT p.machine FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.session_id = session_stats.session_id))`;
}
const derivedTables = new Set(derivedAt.flatMap((d) => d.tables));

const hourMs = 3_600_000;
const nowMs = fixtureNowMs;
const upstream = 'http://127.0.0.1:9/otlp';

let dir: string;

interface Attribute {
  key: string;
  value: Record<string, unknown>;
}

/** A capture's OTLP/JSON body, with `edit` applied to everything that has attributes (resources, scopes, records, points). */
function editedJson(body: Buffer, edit: (attributes: Attribute[], owner: Record<string, unknown>) => void): string {
  const request = JSON.parse(body.toString('utf8')) as unknown;
  const walk = (node: unknown): void => {
    if (node === null || typeof node !== 'object') return;
    const o = node as Record<string, unknown>;
    if (Array.isArray(o['attributes'])) edit(o['attributes'] as Attribute[], o);
    for (const child of Array.isArray(node) ? node : Object.values(o)) walk(child);
  };
  walk(request);
  return JSON.stringify(request);
}

/** json-delta-edit as a user with OTEL_RESOURCE_ATTRIBUTES=project=billing-api sends it (migration 005 backfills labels). */
function withProjectAttribute(body: Buffer): string {
  const request = JSON.parse(body.toString('utf8')) as Record<string, Array<{ resource: { attributes: Attribute[] } }>>;
  for (const list of Object.values(request)) for (const r of list) r.resource.attributes.push({ key: 'project', value: { stringValue: 'billing-api' } });
  return JSON.stringify(request);
}

/**
 * json-delta-edit as another session `hoursEarlier` hours before, whose tools all failed and whose
 * requests came without a price: what the captures lack (errors from tools, unpriced requests,
 * more than one hour and day).
 */
function asAnotherSession(body: Buffer, sessionId: string, hoursEarlier: number): string {
  const shiftMs = hoursEarlier * hourMs;
  return editedJson(body, (attributes, owner) => {
    for (const key of ['timeUnixNano', 'startTimeUnixNano', 'observedTimeUnixNano']) {
      const nanos = owner[key];
      if (typeof nanos === 'string') owner[key] = String(BigInt(nanos) - BigInt(shiftMs) * 1_000_000n);
    }
    const name = (owner['body'] as { stringValue?: string } | undefined)?.stringValue;
    for (const a of attributes) {
      if (a.key === 'session.id') a.value = { stringValue: sessionId };
      if (a.key === 'event.timestamp') a.value = { stringValue: new Date(Date.parse(String(a.value['stringValue'])) - shiftMs).toISOString() };
      if (a.key === 'success' && name === 'claude_code.tool_result') a.value = { stringValue: 'false' };
    }
    if (name === 'claude_code.api_request') owner['attributes'] = attributes.filter((a) => a.key !== 'cost_usd' && a.key !== 'cost_usd_micros');
  });
}

/** 2.1.332 sessions with traces (protobuf in two requests, and JSON + gzip): spans since version 11, trace_requests before. */
const traceCases = ['v2.1.332-proto-subagent-hooks-traces', 'v2.1.332-json-gzip-skill-traces', 'v2.1.332-proto-mcp-traces'];
const traceCaseRequests = traceCases.flatMap((c) => capturedRequests(c, captures2_1_332Dir));

/**
 * The trace_requests rows versions 1-10 stored for the traces requests: the request as their decoder
 * read it (no span kind, status or events), one row per distinct request.
 */
function legacyTraceRequests(fresh: Db): { body_sha256: string; spans_json: string; span_count: number; received_ms: number }[] {
  const receivedMs = fresh.prepare('SELECT received_ms FROM spans WHERE span_id = ?').pluck();
  return traceCaseRequests
    .filter((r) => r.signal === 'traces')
    .map((r: CapturedRequest) => {
      const body = r.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(r.body) : r.body;
      const decoded = r.headers['content-type'] === 'application/json' ? decodeJson('traces', body) : decodeProtobuf('traces', body);
      const request = {
        resourceSpans: decoded.resourceSpans.map((rs) => ({
          resource: rs.resource,
          scopeSpans: rs.scopeSpans.map((ss) => ({ scope: ss.scope, spans: ss.spans.map(({ kind: _k, events: _e, status: _s, ...old }) => old) })),
        })),
      };
      const spans = request.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans));
      return {
        body_sha256: contentHash(request),
        spans_json: JSON.stringify(request),
        span_count: spans.length,
        received_ms: receivedMs.get(spans[0]!.spanId) as number,
      };
    });
}

/** A span's raw JSON without what versions 1-10 did not keep (kind, status, events), keys sorted. */
function withoutLegacyGaps(rawJson: string): string {
  const { kind: _k, events: _e, status: _s, ...rest } = JSON.parse(rawJson) as Record<string, unknown>;
  return JSON.stringify(Object.fromEntries(Object.entries(rest).sort(([a], [b]) => a.localeCompare(b))));
}

/**
 * Where data comes from, and the version that first stored it: a database at version v holds only
 * what v knew of, so it is compared with a fresh database built from those sources alone.
 */
const sources = { telemetry: 1, transcripts: 5, forwardQueue: 6, statusLine: 7, transcriptProblems: 9, sync: 13 } as const;

/** A fresh database at the latest version, from the sources version v knew of, through today's write path. */
async function buildFresh(file: string, v: number): Promise<Db> {
  const has = (source: keyof typeof sources) => sources[source] <= v;
  const db = openDatabase(file);
  const forward = has('forwardQueue') ? { upstreams: [upstream], onQueued: () => {} } : undefined;
  const receiver = await startReceiver({ db, port: 0, ...(forward === undefined ? {} : { forward }) });
  for (const c of captureCases) {
    for (const r of capturedRequests(c)) {
      const body = c === 'json-delta-edit' ? withProjectAttribute(r.body) : r.body;
      expect((await post(`${receiver.url}${r.path}`, body, r.headers)).status).toBe(200);
    }
  }
  // Claude Code 2.1.332: a subagent (and its notification), a skill, an MCP server, cache writes by lifetime.
  for (const c of ['v2.1.332-proto-subagent-hooks-traces', 'v2.1.332-json-gzip-skill-traces', 'v2.1.332-proto-mcp-traces']) {
    for (const r of capturedRequests(c, captures2_1_332Dir)) expect((await post(`${receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
  }
  // A commit Claude Code 2.1.332 made (migration 012 backfills commits from stored events); its logs and metrics.
  for (const r of capturedRequests('v2.1.332-proto-commit-traces', captures2_1_332Dir).filter(isLogsOrMetrics))
    expect((await post(`${receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
  const [logs, metrics] = capturedRequests('json-delta-edit');
  const other = [
    { ...logs!, body: asAnotherSession(logs!.body, '0a000000-0000-4000-8000-0000000000b1', 26) },
    { ...metrics!, body: asAnotherSession(metrics!.body, '0a000000-0000-4000-8000-0000000000b1', 26) },
    // Metrics alone: a session priced from its metrics.
    { ...metrics!, body: asAnotherSession(metrics!.body, '0a000000-0000-4000-8000-0000000000c1', 3) },
  ];
  for (const r of other) expect((await post(`${receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
  await receiver.close();
  if (has('transcripts')) {
    // Transcripts of three sessions, one with a request telemetry never got (untracked usage).
    const configDir = path.join(path.dirname(file), `claude-${v}`);
    const lost = {
      type: 'assistant',
      sessionId: sessionIdOf('proto-delta-tools'),
      requestId: 'req_lost',
      timestamp: '2026-11-25T14:37:30.000Z',
      message: { model: 'claude-opus-4-8', usage: { input_tokens: 1000, output_tokens: 100 } },
    };
    writeTranscript(configDir, 'proto-delta-tools', { cwd: '/home/dev/beta', lines: [...transcriptLines('proto-delta-tools'), lost] });
    writeTranscript(configDir, 'interactive-statusline');
    writeTranscript(configDir, 'json-delta-edit', { cwd: '/home/dev/alpha' });
    await scanTranscripts(db, [path.join(configDir, 'projects')], { nowMs: () => nowMs });
  }
  if (has('transcriptProblems')) {
    // A transcript that cannot be read (its open is given a folder: EISDIR; root reads any file
    // mode) and one with a line over the cap.
    const configDir = path.join(path.dirname(file), `claude-problems-${v}`);
    const unreadable = writeTranscript(configDir, 'proto-delta-fail');
    const long = writeTranscript(configDir, 'proto-delta-error');
    fs.appendFileSync(long, `{"type":"user","message":"${'x'.repeat(4096)}"}\n`);
    const openFile = (f: string) => fs.promises.open(f === unreadable ? configDir : f, 'r');
    await scanTranscripts(db, [path.join(configDir, 'projects')], { nowMs: () => nowMs, maxLineBytes: 1024, openFile });
  }
  if (has('forwardQueue')) {
    // After some sending: one copy delivered, one dropped, one waiting for a retry.
    const queue = createForwardQueue(db);
    const next = () => queue.head(upstream)!;
    queue.delivered(next(), nowMs - 3000);
    queue.drop(next(), 'upstream answered 400 Bad Request', nowMs - 2000);
    queue.retryLater(next(), 'connect ECONNREFUSED', nowMs + 1000, nowMs - 1000);
  }
  if (has('statusLine')) {
    // The status line's inputs (plan use, workspace), as Claude Code piped them.
    const lines = ['api-key-login.jsonl', 'subscription-login.jsonl'].flatMap((f) =>
      fs
        .readFileSync(path.join(capturesDir, '..', 'statusline', f), 'utf8')
        .trimEnd()
        .split('\n'),
    );
    for (const [i, line] of lines.entries()) {
      const input = parseStatuslineInput(line, nowMs - 600_000 + i * 60_000);
      if (input.isParsed && input.snapshot !== null) recordStatusline(db, input.snapshot);
    }
  }
  if (has('sync')) {
    // A cumulative total raised in place (the same point again, with a larger total), which sync
    // must write again; another machine's segment and a torn one in a sync folder; one pass.
    const activeTime = (value: number) =>
      JSON.stringify({
        resourceMetrics: [
          {
            scopeMetrics: [
              {
                metrics: [
                  {
                    name: 'claude_code.active_time.total',
                    unit: 's',
                    sum: {
                      aggregationTemporality: 2,
                      isMonotonic: true,
                      dataPoints: [
                        {
                          attributes: [
                            { key: 'session.id', value: { stringValue: sessionIdOf('json-delta-edit') } },
                            { key: 'type', value: { stringValue: 'cli' } },
                          ],
                          startTimeUnixNano: String(BigInt(nowMs - 60_000) * 1_000_000n),
                          timeUnixNano: String(BigInt(nowMs - 30_000) * 1_000_000n),
                          asDouble: value,
                        },
                      ],
                    },
                  },
                ],
              },
            ],
          },
        ],
      });
    const writer = createWriter(db);
    for (const value of [5, 7]) ingest(writer, 'metrics', 'json', Buffer.from(activeTime(value)), nowMs);
    const folder = path.join(path.dirname(file), `sync-${v}`);
    fs.mkdirSync(path.join(folder, 'desk'), { recursive: true });
    const segment = [
      asAnotherSession(logs!.body, '0a000000-0000-4000-8000-0000000000d1', 5),
      asAnotherSession(metrics!.body, '0a000000-0000-4000-8000-0000000000d1', 5),
    ]
      .map((line) => `${line}\n`)
      .join('');
    fs.writeFileSync(path.join(folder, 'desk', segmentName(nowMs, sha256Hex(segment))), segment);
    fs.writeFileSync(path.join(folder, 'desk', segmentName(nowMs, sha256Hex(segment.slice(0, 100)))), segment.slice(0, 90));
    const state = createSyncState(db);
    state.setMachineName('fresh');
    await syncOnce(db, state, { folder, machine: 'fresh', nowMs: () => nowMs });
  }
  return db;
}

/** Fresh databases by the sources they hold (versions 1-4 share one). */
const freshBySources = new Map<string, { file: string; db: Db }>();
async function freshFor(v: number): Promise<{ file: string; db: Db }> {
  const key = Object.values(sources)
    .filter((since) => since <= v)
    .join(',');
  let fresh = freshBySources.get(key);
  if (fresh === undefined) {
    const file = path.join(dir, `fresh-${key.replace(/,/g, '-')}.db`);
    fresh = { file, db: await buildFresh(file, v) };
    freshBySources.set(key, fresh);
  }
  return fresh;
}

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'migration-steps-'));
});
afterAll(() => {
  for (const { db } of freshBySources.values()) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

interface TableInfo {
  name: string;
  type: string;
}

function tables(db: Db, schema = 'main'): TableInfo[] {
  return db
    .prepare(`SELECT name, type FROM pragma_table_list WHERE schema = ? AND name NOT LIKE 'sqlite_%' AND type IN ('table', 'virtual') ORDER BY name`)
    .all(schema) as TableInfo[];
}

function insertableColumns(db: Db, schema: string, table: string): string[] {
  return db.prepare(`SELECT name FROM pragma_table_xinfo(?, ?) WHERE hidden = 0 ORDER BY cid`).pluck().all(table, schema) as string[];
}

/** A database at version `v` with the fresh database's data, as version v would have stored it. */
function buildAtVersion(file: string, v: number, freshFile: string, fresh: Db): void {
  const db = new Database(file);
  migrate(db, { readonly: false, toVersion: v });
  db.prepare('ATTACH DATABASE ? AS fresh').run(freshFile);
  db.transaction(() => {
    db.pragma('defer_foreign_keys = ON'); // tables in any order; references checked at commit
    if (v < 11) {
      const insert = db.prepare(
        'INSERT INTO trace_requests (body_sha256, spans_json, span_count, received_ms) VALUES (@body_sha256, @spans_json, @span_count, @received_ms)',
      );
      for (const row of legacyTraceRequests(fresh)) insert.run(row);
    }
    for (const { name } of tables(db).filter((t) => t.type === 'table' && !derivedTables.has(t.name) && t.name !== 'trace_requests')) {
      const columns = insertableColumns(db, 'main', name)
        .filter((c) => insertableColumns(db, 'fresh', name).includes(c))
        .join(', ');
      db.exec(`INSERT INTO main.${name} (${columns}) SELECT ${columns} FROM fresh.${name}`);
    }
    // AUTOINCREMENT's high-water marks, which rows copied with their ids do not carry.
    const hasSequences = db.prepare("SELECT 1 FROM pragma_table_list WHERE schema = 'main' AND name = 'sqlite_sequence'").get() !== undefined;
    if (hasSequences) db.exec('UPDATE main.sqlite_sequence SET seq = (SELECT f.seq FROM fresh.sqlite_sequence f WHERE f.name = main.sqlite_sequence.name)');
    const present = new Set(tables(db).map((t) => t.name));
    const fills = new Set([...derivedTables].filter((t) => present.has(t)).map((t) => derivedAt.filter((d) => d.version <= v && d.tables.includes(t)).at(-1)!));
    // In version order: 13's only completes rows that 3's fill (there for the other rollups) inserts.
    for (const fill of [...fills].sort((a, b) => a.version - b.version)) db.exec(fill.fillSql);
  })();
  db.exec('DETACH DATABASE fresh');
  db.close();
}

/** sqlite_master without page numbers, whitespace normalised. */
function schemaOf(db: Db): unknown[] {
  return (db.prepare('SELECT type, name, tbl_name AS tableName, sql FROM sqlite_master ORDER BY type, name').all() as Array<{ sql: string | null }>).map(
    (r) => ({
      ...r,
      sql: r.sql?.replace(/\s+/g, ' ').trim() ?? null,
    }),
  );
}

/** Floats rounded far below a cent: a rollup summed row by row and one summed in a GROUP BY may differ in the last bit. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : Math.round(value * 1e9) / 1e9;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  if (Array.isArray(value)) return value.map(rounded);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  return value;
}

/** Every row of every table, integers exact (nanosecond times), one sorted JSON line per row. FTS shadow tables are covered by their owner. */
function rowsOf(db: Db, edit: Record<string, (row: Record<string, unknown>) => Record<string, unknown>> = {}): Record<string, string[]> {
  return Object.fromEntries(
    tables(db).map(({ name, type }) => {
      const rows = (
        db
          .prepare(`SELECT ${type === 'virtual' ? 'rowid AS "rowid", ' : ''}* FROM ${name}`)
          .safeIntegers(true)
          .all() as Record<string, unknown>[]
      ).map(edit[name] ?? ((r) => r));
      return [name, rows.map((r) => JSON.stringify(rounded(r), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).sort()];
    }),
  );
}

/** What src/store/read answers, over ranges that use the hourly rollups, raw rows, and both. */
function answers(db: Db): unknown {
  const ids = sessions(db, { nowMs }).map((s) => s.sessionId);
  const day = localDay(nowMs);
  return rounded({
    sessions: sessions(db, { nowMs }),
    byCost: sessions(db, { nowMs, sort: 'costUsd', limit: 3 }),
    byPromptText: sessions(db, { nowMs, filter: 'hello.py' }),
    byProjectLabel: sessions(db, { nowMs, filter: 'billing' }),
    byTranscriptProject: sessions(db, { nowMs, project: 'beta' }),
    overview: sessionsOverview(db, { nowMs }),
    details: ids.map((id) => session(db, id, nowMs)),
    prefix: sessionIdsWithPrefix(db, '0a'),
    summaryAll: summary(db, { nowMs }),
    summaryDayHourly: summary(db, { sinceMs: nowMs - 24 * hourMs, untilMs: nowMs, nowMs, bucketMs: hourMs }),
    summaryLastHour: summary(db, { sinceMs: nowMs - hourMs, nowMs }),
    projects: projects(db, { nowMs }),
    projectCosts: projectCosts(db),
    planUsage: planUsage(db, { nowMs }),
    commits: commits(db),
    commitCosts: commitCosts(db),
    commitDetails: commits(db).map((c) => commitDetail(db, c.commitId, nowMs)),
    branches: branchCosts(db),
    spend: spend(db, { nowMs, day, sessionId: ids[0] }),
    budget: budgetWatch(db, { nowMs, day, sessionWarnUsd: 0.01 }),
    sessionCosts: sessionCostsSince(db, { sinceMs: 0, minCostUsd: 0 }),
    store: storeStatus(db),
    transcripts: transcriptCoverage(db),
    untracked: untrackedUsage(db, {}),
    forward: forwardStatus(db),
    forwardTotals: forwardTotals(db),
    exportedEvents: [...exportEvents(db, {})],
    exportedPoints: [...exportPoints(db, {})],
  });
}

const pastVersions = Array.from({ length: schemaVersion - 1 }, (_, i) => i + 1);

describe('upgrading from every past version', () => {
  it('compares databases with data in every table, so an empty answer cannot pass for a right one', async () => {
    const { db } = await freshFor(schemaVersion);
    const empty = Object.entries(rowsOf(db))
      .filter(([, rows]) => rows.length === 0)
      .map(([name]) => name);
    expect(empty).toEqual(['cumulative_anchors']);
    expect(answers(db)).toMatchObject({
      commits: [{ branch: 'feature/lab-commit' }],
      byPromptText: [{}, {}],
      byProjectLabel: [{ project: 'billing-api' }],
      byTranscriptProject: [{}],
      planUsage: { fiveHour: {} },
      forward: [{ delivered: 1, dropped: 1 }],
    });
    expect(sessions(db, { nowMs, filter: 'desk' })).toMatchObject([
      { sessionId: '0a000000-0000-4000-8000-0000000000d1', machine: 'desk', costUsd: null, errors: 2 },
    ]);
    expect(db.prepare('SELECT (SELECT count(*) FROM sync_segments WHERE error IS NOT NULL), (SELECT count(*) FROM sync_raised_points)').raw().get()).toEqual([
      1, 1,
    ]);
    expect(sessions(db, { nowMs }).filter((s) => s.sessionId.endsWith('00b1') || s.sessionId.endsWith('00c1'))).toMatchObject([
      { sessionId: '0a000000-0000-4000-8000-0000000000c1', costUsd: 0.0381, errors: null },
      { sessionId: '0a000000-0000-4000-8000-0000000000b1', costUsd: null, errors: 2 },
    ]);
  });

  it('a new file (version 0) ends in the fresh schema', async () => {
    const db = openDatabase(path.join(dir, 'v0.db'));
    expect(schemaOf(db)).toEqual(schemaOf((await freshFor(schemaVersion)).db));
    db.close();
  });

  it.each(pastVersions)('version %i ends in the fresh schema, rows and read-model answers', async (v) => {
    const fresh = await freshFor(v);
    const file = path.join(dir, `v${v}.db`);
    buildAtVersion(file, v, fresh.file, fresh.db);
    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(schemaOf(db)).toEqual(schemaOf(fresh.db));
    // Spans filled from trace_requests lack only what those rows never held (see migration 011).
    const rows = (d: Db) => (v < 11 ? rowsOf(d, { spans: (row) => ({ ...row, raw_json: withoutLegacyGaps(String(row['raw_json'])) }) }) : rowsOf(d));
    expect(rows(db)).toEqual(rows(fresh.db));
    expect(answers(db)).toEqual(answers(fresh.db));
    db.close();
  });
});
