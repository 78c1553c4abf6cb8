// Requests made from the real captures with one attribute of one record dropped or given a value of
// another AnyValue type, as a newer (or older) Claude Code might send it; and the stored rows of a
// request in a shape that can be compared with the rows of the unmodified request.
import zlib from 'node:zlib';
import { otlpRoot } from '../../src/otlp/proto/schema-root.js';
import type { Db } from '../../src/store/open.js';
import type { CapturedRequest } from './captures.js';

type Obj = Record<string, unknown>;
export interface KeyValue {
  key: string;
  value: Obj;
}

const requestTypes = {
  logs: otlpRoot.lookupType('otlp.ExportLogsServiceRequest'),
  metrics: otlpRoot.lookupType('otlp.ExportMetricsServiceRequest'),
  traces: otlpRoot.lookupType('otlp.ExportTraceServiceRequest'),
};

export function isProtobuf(capture: CapturedRequest): boolean {
  return capture.headers['content-type'] === 'application/x-protobuf';
}

function plainBody(capture: CapturedRequest): Buffer {
  return capture.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(capture.body) : capture.body;
}

/** The capture as a plain message: protobufjs' object form or OTLP/JSON, which share the attribute shape. */
export function messageOf(capture: CapturedRequest): Obj {
  const type = requestTypes[capture.signal];
  return isProtobuf(capture)
    ? (type.toObject(type.decode(plainBody(capture)), { longs: String, bytes: Array }) as Obj)
    : (JSON.parse(plainBody(capture).toString('utf8')) as Obj);
}

/** The message in the capture's own encoding (uncompressed). */
export function encode(capture: CapturedRequest, message: Obj): Buffer {
  const type = requestTypes[capture.signal];
  return isProtobuf(capture) ? Buffer.from(type.encode(type.fromObject(message)).finish()) : Buffer.from(JSON.stringify(message));
}

const list = (o: Obj, key: string): Obj[] => (Array.isArray(o[key]) ? (o[key] as Obj[]) : []);
const metricData = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'];
type Signal = CapturedRequest['signal'];
const resourceKey = { logs: 'resourceLogs', metrics: 'resourceMetrics', traces: 'resourceSpans' } as const;
const scopeKey = { logs: 'scopeLogs', metrics: 'scopeMetrics', traces: 'scopeSpans' } as const;

/** Every record of the message (log records, metric data points or spans), in request order, with its kind: the event (its body), metric or span name. */
export function records(signal: Signal, message: Obj): { record: Obj; kind: string }[] {
  const out: { record: Obj; kind: string }[] = [];
  for (const resource of list(message, resourceKey[signal])) {
    for (const scope of list(resource, scopeKey[signal])) {
      if (signal === 'logs') out.push(...list(scope, 'logRecords').map((record) => ({ record, kind: JSON.stringify(record['body'] ?? null) })));
      if (signal === 'traces') out.push(...list(scope, 'spans').map((record) => ({ record, kind: String(record['name']) })));
      if (signal !== 'metrics') continue;
      for (const metric of list(scope, 'metrics')) {
        for (const kind of metricData) {
          const data = metric[kind] as Obj | undefined;
          out.push(...(data === undefined ? [] : list(data, 'dataPoints')).map((record) => ({ record, kind: String(metric['name']) })));
        }
      }
    }
  }
  return out;
}

/** Every record's attribute list, in request order. */
export function recordAttributes(signal: Signal, message: Obj): KeyValue[][] {
  return records(signal, message).map(({ record }) => (record['attributes'] ??= []) as KeyValue[]);
}

/** Every resource's attribute list: a change there touches every record under it. */
export function resourceAttributes(signal: Signal, message: Obj): KeyValue[][] {
  return list(message, resourceKey[signal]).map((r) => {
    const resource = (r['resource'] ??= {}) as Obj;
    return (resource['attributes'] ??= []) as KeyValue[];
  });
}

/**
 * One value of each AnyValue type the issue names (bytes, which Claude Code never sends, is not one).
 * The numbers are the awkward ones: an int64 no JS number holds exactly, a fraction where whole
 * numbers are expected. Protobuf's object form and OTLP/JSON write all of them alike.
 */
export function replacements(): { type: string; value: Obj }[] {
  return [
    { type: 'string', value: { stringValue: 'mutated' } },
    { type: 'int', value: { intValue: '9223372036854775807' } },
    { type: 'double', value: { doubleValue: 0.25 } },
    { type: 'bool', value: { boolValue: true } },
    { type: 'array', value: { arrayValue: { values: [{ stringValue: 'a' }, { intValue: '1' }] } } },
    { type: 'kvlist', value: { kvlistValue: { values: [{ key: 'k', value: { stringValue: 'v' } }] } } },
    { type: 'empty', value: {} },
  ];
}

export function typeOf(value: Obj): string {
  const key = Object.keys(value).find((k) => value[k] !== undefined && value[k] !== null);
  return key === undefined ? 'empty' : key.replace(/Value$/, '').replace(/^kvlist$/, 'kvlist');
}

export interface Mutation {
  /** e.g. `drop success` or `tool_name → int`. */
  label: string;
  /** Changes the attribute list in place; returns what puts it back. */
  apply(attributes: KeyValue[]): () => void;
}

/** Dropping each attribute, and giving it each value of another type. */
export function mutationsOf(attributes: readonly KeyValue[]): { index: number; mutation: Mutation }[] {
  const out: { index: number; mutation: Mutation }[] = [];
  attributes.forEach((attribute, index) => {
    out.push({ index, mutation: { label: `drop ${attribute.key}`, apply: (a) => restoring(a, () => void a.splice(index, 1)) } });
    const own = typeOf(attribute.value);
    for (const r of replacements()) {
      if (r.type === own) continue;
      out.push({
        index,
        mutation: { label: `${attribute.key} → ${r.type}`, apply: (a) => restoring(a, () => void (a[index] = { key: attribute.key, value: r.value })) },
      });
    }
  });
  return out;
}

function restoring(attributes: KeyValue[], change: () => void): () => void {
  const before = [...attributes];
  change();
  return () => void attributes.splice(0, attributes.length, ...before);
}

/** Numbered copies of one message that store apart, and the rows each stored, masked so copies compare. */
export interface Copies {
  /** Makes the message copy `k` (changed in place; call again for the next copy). */
  set(k: number): void;
  /** The rows copy `k` stored, one string per row in insertion order. */
  rows(k: number): string[];
}

/**
 * Copies of logs and metrics get their own session id (and request ids a suffix), as
 * helpers/distinct-requests.ts makes them; spans, whose natural key is their trace and span id, get
 * trace ids of their own (the first 4 bytes replaced by the copy number).
 */
export function copiesOf(db: Db, signal: Signal, message: Obj): Copies {
  if (signal === 'traces') return traceCopies(db, message);
  const setSession = sessionSetter(recordAttributes(signal, message));
  const rowsOf = storedRowsOf(db, signal);
  return { set: (k) => setSession(`session-${k}`), rows: (k) => rowsOf(`session-${k}`) };
}

/**
 * Gives every record of the message the session `sessionId` (and its request ids a suffix), so
 * copies store apart; call again for the next copy. Resource attributes are left alone.
 */
export function sessionSetter(recordLists: readonly KeyValue[][]): (sessionId: string) => void {
  const targets = recordLists.flatMap((attributes) =>
    attributes.filter((a) => a.key === 'session.id' || (a.key === 'request_id' && typeof a.value['stringValue'] === 'string')),
  );
  const originals = targets.map((a) => a.value['stringValue'] as string);
  return (sessionId) => {
    targets.forEach((a, i) => {
      a.value = { stringValue: a.key === 'session.id' ? sessionId : `${originals[i]!}-${sessionId}` };
    });
  };
}

/**
 * The rows a session's records were stored as, one string per row, in insertion order: every
 * column but the row id and the arrival time. A content hash (an event's `hash:` key, a series key)
 * is left out, since it covers the session id; the columns it hashes are compared themselves.
 */
export function storedRowsOf(db: Db, signal: 'logs' | 'metrics'): (sessionId: string) => string[] {
  const columns = (table: string, alias: string, left: readonly string[]) => columnsOf(db, table, alias, left);
  // Built by SQLite, which writes integers (nanosecond times) exactly; the session id is masked so copies compare.
  const select =
    signal === 'logs'
      ? db.prepare(
          `SELECT replace(json_array(${columns('events', 'e', ['id', 'received_ms']).join(', ')}), @session, '<session>') FROM events e WHERE e.session_id = @session ORDER BY e.id`,
        )
      : db.prepare(`SELECT replace(json_array(${[...columns('metric_points', 'p', ['id', 'series_id', 'received_ms']), ...columns('metric_series', 's', ['id', 'series_key'])].join(', ')}), @session, '<session>')
        FROM metric_points p JOIN metric_series s ON s.id = p.series_id WHERE s.session_id = @session ORDER BY p.id`);
  return (sessionId) => (select.pluck().all({ session: sessionId }) as string[]).map((row) => row.replace(/"hash:[0-9a-f]{64}"/, '"hash"'));
}

export function storedRows(db: Db, signal: 'logs' | 'metrics', sessionId: string): string[] {
  return storedRowsOf(db, signal)(sessionId);
}

const columnsOf = (db: Db, table: string, alias: string, left: readonly string[]): string[] =>
  (db.prepare(`SELECT name FROM pragma_table_info('${table}')`).pluck().all() as string[]).filter((c) => !left.includes(c)).map((c) => `${alias}.${c}`);

function hexOf(id: unknown): string {
  return typeof id === 'string' ? id.toLowerCase() : Buffer.from(id as number[]).toString('hex');
}

function traceCopies(db: Db, message: Obj): Copies {
  const spans = records('traces', message).map(({ record }) => record);
  // Protobuf's object form holds ids as byte arrays (messageOf asks for arrays), OTLP/JSON as hex.
  const originals = spans.map((span) => span['traceId']);
  const isHex = originals.every((id) => typeof id === 'string');
  const copyId = (original: unknown, k: number) => `${k.toString(16).padStart(8, '0')}${hexOf(original).slice(8)}`;
  const select = db
    .prepare(
      `SELECT json_array(${columnsOf(db, 'spans', 's', ['id', 'received_ms']).join(', ')}) FROM spans s WHERE s.trace_id >= @from AND s.trace_id < @to ORDER BY s.id`,
    )
    .pluck();
  return {
    set(k) {
      spans.forEach((span, i) => {
        const hex = copyId(originals[i], k);
        span['traceId'] = isHex ? hex : [...Buffer.from(hex, 'hex')];
      });
    },
    rows(k) {
      const prefix = k.toString(16).padStart(8, '0');
      const back = new Map(originals.map((original) => [copyId(original, k), hexOf(original)]));
      return (select.all({ from: prefix, to: `${prefix}g` }) as string[]).map((row) => row.replace(/[0-9a-f]{32}/g, (id) => back.get(id) ?? id));
    },
  };
}
