// A large request cut into smaller requests of at most N records each, before it is decoded, so the
// decoding can yield to the event loop between pieces. Each piece repeats the resource, scope (and
// metric) fields around its records, so decoding the pieces gives the records of the whole request,
// in order, with the same resource and scope each. Cutting only moves bytes (protobuf) or references
// (JSON); anything unexpected gives the request back whole, for the decoder to judge.
import protobuf from 'protobufjs';
import type { Signal } from './types.js';

/** Where the records sit: the repeated field at each level, from the request down to the records. */
const protobufLevels: Record<Signal, readonly (readonly number[])[]> = {
  // ExportLogsServiceRequest.resource_logs, ResourceLogs.scope_logs, ScopeLogs.log_records
  logs: [[1], [2], [2]],
  // ...resource_metrics, scope_metrics, metrics, the metric's data (gauge, sum, histogram,
  // exponential_histogram, summary: one of them), its data_points
  metrics: [[1], [2], [2], [5, 7, 9, 10, 11], [1]],
  traces: [[1], [2], [2]],
};

const jsonLevels: Record<Signal, readonly (readonly string[])[]> = {
  logs: [['resourceLogs'], ['scopeLogs'], ['logRecords']],
  metrics: [['resourceMetrics'], ['scopeMetrics'], ['metrics'], ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'], ['dataPoints']],
  traces: [['resourceSpans'], ['scopeSpans'], ['spans']],
};

/** One message on the way down: what it holds besides its children, and where its records fall. */
interface Node<Own, Item> {
  /** The message without its children (protobuf: its other fields' bytes; JSON: the object). */
  own: Own;
  /** The field each child sits in (protobuf field number or JSON key), and the child. */
  children: { field: number | string; node: Node<Own, Item> }[];
  /** At the last level: the records themselves. */
  records: Item[];
  /** Its slots: its records, or one empty slot when it has none, so it lands in exactly one piece still. */
  first: number;
  count: number;
}

/** A message with no records takes one slot of its own: it must reach the decoder (a metric with no data is an error). */
function close(node: Node<unknown, unknown>, next: { index: number }): void {
  if (next.index === node.first) next.index += 1;
  node.count = next.index - node.first;
}

class Unexpected extends Error {}

/** Protobuf: `own` and `records` hold [start, end) byte offsets into the body, in pairs; no copies until a piece is built. */
type ProtobufNode = Node<number[], number>;

function parseProtobuf(
  body: Uint8Array,
  from: number,
  to: number,
  levels: readonly (readonly number[])[],
  depth: number,
  next: { index: number },
): ProtobufNode {
  const node: ProtobufNode = { own: [], children: [], records: [], first: next.index, count: 0 };
  const descend = levels[depth]!;
  const reader = protobuf.Reader.create(body);
  reader.pos = from;
  reader.len = to;
  while (reader.pos < to) {
    const start = reader.pos;
    const tag = reader.uint32();
    const field = tag >>> 3;
    if (descend.includes(field) && (tag & 7) === 2) {
      const length = reader.uint32();
      const payloadStart = reader.pos;
      if (payloadStart + length > to) throw new Unexpected();
      reader.pos += length;
      if (depth === levels.length - 1) {
        node.records.push(start, reader.pos);
        next.index += 1;
      } else {
        // Two data fields in one metric would decode as one (the last): keep such a request whole.
        if (isSingular(levels, depth) && node.children.length > 0) throw new Unexpected();
        node.children.push({ field, node: parseProtobuf(body, payloadStart, reader.pos, levels, depth + 1, next) });
      }
    } else {
      reader.skipType(tag & 7);
      node.own.push(start, reader.pos);
    }
  }
  close(node, next);
  return node;
}

function varint(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v > 0x7f) {
    out.push((v & 0x7f) | 0x80);
    v >>>= 7;
  }
  out.push(v);
  return out;
}

function isInPiece(node: Node<unknown, unknown>, lo: number, hi: number): boolean {
  return node.first < hi && node.first + node.count > lo;
}

function recordsInPiece<T>(node: Node<unknown, unknown>, records: readonly T[], lo: number, hi: number): T[] {
  return records.slice(Math.max(0, lo - node.first), Math.max(0, hi - node.first));
}

/** The piece's bytes of a message (without its own tag and length), as views into the body. */
function buildProtobuf(body: Uint8Array, node: ProtobufNode, lo: number, hi: number): Uint8Array[] {
  const parts: Uint8Array[] = [];
  for (let i = 0; i < node.own.length; i += 2) parts.push(body.subarray(node.own[i]!, node.own[i + 1]!));
  const first = Math.max(0, lo - node.first);
  const last = Math.min(node.records.length / 2, hi - node.first);
  // Records of one message sit back to back on the wire: one view for the run of them.
  for (let i = first; i < last;) {
    let j = i + 1;
    while (j < last && node.records[2 * j] === node.records[2 * j - 1]) j += 1;
    parts.push(body.subarray(node.records[2 * i]!, node.records[2 * j - 1]!));
    i = j;
  }
  for (const { field, node: child } of node.children) {
    if (!isInPiece(child, lo, hi)) continue;
    const content = buildProtobuf(body, child, lo, hi);
    const length = content.reduce((n, p) => n + p.length, 0);
    parts.push(Uint8Array.from([...varint(((field as number) << 3) | 2), ...varint(length)]), ...content);
  }
  return parts;
}

type Json = Record<string, unknown>;

function snake(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function parseJson(value: unknown, levels: readonly (readonly string[])[], depth: number, next: { index: number }): Node<Json, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Unexpected();
  const object = value as Json;
  const node: Node<Json, unknown> = { own: object, children: [], records: [], first: next.index, count: 0 };
  const present = levels[depth]!.flatMap((k) => [k, snake(k)]).filter((k, i, all) => all.indexOf(k) === i && object[k] !== undefined && object[k] !== null);
  if (present.length > 1) throw new Unexpected();
  const key = present[0];
  if (key !== undefined) {
    const items = isSingular(levels, depth) ? [object[key]] : object[key];
    if (!Array.isArray(items)) throw new Unexpected();
    if (depth === levels.length - 1) {
      node.records = items as Json[];
      next.index += items.length;
    } else {
      for (const item of items) node.children.push({ field: key, node: parseJson(item, levels, depth + 1, next) });
    }
  }
  close(node, next);
  return node;
}

function buildJson(node: Node<Json, unknown>, lo: number, hi: number, levels: readonly (readonly string[])[], depth: number): Json {
  const key = levels[depth]!.flatMap((k) => [k, snake(k)]).find((k) => node.own[k] !== undefined && node.own[k] !== null);
  if (key === undefined) return node.own;
  if (depth === levels.length - 1) return { ...node.own, [key]: recordsInPiece(node, node.records, lo, hi) };
  const built = node.children.filter((c) => isInPiece(c.node, lo, hi)).map((c) => buildJson(c.node, lo, hi, levels, depth + 1));
  return { ...node.own, [key]: isSingular(levels, depth) ? built[0] : built };
}

/** A metric's data field holds one message, not a list. */
function isSingular(levels: readonly (readonly unknown[])[], depth: number): boolean {
  return levels[depth]!.length > 1;
}

function pieces<P>(total: number, maxRecords: number, build: (lo: number, hi: number) => P): P[] {
  const out: P[] = [];
  for (let lo = 0; lo < total; lo += maxRecords) out.push(build(lo, Math.min(total, lo + maxRecords)));
  return out;
}

/**
 * The protobuf body as pieces of at most `maxRecords` records each (the body itself when it holds no
 * more), each built only when asked for: a piece is a few hundred KiB, the body up to 16 MiB.
 */
export function splitProtobuf(signal: Signal, body: Uint8Array, maxRecords: number): (() => Uint8Array)[] {
  try {
    const next = { index: 0 };
    const root = parseProtobuf(body, 0, body.length, protobufLevels[signal], 0, next);
    if (next.index <= maxRecords) return [() => body];
    return pieces(next.index, maxRecords, (lo, hi) => () => Buffer.concat(buildProtobuf(body, root, lo, hi)));
  } catch {
    return [() => body];
  }
}

/** The parsed OTLP/JSON request as pieces of at most `maxRecords` records each (itself when it holds no more). */
export function splitJson(signal: Signal, wire: unknown, maxRecords: number): unknown[] {
  try {
    const next = { index: 0 };
    const levels = jsonLevels[signal];
    const root = parseJson(wire, levels, 0, next);
    if (next.index <= maxRecords) return [wire];
    return pieces(next.index, maxRecords, (lo, hi) => buildJson(root, lo, hi, levels, 0));
  } catch {
    return [wire];
  }
}
