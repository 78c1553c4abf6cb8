// Distinct OTLP requests made from the real Claude Code captures (test/fixtures/captures): each copy
// gets its own session.id and request_id, so every request stores its own rows and a retry of it
// stores nothing new. Bodies keep the capture's encoding (protobuf or JSON, gzip or not).
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { otlpRoot } from '../../dist/src/otlp/proto/schema-root.js';
import { migrate } from '../../dist/src/store/migrate.js';
import { createWriter } from '../../dist/src/store/write.js';
import { ingest } from '../../dist/src/receiver/ingest.js';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'claude-otel-tui.mjs');
const capturesDir = path.join(repoRoot, 'test', 'fixtures', 'captures');

const requestTypes = {
  logs: otlpRoot.lookupType('otlp.ExportLogsServiceRequest'),
  metrics: otlpRoot.lookupType('otlp.ExportMetricsServiceRequest'),
};

/** Every captured request: its path, headers, bytes (as sent, and without gzip), and the decoded message to rewrite. */
export function loadTemplates() {
  const templates = [];
  for (const caseName of fs.readdirSync(capturesDir).sort()) {
    const dir = path.join(capturesDir, caseName);
    for (const file of fs
      .readdirSync(dir)
      .filter((f) => /^\d{3}-(logs|metrics)\.(pb|json)(\.gz)?$/.test(f))
      .sort()) {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.(pb|json)(\.gz)?$/, '.meta.json')), 'utf8'));
      const signal = file.includes('-logs.') ? 'logs' : 'metrics';
      const isGzip = file.endsWith('.gz');
      const format = file.includes('.pb') ? 'protobuf' : 'json';
      const raw = fs.readFileSync(path.join(dir, file));
      const plain = isGzip ? zlib.gunzipSync(raw) : raw;
      const type = requestTypes[signal];
      const message = format === 'protobuf' ? type.toObject(type.decode(plain), { longs: String }) : JSON.parse(plain.toString('utf8'));
      const headers = { 'content-type': meta.headers['content-type'] };
      if (meta.headers['content-encoding']) headers['content-encoding'] = meta.headers['content-encoding'];
      templates.push({ name: `${caseName}/${file}`, path: meta.path, signal, format, isGzip, headers, raw, plain, message });
    }
  }
  return templates;
}

function rewrite(value, sessionId, tag) {
  if (Array.isArray(value)) return value.map((v) => rewrite(v, sessionId, tag));
  if (value === null || typeof value !== 'object' || value instanceof Uint8Array) return value;
  if (value.key === 'session.id' && typeof value.value?.stringValue === 'string') return { ...value, value: { stringValue: sessionId } };
  if (value.key === 'request_id' && typeof value.value?.stringValue === 'string')
    return { ...value, value: { stringValue: `${value.value.stringValue}-${tag}` } };
  const out = {};
  for (const [k, v] of Object.entries(value)) out[k] = rewrite(v, sessionId, tag);
  return out;
}

/** The template's request as a new session: `sessionId` is unique per request. */
export function distinctRequest(template, sessionId) {
  const message = rewrite(template.message, sessionId, sessionId);
  let body;
  if (template.format === 'protobuf') {
    const type = requestTypes[template.signal];
    body = Buffer.from(type.encode(type.fromObject(message)).finish());
  } else {
    body = Buffer.from(JSON.stringify(message));
  }
  if (template.isGzip) body = zlib.gzipSync(body);
  return { path: template.path, headers: template.headers, body, sessionId };
}

/**
 * What one request of each template stores (rows, and the sums the read models add up), found by
 * running it through the real ingest path into a scratch database. Every row it stores carries its
 * session id, so the rows of one request can be counted in the real database afterwards.
 */
export function expectedPerTemplate(templates) {
  const db = new Database(':memory:');
  migrate(db, { readonly: false });
  const writer = createWriter(db);
  return templates.map((template, i) => {
    const sessionId = `expected-${i}`;
    const req = distinctRequest(template, sessionId);
    const body = template.isGzip ? zlib.gunzipSync(req.body) : req.body;
    const result = ingest(writer, template.signal, template.format, body, 0);
    const rows = rowsOf(db, sessionId);
    if (rows.events + rows.points !== result.inserted) {
      throw new Error(`${template.name}: ${result.inserted} rows stored but ${rows.events + rows.points} carry the session id`);
    }
    if (result.inserted === 0) throw new Error(`${template.name}: stores nothing`);
    return rows;
  });
}

/** The rows of one session: events, metric points, and their summed tokens/cost/deltas. */
export function rowsOf(db, sessionId) {
  const e = db.prepare('SELECT COUNT(*) AS n, TOTAL(input_tokens) AS input, TOTAL(cost_usd) AS cost FROM events WHERE session_id = ?').get(sessionId);
  const p = db
    .prepare('SELECT COUNT(*) AS n, TOTAL(p.delta) AS delta FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.session_id = ?')
    .get(sessionId);
  return { events: e.n, points: p.n, inputTokens: e.input, costUsd: e.cost, deltaSum: p.delta };
}

/** Whole-database totals, to compare with the sum over distinct requests. */
export function totalsOf(db) {
  const e = db.prepare('SELECT COUNT(*) AS n, TOTAL(input_tokens) AS input, TOTAL(cost_usd) AS cost FROM events').get();
  const p = db.prepare('SELECT COUNT(*) AS n, TOTAL(delta) AS delta FROM metric_points').get();
  return { events: e.n, points: p.n, inputTokens: e.input, costUsd: e.cost, deltaSum: p.delta };
}

export function addRows(a, b) {
  return {
    events: a.events + b.events,
    points: a.points + b.points,
    inputTokens: a.inputTokens + b.inputTokens,
    costUsd: a.costUsd + b.costUsd,
    deltaSum: a.deltaSum + b.deltaSum,
  };
}

export const noRows = { events: 0, points: 0, inputTokens: 0, costUsd: 0, deltaSum: 0 };

/** Exact for counts; sums of doubles compared to a relative 1e-9. */
export function sameRows(a, b) {
  const close = (x, y) => Math.abs(x - y) <= 1e-9 * Math.max(1, Math.abs(x), Math.abs(y));
  return a.events === b.events && a.points === b.points && close(a.inputTokens, b.inputTokens) && close(a.costUsd, b.costUsd) && close(a.deltaSum, b.deltaSum);
}
