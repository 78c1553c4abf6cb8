// The property of issue 11 (run by test/record-mutations-*.test.ts): Claude Code adds, renames and
// drops attributes from version to version, and no such change may cost data. For every record of
// every real capture (Claude Code 2.1.197's and 2.1.332's: logs, metrics and traces), each attribute
// is dropped in turn and given a value of every other AnyValue type; every such request is answered
// 200 by the real receiver over HTTP, every untouched record in it is stored exactly as the
// unmodified request stores it, and the changed record is stored or counted in partial_success. Changing a resource attribute touches every record: each is stored or
// counted. The rollups kept beside the rows equal a rebuild from them, so a record that was taken
// back left nothing behind.
//
// Many requests share one database (one SQLite file per capture): each goes as a copy of its own
// (its own session, or for spans its own trace ids; see copiesOf) and is compared by that copy's rows.
// Each signal runs as a test file of its own, so the parts can use two cores.
import http from 'node:http';
import { expect } from 'vitest';
import { otlpRoot } from '../../src/otlp/proto/schema-root.js';
import type { Db } from '../../src/store/open.js';
import { rebuildRollups } from '../../src/store/rollups.js';
import type { CapturedRequest } from './captures.js';
import {
  copiesOf,
  encode,
  isProtobuf,
  messageOf,
  mutationsOf,
  recordAttributes,
  records as recordsOf,
  resourceAttributes,
  type Mutation,
} from './record-mutations.js';
import { tempReceiver, type TempReceiver } from './temp-store.js';

const stores: TempReceiver[] = [];
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

/** Stops every receiver (and removes its database). */
export async function stopAll(): Promise<void> {
  agent.destroy();
  for (const s of stores.splice(0)) await s.stop();
}

const responseTypes = {
  logs: otlpRoot.lookupType('otlp.ExportLogsServiceResponse'),
  metrics: otlpRoot.lookupType('otlp.ExportMetricsServiceResponse'),
  traces: otlpRoot.lookupType('otlp.ExportTraceServiceResponse'),
};
const rejectedField = { logs: 'rejectedLogRecords', metrics: 'rejectedDataPoints', traces: 'rejectedSpans' } as const;
const tables = { logs: 'events', metrics: 'metric_points', traces: 'spans' } as const;

interface Answer {
  status: number;
  rejected: number;
  errorMessage: string;
}

/** POSTs on one kept-alive connection, as an exporter does; the status and partial_success of the answer. */
function send(url: string, capture: CapturedRequest, body: Uint8Array): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}${capture.path}`, {
      method: 'POST',
      agent,
      headers: { 'content-type': capture.headers['content-type']!, 'content-length': body.length },
    });
    req.once('error', reject);
    req.once('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('end', () => {
        const bytes = Buffer.concat(chunks);
        if (res.statusCode !== 200) return resolve({ status: res.statusCode ?? 0, rejected: -1, errorMessage: bytes.toString() });
        const type = responseTypes[capture.signal];
        const answer = (isProtobuf(capture) ? type.toObject(type.decode(bytes), { longs: Number }) : JSON.parse(bytes.toString() || '{}')) as {
          partialSuccess?: Record<string, unknown>;
        };
        const partial = answer.partialSuccess ?? {};
        resolve({ status: 200, rejected: Number(partial[rejectedField[capture.signal]] ?? 0), errorMessage: String(partial['errorMessage'] ?? '') });
      });
    });
    req.end(body);
  });
}

const rollupTables = ['session_stats', 'session_models', 'usage_hours', 'tool_hours', 'decision_hours', 'metric_hours'];

/** Every rollup row, floats to 9 significant digits (a rebuild adds them in another order). */
function rollups(db: Db): Record<string, string[]> {
  const round = (_k: string, v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(9)) : v);
  return Object.fromEntries(rollupTables.map((t) => [t, (db.prepare(`SELECT * FROM ${t}`).all() as unknown[]).map((r) => JSON.stringify(r, round)).sort()]));
}

interface Variant {
  label: string;
  /** The record changed, or null for a resource attribute (every record under it changes). */
  record: number | null;
  mutation: Mutation;
  attributes: Parameters<Mutation['apply']>[0];
}

/**
 * Sends every record and resource mutation of one capture into its own receiver and database. With
 * `covered`, only the mutations of attributes not covered yet: each attribute of each kind of record
 * (event, metric or span name; or the resource), given every value, once across the captures sharing it.
 */
export async function mutateCapture(capture: CapturedRequest, covered?: Set<string>): Promise<{ requests: number; problems: string[]; rollupsMatch: boolean }> {
  const store = await tempReceiver({ now: () => 0 });
  stores.push(store);
  // Durability is not under test here; without an fsync per request the whole cross product runs in seconds.
  store.db.pragma('synchronous = OFF');
  const url = store.receiver.url;
  const table = tables[capture.signal];
  const lastId = store.db.prepare(`SELECT coalesce(MAX(id), 0) FROM ${table}`).pluck();
  const countAfter = store.db.prepare(`SELECT COUNT(*) FROM ${table} WHERE id > ?`).pluck();

  const message = messageOf(capture);
  const records = recordAttributes(capture.signal, message);
  const copies = copiesOf(store.db, capture.signal, message);
  copies.set(0);
  expect(await send(url, capture, encode(capture, message))).toEqual({ status: 200, rejected: 0, errorMessage: '' });
  const expected = copies.rows(0);
  const n = records.length;
  expect(expected).toHaveLength(n);

  const kinds = recordsOf(capture.signal, message).map(({ kind }) => kind);
  const isNew = (kind: string, key: string): boolean => {
    if (covered === undefined) return true;
    if (covered.has(`${kind} ${key}`)) return false;
    covered.add(`${kind} ${key}`);
    return true;
  };
  const variants: Variant[] = [
    ...records.flatMap((attributes, record) =>
      attributes
        .filter((a) => isNew(`${capture.signal} ${kinds[record]!}`, a.key))
        .flatMap((a) => mutationsOf(attributes).filter(({ index }) => attributes[index] === a))
        .map(({ index, mutation }) => ({
          label: `record ${record} (${kinds[record]!}): ${mutation.label} (attribute ${index})`,
          record,
          mutation,
          attributes,
        })),
    ),
    ...resourceAttributes(capture.signal, message).flatMap((attributes, resource) =>
      attributes
        .filter((a) => isNew(`${capture.signal} resource`, a.key))
        .flatMap((a) => mutationsOf(attributes).filter(({ index }) => attributes[index] === a))
        .map(({ mutation }) => ({ label: `resource ${resource}: ${mutation.label}`, record: null, mutation, attributes })),
    ),
  ];
  const problems: string[] = [];
  for (const [i, variant] of variants.entries()) {
    const k = i + 1;
    copies.set(k);
    const undo = variant.mutation.apply(variant.attributes);
    const body = encode(capture, message);
    undo();
    const before = lastId.get() as number;
    const answer = await send(url, capture, body);
    const stored = countAfter.get(before) as number;
    const problem = problemOf(variant.record, n, expected, copies.rows(k), stored, answer);
    if (problem !== '') problems.push(`${capture.case}/${capture.file} ${variant.label}: ${problem}`);
  }
  const incremental = rollups(store.db);
  rebuildRollups(store.db);
  return { requests: variants.length, problems, rollupsMatch: JSON.stringify(incremental) === JSON.stringify(rollups(store.db)) };
}

/** '' when the request was answered 200, its untouched records are stored exactly, and every record is stored or counted as rejected. */
function problemOf(record: number | null, n: number, expected: readonly string[], rows: readonly string[], stored: number, answer: Answer): string {
  if (answer.status !== 200) return `answered ${answer.status}: ${answer.errorMessage}`;
  if (stored + answer.rejected !== n) return `${stored} stored + ${answer.rejected} rejected of ${n} records`;
  if (answer.rejected > 0 && answer.errorMessage === '') return 'rejected without a reason';
  if (record === null) return '';
  if (answer.rejected > 1) return `${answer.rejected} rejected; only the changed record may be`;
  const untouched = expected.filter((_, i) => i !== record);
  // The changed record is stored with its copy (at its place), elsewhere (its session id was the change), or rejected.
  const others = rows.length === n ? rows.filter((_, i) => i !== record) : rows;
  return JSON.stringify(others) === JSON.stringify(untouched) ? '' : `untouched rows differ:\n${others.filter((r) => !untouched.includes(r)).join('\n')}`;
}
