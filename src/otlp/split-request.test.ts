import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { captureCases, captureCases2_1_332, captures2_1_332Dir, capturedRequests } from '../../test/helpers/captures.js';
import { decodeJson, parseJson } from './decode-json.js';
import { decodeProtobuf } from './decode-protobuf.js';
import { splitJson, splitProtobuf } from './split-request.js';
import type { LogsRequest, MetricsRequest, TracesRequest } from './types.js';
import { fromWire } from './wire-to-plain.js';

/** Every record with everything around it: what the pieces together must give, in the same order. */
function flat(signal: 'logs' | 'metrics' | 'traces', request: LogsRequest | MetricsRequest | TracesRequest): unknown[] {
  if (signal === 'traces') {
    return (request as TracesRequest).resourceSpans.flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) => ss.spans.map((span) => ({ resource: rs.resource, scope: ss.scope, span }))),
    );
  }
  if (signal === 'logs') {
    return (request as LogsRequest).resourceLogs.flatMap((rl) =>
      rl.scopeLogs.flatMap((sl) => sl.logRecords.map((record) => ({ resource: rl.resource, scope: sl.scope, record }))),
    );
  }
  return (request as MetricsRequest).resourceMetrics.flatMap((rm) =>
    rm.scopeMetrics.flatMap((sm) =>
      sm.metrics.flatMap(({ dataPoints, ...metric }) => dataPoints.map((point) => ({ resource: rm.resource, scope: sm.scope, metric, point }))),
    ),
  );
}

const captures = [...captureCases.flatMap((c) => capturedRequests(c)), ...captureCases2_1_332.flatMap((c) => capturedRequests(c, captures2_1_332Dir))].map(
  (c) => ({
    ...c,
    plain: c.headers['content-encoding'] === 'gzip' ? zlib.gunzipSync(c.body) : c.body,
    isJson: c.headers['content-type'] === 'application/json',
  }),
);

describe('a request cut into pieces', () => {
  it.each(captures.flatMap((c) => [1, 2, 5].map((max) => [`${c.case}/${c.file}`, max, c] as const)))(
    '%s in pieces of %i: the same records, resources and scopes, in order',
    (_name, max, c) => {
      const whole = c.isJson ? decodeJson(c.signal, c.plain) : decodeProtobuf(c.signal, c.plain);
      const pieces = c.isJson
        ? splitJson(c.signal, parseJson(c.plain), max).map((p) => fromWire(c.signal, p))
        : splitProtobuf(c.signal, c.plain, max).map((p) => decodeProtobuf(c.signal, p()));
      const records = flat(c.signal, whole);
      expect(pieces).toHaveLength(Math.ceil(records.length / max));
      expect(pieces.flatMap((p) => flat(c.signal, p))).toEqual(records);
      expect(pieces.map((p) => flat(c.signal, p).length).every((n) => n <= max)).toBe(true);
    },
  );

  it('gives a request of at most N records back as it is, and bytes it cannot read back whole', () => {
    const logs = captures.find((c) => c.signal === 'logs' && !c.isJson)!;
    expect(splitProtobuf('logs', logs.plain, 1000).map((p) => p())).toEqual([logs.plain]);
    const truncated = logs.plain.subarray(0, logs.plain.length - 7);
    expect(splitProtobuf('logs', truncated, 1).map((p) => p())).toEqual([truncated]);
  });

  it('keeps messages without records (an empty scope, a metric without data) in a piece, so the decoder still judges them', () => {
    const point = (t: string) => ({ timeUnixNano: t, asDouble: 1 });
    const wire = {
      resourceMetrics: [
        { scopeMetrics: [{ metrics: [{ name: 'a', sum: { aggregationTemporality: 1, dataPoints: [point('1'), point('2')] } }] }, { metrics: [] }] },
        { scopeMetrics: [{ metrics: [{ name: 'no-data' }, { name: 'b', gauge: { dataPoints: [point('3')] } }] }] },
      ],
    };
    const pieces = splitJson('metrics', wire, 1);
    expect(pieces.length).toBeGreaterThan(1);
    expect(() => pieces.forEach((p) => fromWire('metrics', p))).toThrow(/metric "no-data" has no data/);
    const valid = {
      resourceMetrics: [{ ...wire.resourceMetrics[0]!, scopeMetrics: [...wire.resourceMetrics[0]!.scopeMetrics, { scope: { name: 'empty' } }] }],
    };
    const kept = splitJson('metrics', valid, 1).map((p) => fromWire('metrics', p));
    expect(kept.flatMap((p) => p.resourceMetrics.flatMap((rm) => rm.scopeMetrics.map((sm) => sm.scope.name)))).toContain('empty');
    expect(kept.flatMap((p) => flat('metrics', p))).toEqual(flat('metrics', fromWire('metrics', valid)));
  });
});
