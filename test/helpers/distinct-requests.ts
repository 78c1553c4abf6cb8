// Distinct requests made from the real captures: each copy gets its own session.id (and request_id),
// so it stores its own rows and a retry of it stores nothing new. What one copy of each capture
// stores is found by the real ingest path, in a scratch database.
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { expect } from 'vitest';
import { otlpRoot } from '../../src/otlp/proto/schema-root.js';
import { ingest } from '../../src/receiver/ingest.js';
import { migrate } from '../../src/store/migrate.js';
import type { Db } from '../../src/store/open.js';
import { createWriter } from '../../src/store/write.js';
import type { CapturedRequest } from './captures.js';

export interface Outgoing {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

/** What a request stores: its rows, and the sums the read models add up. */
export interface Rows {
  events: number;
  points: number;
  inputTokens: number;
  costUsd: number;
  deltaSum: number;
}

const requestTypes = {
  logs: otlpRoot.lookupType('otlp.ExportLogsServiceRequest'),
  metrics: otlpRoot.lookupType('otlp.ExportMetricsServiceRequest'),
  traces: otlpRoot.lookupType('otlp.ExportTraceServiceRequest'),
};

function isGzip(capture: CapturedRequest): boolean {
  return capture.headers['content-encoding'] === 'gzip';
}

function isProtobuf(capture: CapturedRequest): boolean {
  return capture.headers['content-type'] === 'application/x-protobuf';
}

/** The capture's body as sent on the wire, without its gzip. */
export function plainBody(capture: CapturedRequest): Buffer {
  return isGzip(capture) ? zlib.gunzipSync(capture.body) : capture.body;
}

/** The capture as a plain message (protobufjs object or OTLP/JSON): the same attribute shape either way. */
function decoded(capture: CapturedRequest): unknown {
  const type = requestTypes[capture.signal];
  return isProtobuf(capture) ? type.toObject(type.decode(plainBody(capture)), { longs: String }) : (JSON.parse(plainBody(capture).toString('utf8')) as unknown);
}

function rewrite(value: unknown, sessionId: string): unknown {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, sessionId));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  const o = value as { key?: unknown; value?: { stringValue?: unknown } };
  if (o.key === 'session.id' && typeof o.value?.stringValue === 'string') return { key: o.key, value: { stringValue: sessionId } };
  if (o.key === 'request_id' && typeof o.value?.stringValue === 'string') return { key: o.key, value: { stringValue: `${o.value.stringValue}-${sessionId}` } };
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rewrite(v, sessionId)]));
}

/** The capture as a new session, in the capture's own encoding and compression. */
export function distinctRequest(capture: CapturedRequest, sessionId: string): Outgoing {
  const message = rewrite(decoded(capture), sessionId);
  const type = requestTypes[capture.signal];
  const plain = isProtobuf(capture)
    ? Buffer.from(type.encode(type.fromObject(message as Record<string, unknown>)).finish())
    : Buffer.from(JSON.stringify(message));
  return { path: capture.path, headers: capture.headers, body: isGzip(capture) ? zlib.gzipSync(plain) : plain };
}

/** The rows one copy of each capture stores; every one of them carries the copy's session id. */
export function expectedRows(captures: readonly CapturedRequest[]): Rows[] {
  const db = new Database(':memory:');
  migrate(db, { readonly: false });
  const writer = createWriter(db);
  const rows = captures.map((capture, i) => {
    const sessionId = `expected-${i}`;
    const copy = distinctRequest(capture, sessionId);
    const result = ingest(writer, capture.signal, isProtobuf(capture) ? 'protobuf' : 'json', isGzip(capture) ? zlib.gunzipSync(copy.body) : copy.body, 0);
    const stored = rowsOf(db, sessionId);
    if (result.inserted === 0 || stored.events + stored.points !== result.inserted) {
      throw new Error(`${capture.case}/${capture.file}: ${result.inserted} rows stored, ${stored.events + stored.points} of them under its session id`);
    }
    return stored;
  });
  db.close();
  return rows;
}

/** rowsOf on a database file, through a read-only connection of its own (another process may hold it). */
export function rowsOfFile(dbPath: string, sessionId: string): Rows {
  const db = new Database(dbPath, { readonly: true });
  const rows = rowsOf(db, sessionId);
  db.close();
  return rows;
}

export function rowsOf(db: Db, sessionId: string): Rows {
  const e = db.prepare('SELECT COUNT(*) AS n, TOTAL(input_tokens) AS input, TOTAL(cost_usd) AS cost FROM events WHERE session_id = ?').get(sessionId) as {
    n: number;
    input: number;
    cost: number;
  };
  const p = db
    .prepare('SELECT COUNT(*) AS n, TOTAL(p.delta) AS delta FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.session_id = ?')
    .get(sessionId) as { n: number; delta: number };
  return { events: e.n, points: p.n, inputTokens: e.input, costUsd: e.cost, deltaSum: p.delta };
}

export function totalsOf(db: Db): Rows {
  const e = db.prepare('SELECT COUNT(*) AS n, TOTAL(input_tokens) AS input, TOTAL(cost_usd) AS cost FROM events').get() as {
    n: number;
    input: number;
    cost: number;
  };
  const p = db.prepare('SELECT COUNT(*) AS n, TOTAL(delta) AS delta FROM metric_points').get() as { n: number; delta: number };
  return { events: e.n, points: p.n, inputTokens: e.input, costUsd: e.cost, deltaSum: p.delta };
}

export function sumRows(rows: readonly Rows[]): Rows {
  return rows.reduce(
    (a, b) => ({
      events: a.events + b.events,
      points: a.points + b.points,
      inputTokens: a.inputTokens + b.inputTokens,
      costUsd: a.costUsd + b.costUsd,
      deltaSum: a.deltaSum + b.deltaSum,
    }),
    { events: 0, points: 0, inputTokens: 0, costUsd: 0, deltaSum: 0 },
  );
}

/** A matcher for rows: counts exactly, the floating-point sums to 6 places (their order of addition differs). */
export function rowsCloseTo(rows: Rows): Record<keyof Rows, unknown> {
  return {
    events: rows.events,
    points: rows.points,
    inputTokens: rows.inputTokens,
    costUsd: expect.closeTo(rows.costUsd, 6),
    deltaSum: expect.closeTo(rows.deltaSum, 6),
  };
}
