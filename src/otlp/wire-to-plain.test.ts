import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { otlpRoot } from './proto/schema-root.js';
import type { Signal } from './types.js';
import { fromWire } from './wire-to-plain.js';

// The real Claude Code request bodies the receiver tests use (test/fixtures), read here as protobufjs
// hands them to fromWire: 64-bit integers as decimal strings, enums as numbers, ids as bytes.
const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures');
const requestTypes = { logs: 'ExportLogsServiceRequest', metrics: 'ExportMetricsServiceRequest', traces: 'ExportTraceServiceRequest' } as const;

function protobufWire(signal: Signal, file: string): unknown {
  const raw = fs.readFileSync(path.join(fixtures, file));
  const type = otlpRoot.lookupType(`otlp.${requestTypes[signal]}`);
  return type.toObject(type.decode(file.endsWith('.gz') ? zlib.gunzipSync(raw) : raw), { longs: String, enums: Number, defaults: false, oneofs: false });
}

const jsonWire = (file: string): unknown => JSON.parse(fs.readFileSync(path.join(fixtures, file), 'utf8'));

/** One log record whose attribute `key` has the wire AnyValue `value`. */
const logWith = (value: unknown, key = 'k') => ({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ attributes: [{ key, value }] }] }] }] });
const attributeOf = (value: unknown, isReplacementCharAllowed = true) =>
  fromWire('logs', logWith(value), isReplacementCharAllowed).resourceLogs[0]?.scopeLogs[0]?.logRecords[0]?.attributes['k'];

/** A sum metric with one data point. */
const sumWith = (data: Record<string, unknown>, point: Record<string, unknown> = { asInt: 1 }) => ({
  resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm', sum: { dataPoints: [point], ...data } }] }] }],
});
const firstMetric = (wire: unknown) => fromWire('metrics', wire).resourceMetrics[0]?.scopeMetrics[0]?.metrics[0];

const spanWith = (fields: Record<string, unknown>) => ({ resourceSpans: [{ scopeSpans: [{ spans: [{ name: 's', ...fields }] }] }] });
const firstSpan = (wire: unknown) => fromWire('traces', wire).resourceSpans[0]?.scopeSpans[0]?.spans[0];

/** `depth` arrays, each holding the next, around one string. */
const nested = (depth: number): unknown => (depth === 0 ? { stringValue: 'x' } : { arrayValue: { values: [nested(depth - 1)] } });

describe('fromWire on real captures', () => {
  it('reads a protobuf log record: times as exact decimal strings, int attributes as numbers', () => {
    const request = fromWire('logs', protobufWire('logs', 'captures/proto-delta-tools/001-logs.pb'));
    const records = request.resourceLogs.flatMap((r) => r.scopeLogs.flatMap((s) => s.logRecords));
    const first = records[0]!;
    expect(request.resourceLogs[0]?.resource.attributes).toMatchObject({ 'service.name': 'claude-code', 'service.version': '2.1.197' });
    expect(first.timeUnixNano).toMatch(/^1795617\d{12}$/);
    expect(records.find((r) => r.attributes['event.name'] === 'api_request')?.attributes).toMatchObject({
      input_tokens: expect.any(Number),
      cost_usd: expect.any(Number),
      model: 'claude-opus-4-8',
    });
  });

  it('reads OTLP/JSON the same way: intValue numbers stay numbers, the body is an AnyValue', () => {
    const record = fromWire('logs', jsonWire('captures/json-delta-edit/001-logs.json')).resourceLogs[0]?.scopeLogs[0]?.logRecords[0];
    expect(record).toMatchObject({
      timeUnixNano: '1795617449093000000',
      observedTimeUnixNano: '1795617449093000000',
      body: 'claude_code.api_request',
      attributes: { 'event.sequence': 0, input_tokens: 1007, cost_usd: 0.007935000000000001, cost_usd_micros: 7935, model: 'claude-opus-4-8' },
      traceId: '',
      spanId: '',
    });
  });

  it('reads the temporality of real metrics: delta (1) and, gzipped, cumulative (2)', () => {
    const delta = fromWire('metrics', protobufWire('metrics', 'captures/proto-delta-tools/002-metrics.pb'));
    const cumulative = fromWire('metrics', protobufWire('metrics', 'captures/proto-gzip-cumulative-mixed/002-metrics.pb.gz'));
    const metrics = (r: typeof delta) => r.resourceMetrics.flatMap((m) => m.scopeMetrics.flatMap((s) => s.metrics));
    expect(new Set(metrics(delta).map((m) => m.temporality))).toEqual(new Set([1]));
    expect(metrics(cumulative).find((m) => m.name === 'claude_code.session.count')).toMatchObject({
      kind: 'sum',
      temporality: 2,
      isMonotonic: true,
      dataPoints: [{ value: 1, count: null, timeUnixNano: '1795617451897000000' }],
    });
  });

  it('reads a real span: ids as lower-case hex from bytes, string int64 attributes as numbers', () => {
    const request = fromWire('traces', protobufWire('traces', 'captures-2.1.332/v2.1.332-proto-subagent-hooks-traces/003-traces.pb'));
    const llm = request.resourceSpans[0]?.scopeSpans[0]?.spans.find((s) => s.name === 'claude_code.llm_request');
    expect(llm).toMatchObject({
      traceId: '8f50a4032229618f92c011824aa1dfc8',
      spanId: 'e98c353a73af2f68',
      parentSpanId: '47a2e0df66e05412',
      kind: 1,
      startTimeUnixNano: '1795996279995000000',
      endTimeUnixNano: '1795996280175106203',
      attributes: { duration_ms: 179, input_tokens: 1007, success: true, 'gen_ai.response.finish_reasons': ['tool_use'] },
    });
  });
});

describe('AnyValue kinds', () => {
  it.each([
    ['a string', { stringValue: 'hi' }, 'hi'],
    ['an empty string', { stringValue: '' }, ''],
    ['a bool', { boolValue: false }, false],
    ['an int as a number', { intValue: 42 }, 42],
    ['an int as a decimal string', { intValue: '-42' }, -42],
    ['an int past 2^53, kept exact as a string', { intValue: '9007199254740993' }, '9007199254740993'],
    ['an int past int64, as its string', { intValue: '18446744073709551615' }, '18446744073709551615'],
    ['a double', { doubleValue: 0.25 }, 0.25],
    ['a double as a string', { doubleValue: '1.5' }, 1.5],
    ['NaN', { doubleValue: 'NaN' }, Number.NaN],
    ['-Infinity', { doubleValue: '-Infinity' }, Number.NEGATIVE_INFINITY],
    ['an array', { arrayValue: { values: [{ stringValue: 'a' }, { intValue: 1 }] } }, ['a', 1]],
    ['an empty array', { arrayValue: {} }, []],
    ['a key-value list', { kvlistValue: { values: [{ key: 'a', value: { boolValue: true } }] } }, { a: true }],
    ['bytes from protobuf, as base64', { bytesValue: new Uint8Array([1, 2, 255]) }, 'AQL/'],
    ['bytes from JSON, already base64', { bytesValue: 'AQL/' }, 'AQL/'],
    ['no value at all', {}, null],
    ['snake_case keys', { kvlist_value: { values: [{ key: 'n', value: { int_value: '7' } }] } }, { n: 7 }],
  ])('%s', (_name, wire, expected) => {
    expect(attributeOf(wire)).toEqual(expected);
  });

  it.each([
    [{ intValue: 1.5 }, 'resourceLogs[0].scopeLogs[0].logRecords[0].attributes[0].value.intValue: expected a 64-bit integer, got 1.5'],
    [{ intValue: '123456789012345678901' }, 'expected a 64-bit integer, got "123456789012345678901"'],
    [{ doubleValue: '' }, 'expected a double, got ""'],
    [{ doubleValue: true }, 'expected a double, got true'],
    [{ boolValue: 'true' }, 'expected a boolean, got "true"'],
    [{ stringValue: 7 }, 'expected a string, got 7'],
    [{ arrayValue: { values: {} } }, 'value.arrayValue.values: expected an array, got an object'],
    [{ kvlistValue: [] }, 'value.kvlistValue: expected an object, got an array'],
    ['bare', 'attributes[0].value: expected an object, got "bare"'],
    [{ bytesValue: 5 }, 'value.bytesValue: expected a string, got 5'],
  ])('refuses %j, naming the field', (wire, message) => {
    expect(() => attributeOf(wire)).toThrow(message);
  });

  it('cuts a long wrong value to 40 characters in the message', () => {
    expect(() => attributeOf({ intValue: 'y'.repeat(50) })).toThrow(`got a string "${'y'.repeat(40)}…"`);
  });

  it('takes values nested 32 deep and refuses 33', () => {
    expect(JSON.stringify(attributeOf(nested(32)))).toBe(`${'['.repeat(32)}"x"${']'.repeat(32)}`);
    expect(() => attributeOf(nested(33))).toThrow('values nested deeper than 32 levels');
  });

  it('counts key-value lists as nesting too', () => {
    const deepList = (depth: number): unknown => (depth === 0 ? { stringValue: 'x' } : { kvlistValue: { values: [{ key: 'k', value: deepList(depth - 1) }] } });
    expect(() => attributeOf(deepList(32))).not.toThrow();
    expect(() => attributeOf(deepList(33))).toThrow('values nested deeper than 32 levels');
  });

  it('refuses U+FFFD when the protobuf body held none (invalid UTF-8 decoded leniently), and keeps it otherwise', () => {
    expect(() => attributeOf({ stringValue: 'a\uFFFDb' }, false)).toThrow('attributes[0].value.stringValue: the string is not valid UTF-8');
    expect(attributeOf({ stringValue: 'a\uFFFDb' }, true)).toBe('a\uFFFDb');
  });
});

describe('64-bit times and counts', () => {
  const timeOf = (timeUnixNano: unknown) =>
    fromWire('logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano }] }] }] }).resourceLogs[0]?.scopeLogs[0]?.logRecords[0]?.timeUnixNano;

  it.each([
    ['1795617449093000000', '1795617449093000000'],
    ['00017', '17'],
    [1_700_000_000_000, '1700000000000'],
    [undefined, '0'],
    ['', '0'],
  ])('reads nanoseconds %j as %s', (wire, expected) => {
    expect(timeOf(wire)).toBe(expected);
  });

  it.each([[-1], [1.5], ['-5'], ['1e9'], ['123456789012345678901']])('refuses nanoseconds %j', (wire) => {
    expect(() => timeOf(wire)).toThrow('timeUnixNano: expected unsigned nanoseconds');
  });

  it('reads snake_case field names as OTLP/JSON allows', () => {
    const wire = {
      resource_logs: [{ scope_logs: [{ log_records: [{ time_unix_nano: '5', severity_number: 9, event_name: 'e', trace_id: 'AB', span_id: '' }] }] }],
    };
    expect(fromWire('logs', wire).resourceLogs[0]?.scopeLogs[0]?.logRecords[0]).toMatchObject({
      timeUnixNano: '5',
      severityNumber: 9,
      eventName: 'e',
      traceId: 'ab',
      spanId: '',
    });
  });

  it('reads a histogram: its sum as the value and its count, never negative', () => {
    const histogram = (point: Record<string, unknown>) => ({
      resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'h', histogram: { dataPoints: [point] } }] }] }],
    });
    expect(firstMetric(histogram({ sum: 12.5, count: '3' }))).toMatchObject({ kind: 'histogram', isMonotonic: false, dataPoints: [{ value: 12.5, count: 3 }] });
    expect(firstMetric(histogram({}))?.dataPoints[0]).toMatchObject({ value: null, count: 0 });
    expect(() => firstMetric(histogram({ count: '-1' }))).toThrow('dataPoints[0].count: a count cannot be negative, got -1');
  });

  it('reads a gauge or sum point from asDouble, else asInt, else no value', () => {
    expect(firstMetric(sumWith({}, { asInt: '42' }))?.dataPoints[0]?.value).toBe(42);
    expect(firstMetric(sumWith({}, { asDouble: 0.5, asInt: 7 }))?.dataPoints[0]?.value).toBe(0.5);
    expect(firstMetric(sumWith({}, {}))?.dataPoints[0]?.value).toBeNull();
  });
});

describe('enums by name or number', () => {
  it.each([
    [undefined, 0],
    ['AGGREGATION_TEMPORALITY_DELTA', 1],
    ['AGGREGATION_TEMPORALITY_CUMULATIVE', 2],
    [2, 2],
    ['1', 1],
  ])('temporality %j is %i', (aggregationTemporality, expected) => {
    expect(firstMetric(sumWith({ aggregationTemporality }))?.temporality).toBe(expected);
  });

  it.each([
    [
      'AGGREGATION_TEMPORALITY_WEEKLY',
      'aggregationTemporality: expected one of AGGREGATION_TEMPORALITY_UNSPECIFIED, AGGREGATION_TEMPORALITY_DELTA, AGGREGATION_TEMPORALITY_CUMULATIVE, got "AGGREGATION_TEMPORALITY_WEEKLY"',
    ],
    [3, 'sum.aggregationTemporality: unknown value 3'],
    [-1, 'sum.aggregationTemporality: unknown value -1'],
    [1.5, 'expected one of'],
  ])('refuses temporality %j', (aggregationTemporality, message) => {
    expect(() => firstMetric(sumWith({ aggregationTemporality }))).toThrow(message);
  });

  it('reads span kind and status code by name or number', () => {
    expect(firstSpan(spanWith({ kind: 'SPAN_KIND_CLIENT', status: { code: 'STATUS_CODE_ERROR', message: 'boom' } }))).toMatchObject({
      kind: 3,
      status: { code: 2, message: 'boom' },
    });
    expect(firstSpan(spanWith({ kind: 2, status: { code: 1 } }))).toMatchObject({ kind: 2, status: { code: 1, message: '' } });
    expect(firstSpan(spanWith({}))).toMatchObject({ kind: 0, status: { code: 0 } });
    expect(() => firstSpan(spanWith({ kind: 'CLIENT' }))).toThrow('spans[0].kind: expected one of SPAN_KIND_UNSPECIFIED');
  });

  it('takes a log severity as a number only (it has no names here)', () => {
    const severity = (severityNumber: unknown) =>
      fromWire('logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [{ severityNumber }] }] }] }).resourceLogs[0]?.scopeLogs[0]?.logRecords[0]?.severityNumber;
    expect(severity(9)).toBe(9);
    expect(severity('17')).toBe(17);
    expect(() => severity('SEVERITY_NUMBER_INFO')).toThrow('severityNumber: expected one of , got "SEVERITY_NUMBER_INFO"');
  });
});

describe('ids and the shapes around them', () => {
  it.each([
    [new Uint8Array([0xab, 0x01, 0xff]), 'ab01ff'],
    ['AB01FF', 'ab01ff'],
    ['', ''],
    [undefined, ''],
  ])('reads the span id %j as %s', (spanId, expected) => {
    expect(firstSpan(spanWith({ spanId }))?.spanId).toBe(expected);
  });

  it.each([['abc'], ['zz'], [12]])('refuses the span id %j', (spanId) => {
    expect(() => firstSpan(spanWith({ spanId }))).toThrow('spans[0].spanId: expected a hex id');
  });

  it('reads span events with their own paths in errors', () => {
    expect(firstSpan(spanWith({ events: [{ name: 'retry', timeUnixNano: '9', attributes: [{ key: 'n', value: { intValue: 2 } }] }] }))?.events).toEqual([
      { name: 'retry', timeUnixNano: '9', attributes: { n: 2 } },
    ]);
    expect(() => firstSpan(spanWith({ events: [{ timeUnixNano: 'soon' }] }))).toThrow(
      'resourceSpans[0].scopeSpans[0].spans[0].events[0].timeUnixNano: expected unsigned nanoseconds',
    );
  });

  it.each([
    ['logs', { resourceLogs: {} }, 'resourceLogs: expected an array, got an object'],
    ['logs', [], 'request: expected an object, got an array'],
    ['logs', { resourceLogs: [{ scopeLogs: [{ logRecords: [7] }] }] }, 'resourceLogs[0].scopeLogs[0].logRecords[0]: expected an object, got 7'],
    ['metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ sum: {} }] }] }] }, 'metrics[0].name: a metric needs a name'],
    ['metrics', { resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'm' }] }] }] }, 'metrics[0]: metric "m" has no data'],
    ['traces', { resourceSpans: [{ scopeSpans: [{ spans: [{ status: 'ok' }] }] }] }, 'spans[0].status: expected an object, got "ok"'],
  ] as const)('refuses a %s request of the wrong shape: %j', (signal, wire, message) => {
    expect(() => fromWire(signal, wire)).toThrow(message);
  });

  it('reads an empty request as empty, and a scope with its name and version', () => {
    expect(fromWire('logs', {})).toEqual({ resourceLogs: [] });
    expect(fromWire('metrics', null)).toEqual({ resourceMetrics: [] });
    const scope = fromWire('traces', {
      resourceSpans: [{ scopeSpans: [{ scope: { name: 'n', version: '1', attributes: [{ key: 'a', value: { stringValue: 'b' } }] } }] }],
    }).resourceSpans[0]?.scopeSpans[0]?.scope;
    expect(scope).toEqual({ name: 'n', version: '1', attributes: { a: 'b' } });
  });

  it('refuses a signal it does not know', () => {
    // @ts-expect-error: a caller outside TypeScript may pass any string
    expect(() => fromWire('profiles', {})).toThrow('unknown signal profiles');
  });
});
