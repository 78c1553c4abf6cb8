// One walker turns both wire shapes into the plain objects of types.ts:
// - protobufjs `toObject` output (camelCase keys, 64-bit integers as decimal strings, bytes as Uint8Array),
// - OTLP/JSON (camelCase or snake_case keys, 64-bit integers as strings or numbers, ids as hex,
//   enums as numbers or names, bytesValue as base64).
// Everything is validated here, so a body of the wrong shape is a 400 that names the field.
import {
  DecodeError,
  type AttributeValue,
  type Attributes,
  type DataPoint,
  type LogRecord,
  type LogsRequest,
  type Metric,
  type MetricKind,
  type MetricsRequest,
  type Resource,
  type Scope,
  type Signal,
  type SignalRequest,
  type Span,
  type Temporality,
  type TracesRequest,
} from './types.js';

type Obj = Record<string, unknown>;

/** Nested AnyValues deeper than this are refused: real telemetry is flat, and deep input is an attack. */
const maxValueDepth = 32;

class Walker {
  /**
   * protobufjs decodes invalid UTF-8 into U+FFFD without a word. When the body holds no encoded
   * U+FFFD of its own, a U+FFFD in a decoded string can only mean invalid bytes: refuse them, as
   * the JSON path does.
   */
  constructor(private readonly isReplacementCharAllowed: boolean) {}

  obj(value: unknown, path: string): Obj {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
      throw new DecodeError(`${path}: expected an object, got ${describe(value)}`);
    }
    return value as Obj;
  }

  list(value: unknown, path: string): unknown[] {
    if (value === undefined || value === null) return [];
    if (!Array.isArray(value)) throw new DecodeError(`${path}: expected an array, got ${describe(value)}`);
    return value;
  }

  field(o: Obj, camel: string): unknown {
    const v = o[camel];
    if (v !== undefined) return v;
    return o[camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)];
  }

  str(value: unknown, path: string): string {
    if (value === undefined || value === null) return '';
    if (typeof value !== 'string') throw new DecodeError(`${path}: expected a string, got ${describe(value)}`);
    if (!this.isReplacementCharAllowed && value.includes('\uFFFD')) throw new DecodeError(`${path}: the string is not valid UTF-8`);
    return value;
  }

  /** Unsigned 64-bit nanoseconds as a decimal string ("0" when unset). */
  nanos(value: unknown, path: string): string {
    if (value === undefined || value === null || value === '') return '0';
    if (typeof value === 'string' && /^\d{1,20}$/.test(value)) return BigInt(value).toString();
    if (typeof value === 'number' && Number.isInteger(value) && value >= 0) return BigInt(value).toString();
    throw new DecodeError(`${path}: expected unsigned nanoseconds (integer or decimal string), got ${describe(value)}`);
  }

  /** A signed 64-bit integer: a number when it fits exactly, else its decimal string. */
  int64(value: unknown, path: string): number | string {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string' && /^-?\d{1,20}$/.test(value)) {
      const n = Number(value);
      return Number.isSafeInteger(n) ? n : BigInt(value).toString();
    }
    throw new DecodeError(`${path}: expected a 64-bit integer, got ${describe(value)}`);
  }

  /** An unsigned 64-bit count (fixed64 in the proto): never negative. */
  count(value: unknown, path: string): number {
    if (value === undefined || value === null) return 0;
    const n = Number(this.int64(value, path));
    if (n < 0) throw new DecodeError(`${path}: a count cannot be negative, got ${n}`);
    return n;
  }

  double(value: unknown, path: string): number {
    if (typeof value === 'number') return value;
    if (value === 'NaN') return Number.NaN;
    if (value === 'Infinity') return Number.POSITIVE_INFINITY;
    if (value === '-Infinity') return Number.NEGATIVE_INFINITY;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    throw new DecodeError(`${path}: expected a double, got ${describe(value)}`);
  }

  bool(value: unknown, path: string): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value !== 'boolean') throw new DecodeError(`${path}: expected a boolean, got ${describe(value)}`);
    return value;
  }

  /** Trace and span ids: bytes in protobuf, hex strings in OTLP/JSON; always lower-case hex here. */
  id(value: unknown, path: string): string {
    if (value === undefined || value === null || value === '') return '';
    if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
    if (typeof value === 'string' && /^[0-9a-fA-F]*$/.test(value) && value.length % 2 === 0) return value.toLowerCase();
    throw new DecodeError(`${path}: expected a hex id, got ${describe(value)}`);
  }

  enumValue(value: unknown, names: readonly string[], path: string): number {
    if (value === undefined || value === null) return 0;
    if (typeof value === 'number' && Number.isInteger(value)) return value;
    if (typeof value === 'string') {
      const i = names.indexOf(value);
      if (i >= 0) return i;
      if (/^\d+$/.test(value)) return Number(value);
    }
    throw new DecodeError(`${path}: expected one of ${names.join(', ')}, got ${describe(value)}`);
  }

  anyValue(value: unknown, path: string, depth: number): AttributeValue {
    if (depth > maxValueDepth) throw new DecodeError(`${path}: values nested deeper than ${maxValueDepth} levels`);
    const o = this.obj(value, path);
    const s = this.field(o, 'stringValue');
    if (s !== undefined) return this.str(s, `${path}.stringValue`);
    const b = this.field(o, 'boolValue');
    if (b !== undefined) return this.bool(b, `${path}.boolValue`);
    const i = this.field(o, 'intValue');
    if (i !== undefined) return this.int64(i, `${path}.intValue`);
    const d = this.field(o, 'doubleValue');
    if (d !== undefined) return this.double(d, `${path}.doubleValue`);
    const a = this.field(o, 'arrayValue');
    if (a !== undefined) {
      const values = this.list(this.obj(a, `${path}.arrayValue`)['values'], `${path}.arrayValue.values`);
      return values.map((v, n) => this.anyValue(v, `${path}.arrayValue.values[${n}]`, depth + 1));
    }
    const kv = this.field(o, 'kvlistValue');
    if (kv !== undefined) {
      const values = this.list(this.obj(kv, `${path}.kvlistValue`)['values'], `${path}.kvlistValue.values`);
      return this.keyValues(values, `${path}.kvlistValue.values`, depth + 1);
    }
    const bytes = this.field(o, 'bytesValue');
    if (bytes !== undefined) {
      if (bytes instanceof Uint8Array) return Buffer.from(bytes).toString('base64');
      return this.str(bytes, `${path}.bytesValue`);
    }
    return null;
  }

  keyValues(list: unknown[], path: string, depth = 0): Attributes {
    const out: Attributes = {};
    list.forEach((entry, n) => {
      const kv = this.obj(entry, `${path}[${n}]`);
      const key = this.str(kv['key'], `${path}[${n}].key`);
      out[key] = this.anyValue(kv['value'], `${path}[${n}].value`, depth);
    });
    return out;
  }

  attributes(o: Obj, path: string): Attributes {
    return this.keyValues(this.list(o['attributes'], `${path}.attributes`), `${path}.attributes`);
  }

  resource(value: unknown, path: string): Resource {
    return { attributes: this.attributes(this.obj(value, path), path) };
  }

  scope(value: unknown, path: string): Scope {
    const o = this.obj(value, path);
    return {
      name: this.str(o['name'], `${path}.name`),
      version: this.str(o['version'], `${path}.version`),
      attributes: this.attributes(o, path),
    };
  }
}

const temporalityNames = ['AGGREGATION_TEMPORALITY_UNSPECIFIED', 'AGGREGATION_TEMPORALITY_DELTA', 'AGGREGATION_TEMPORALITY_CUMULATIVE'] as const;

function logsFromWire(value: unknown, isReplacementCharAllowed: boolean): LogsRequest {
  const w = new Walker(isReplacementCharAllowed);
  const root = w.obj(value, 'request');
  return {
    resourceLogs: w.list(w.field(root, 'resourceLogs'), 'resourceLogs').map((rl, i) => {
      const p = `resourceLogs[${i}]`;
      const r = w.obj(rl, p);
      return {
        resource: w.resource(r['resource'], `${p}.resource`),
        scopeLogs: w.list(w.field(r, 'scopeLogs'), `${p}.scopeLogs`).map((sl, j) => {
          const sp = `${p}.scopeLogs[${j}]`;
          const s = w.obj(sl, sp);
          return {
            scope: w.scope(s['scope'], `${sp}.scope`),
            logRecords: w.list(w.field(s, 'logRecords'), `${sp}.logRecords`).map((lr, k) => logRecord(w, lr, `${sp}.logRecords[${k}]`)),
          };
        }),
      };
    }),
  };
}

function logRecord(w: Walker, value: unknown, path: string): LogRecord {
  const o = w.obj(value, path);
  const body = w.field(o, 'body');
  return {
    timeUnixNano: w.nanos(w.field(o, 'timeUnixNano'), `${path}.timeUnixNano`),
    observedTimeUnixNano: w.nanos(w.field(o, 'observedTimeUnixNano'), `${path}.observedTimeUnixNano`),
    severityNumber: w.enumValue(w.field(o, 'severityNumber'), [], `${path}.severityNumber`),
    severityText: w.str(w.field(o, 'severityText'), `${path}.severityText`),
    body: body === undefined || body === null ? null : w.anyValue(body, `${path}.body`, 0),
    attributes: w.attributes(o, path),
    eventName: w.str(w.field(o, 'eventName'), `${path}.eventName`),
    traceId: w.id(w.field(o, 'traceId'), `${path}.traceId`),
    spanId: w.id(w.field(o, 'spanId'), `${path}.spanId`),
  };
}

function metricsFromWire(value: unknown, isReplacementCharAllowed: boolean): MetricsRequest {
  const w = new Walker(isReplacementCharAllowed);
  const root = w.obj(value, 'request');
  return {
    resourceMetrics: w.list(w.field(root, 'resourceMetrics'), 'resourceMetrics').map((rm, i) => {
      const p = `resourceMetrics[${i}]`;
      const r = w.obj(rm, p);
      return {
        resource: w.resource(r['resource'], `${p}.resource`),
        scopeMetrics: w.list(w.field(r, 'scopeMetrics'), `${p}.scopeMetrics`).map((sm, j) => {
          const sp = `${p}.scopeMetrics[${j}]`;
          const s = w.obj(sm, sp);
          return {
            scope: w.scope(s['scope'], `${sp}.scope`),
            metrics: w.list(s['metrics'], `${sp}.metrics`).map((m, k) => metric(w, m, `${sp}.metrics[${k}]`)),
          };
        }),
      };
    }),
  };
}

const metricKinds: readonly MetricKind[] = ['gauge', 'sum', 'histogram', 'exponentialHistogram', 'summary'];

function metric(w: Walker, value: unknown, path: string): Metric {
  const o = w.obj(value, path);
  const name = w.str(o['name'], `${path}.name`);
  if (name === '') throw new DecodeError(`${path}.name: a metric needs a name`);
  const kind = metricKinds.find((k) => w.field(o, k) !== undefined && w.field(o, k) !== null);
  if (kind === undefined) throw new DecodeError(`${path}: metric "${name}" has no data (gauge, sum, histogram, exponentialHistogram or summary)`);
  const data = w.obj(w.field(o, kind), `${path}.${kind}`);
  const temporality = w.enumValue(w.field(data, 'aggregationTemporality'), temporalityNames, `${path}.${kind}.aggregationTemporality`);
  if (temporality > 2 || temporality < 0) throw new DecodeError(`${path}.${kind}.aggregationTemporality: unknown value ${temporality}`);
  const points = w.list(w.field(data, 'dataPoints'), `${path}.${kind}.dataPoints`);
  return {
    name,
    description: w.str(o['description'], `${path}.description`),
    unit: w.str(o['unit'], `${path}.unit`),
    kind,
    temporality: temporality as Temporality,
    isMonotonic: kind === 'sum' ? w.bool(w.field(data, 'isMonotonic'), `${path}.sum.isMonotonic`) : false,
    dataPoints: points.map((dp, n) => dataPoint(w, kind, dp, `${path}.${kind}.dataPoints[${n}]`)),
  };
}

function dataPoint(w: Walker, kind: MetricKind, value: unknown, path: string): DataPoint {
  const o = w.obj(value, path);
  const base = {
    attributes: w.attributes(o, path),
    startTimeUnixNano: w.nanos(w.field(o, 'startTimeUnixNano'), `${path}.startTimeUnixNano`),
    timeUnixNano: w.nanos(w.field(o, 'timeUnixNano'), `${path}.timeUnixNano`),
  };
  switch (kind) {
    case 'gauge':
    case 'sum': {
      const asDouble = w.field(o, 'asDouble');
      const asInt = w.field(o, 'asInt');
      let v: number | null = null;
      if (asDouble !== undefined && asDouble !== null) v = w.double(asDouble, `${path}.asDouble`);
      else if (asInt !== undefined && asInt !== null) v = Number(w.int64(asInt, `${path}.asInt`));
      return { ...base, value: v, count: null };
    }
    case 'histogram':
    case 'exponentialHistogram':
    case 'summary': {
      const sum = w.field(o, 'sum');
      return {
        ...base,
        value: sum === undefined || sum === null ? null : w.double(sum, `${path}.sum`),
        count: w.count(w.field(o, 'count'), `${path}.count`),
      };
    }
    default: {
      const unreachable: never = kind;
      throw new DecodeError(`${path}: unknown metric kind ${String(unreachable)}`);
    }
  }
}

function tracesFromWire(value: unknown, isReplacementCharAllowed: boolean): TracesRequest {
  const w = new Walker(isReplacementCharAllowed);
  const root = w.obj(value, 'request');
  return {
    resourceSpans: w.list(w.field(root, 'resourceSpans'), 'resourceSpans').map((rs, i) => {
      const p = `resourceSpans[${i}]`;
      const r = w.obj(rs, p);
      return {
        resource: w.resource(r['resource'], `${p}.resource`),
        scopeSpans: w.list(w.field(r, 'scopeSpans'), `${p}.scopeSpans`).map((ss, j) => {
          const sp = `${p}.scopeSpans[${j}]`;
          const s = w.obj(ss, sp);
          return {
            scope: w.scope(s['scope'], `${sp}.scope`),
            spans: w.list(s['spans'], `${sp}.spans`).map((sv, k) => span(w, sv, `${sp}.spans[${k}]`)),
          };
        }),
      };
    }),
  };
}

const spanKindNames = [
  'SPAN_KIND_UNSPECIFIED',
  'SPAN_KIND_INTERNAL',
  'SPAN_KIND_SERVER',
  'SPAN_KIND_CLIENT',
  'SPAN_KIND_PRODUCER',
  'SPAN_KIND_CONSUMER',
] as const;
const statusCodeNames = ['STATUS_CODE_UNSET', 'STATUS_CODE_OK', 'STATUS_CODE_ERROR'] as const;

function span(w: Walker, value: unknown, path: string): Span {
  const o = w.obj(value, path);
  const status = w.obj(o['status'], `${path}.status`);
  return {
    traceId: w.id(w.field(o, 'traceId'), `${path}.traceId`),
    spanId: w.id(w.field(o, 'spanId'), `${path}.spanId`),
    parentSpanId: w.id(w.field(o, 'parentSpanId'), `${path}.parentSpanId`),
    name: w.str(o['name'], `${path}.name`),
    kind: w.enumValue(o['kind'], spanKindNames, `${path}.kind`),
    startTimeUnixNano: w.nanos(w.field(o, 'startTimeUnixNano'), `${path}.startTimeUnixNano`),
    endTimeUnixNano: w.nanos(w.field(o, 'endTimeUnixNano'), `${path}.endTimeUnixNano`),
    attributes: w.attributes(o, path),
    events: w.list(o['events'], `${path}.events`).map((ev, n) => {
      const e = w.obj(ev, `${path}.events[${n}]`);
      return {
        timeUnixNano: w.nanos(w.field(e, 'timeUnixNano'), `${path}.events[${n}].timeUnixNano`),
        name: w.str(e['name'], `${path}.events[${n}].name`),
        attributes: w.attributes(e, `${path}.events[${n}]`),
      };
    }),
    status: { code: w.enumValue(status['code'], statusCodeNames, `${path}.status.code`), message: w.str(status['message'], `${path}.status.message`) },
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'bytes';
  if (typeof value === 'string') return value.length > 40 ? `a string "${value.slice(0, 40)}…"` : `"${value}"`;
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** `isReplacementCharAllowed`: false when the input's strings were decoded leniently (protobuf) and it held no U+FFFD of its own. */
export function fromWire<S extends Signal>(signal: S, wire: unknown, isReplacementCharAllowed = true): SignalRequest[S] {
  // The casts are sound: each branch returns the request type of the signal it checked.
  switch (signal) {
    case 'logs':
      return logsFromWire(wire, isReplacementCharAllowed) as SignalRequest[S];
    case 'metrics':
      return metricsFromWire(wire, isReplacementCharAllowed) as SignalRequest[S];
    case 'traces':
      return tracesFromWire(wire, isReplacementCharAllowed) as SignalRequest[S];
    default:
      throw new DecodeError(`unknown signal ${String(signal)}`);
  }
}
