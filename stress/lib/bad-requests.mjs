// Generated bad requests, class by class, each with the message its answer must carry; shared by
// `npm run stress` (stress/hostile.mjs) and the hostile-input test (types in bad-requests.d.mts).
// Seeded, so a failure reproduces. Mutated protobuf or JSON is kept only when protobufjs or
// JSON.parse itself rejects it: a flip that still decodes is a valid (if odd) request.
import http from 'node:http';
import zlib from 'node:zlib';
import { otlpRoot } from '../../dist/src/otlp/proto/schema-root.js';
import { mulberry32 } from './prng.mjs';

/** The seeded source every generator here draws from. */
export const rng = mulberry32;

const requestTypes = {
  logs: otlpRoot.lookupType('otlp.ExportLogsServiceRequest'),
  metrics: otlpRoot.lookupType('otlp.ExportMetricsServiceRequest'),
};
const protobuf = { 'content-type': 'application/x-protobuf' };
const json = { 'content-type': 'application/json' };
const undecodable = /^invalid protobuf Export(Logs|Metrics)ServiceRequest: /;

function isUndecodable(signal, body) {
  try {
    requestTypes[signal].decode(body);
    return false;
  } catch {
    return true;
  }
}

function isInvalidJson(text) {
  try {
    JSON.parse(text);
    return false;
  } catch {
    return true;
  }
}

/** Mutates a copy until protobufjs rejects the result. */
function undecodableVariant(sample, random, mutate) {
  for (;;) {
    const body = mutate(Buffer.from(sample.plain), random);
    if (isUndecodable(sample.signal, body)) return { path: sample.path, headers: protobuf, body, message: undecodable };
  }
}

const protobufSamples = (samples) => samples.filter((s) => s.format === 'protobuf');

export function truncatedProtobuf(samples, random, count) {
  const pb = protobufSamples(samples);
  return Array.from({ length: count }, (_, i) => undecodableVariant(pb[i % pb.length], random, (b, r) => b.subarray(0, 1 + Math.floor(r() * (b.length - 1)))));
}

export function bitFlippedProtobuf(samples, random, count) {
  const pb = protobufSamples(samples);
  return Array.from({ length: count }, (_, i) =>
    undecodableVariant(pb[i % pb.length], random, (b, r) => {
      for (let flips = 1 + Math.floor(r() * 4); flips > 0; flips -= 1) {
        const at = Math.floor(r() * b.length);
        b[at] ^= 1 << Math.floor(r() * 8);
      }
      return b;
    }),
  );
}

function randomBytes(random, length) {
  return Buffer.from(Array.from({ length }, () => Math.floor(random() * 256)));
}

/** Random bytes, a third sent as JSON, the rest as protobuf (kept when protobufjs rejects them). */
export function randomBodies(random, count) {
  return Array.from({ length: count }, (_, i) => {
    const signal = i % 2 === 0 ? 'logs' : 'metrics';
    if (i % 3 === 0) return { path: `/v1/${signal}`, headers: json, body: randomBytes(random, 1 + Math.floor(random() * 4096)), message: /^invalid JSON: / };
    for (;;) {
      const body = randomBytes(random, 1 + Math.floor(random() * 4096));
      if (isUndecodable(signal, body)) return { path: `/v1/${signal}`, headers: protobuf, body, message: undecodable };
    }
  });
}

/** Real JSON bodies cut short, or with a structural character inserted or deleted; kept when JSON.parse fails. */
export function invalidJson(samples, random, count) {
  const texts = samples.filter((s) => s.format === 'json').map((s) => ({ path: s.path, text: s.plain.toString('utf8') }));
  const broken = (t, r) => {
    const at = Math.floor(r() * t.length);
    const kind = Math.floor(r() * 3);
    if (kind === 0) return t.slice(0, at);
    if (kind === 1) return `${t.slice(0, at)}${'{}[]",:'[Math.floor(r() * 7)]}${t.slice(at)}`;
    return `${t.slice(0, at)}${t.slice(at + 1)}`;
  };
  return Array.from({ length: count }, (_, i) => {
    const { path, text } = texts[i % texts.length];
    for (;;) {
      const body = broken(text, random);
      if (isInvalidJson(body)) return { path, headers: json, body: Buffer.from(body), message: /^invalid JSON: / };
    }
  });
}

const point = (extra) => ({
  startTimeUnixNano: '1000000000',
  timeUnixNano: '2000000000',
  attributes: [{ key: 'session.id', value: { stringValue: 'hostile' } }],
  ...extra,
});
const logRecord = (extra) => ({ resourceLogs: [{ scopeLogs: [{ logRecords: [{ timeUnixNano: '1000000000', ...extra }] }] }] });
const sumMetric = (extra) => ({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.cost.usage', unit: 'USD', ...extra }] }] }] });

/** Well-formed JSON that is not an OTLP request: each names the field that is wrong. */
export const wrongShapes = [
  { path: '/v1/logs', body: [], message: /the body must be an object/ },
  { path: '/v1/logs', body: 'resourceLogs', message: /the body must be an object/ },
  { path: '/v1/metrics', body: 42, message: /the body must be an object/ },
  { path: '/v1/metrics', body: null, message: /the body must be an object/ },
  { path: '/v1/logs', body: { resourceLogs: 5 }, message: /^resourceLogs: expected an array, got 5/ },
  { path: '/v1/logs', body: { resourceLogs: [{ scopeLogs: {} }] }, message: /^resourceLogs\[0\]\.scopeLogs: expected an array/ },
  { path: '/v1/logs', body: logRecord({ timeUnixNano: 'soon' }), message: /logRecords\[0\]\.timeUnixNano: expected unsigned nanoseconds/ },
  {
    path: '/v1/logs',
    body: logRecord({ attributes: [{ key: 7, value: { stringValue: 'x' } }] }),
    message: /logRecords\[0\]\.attributes\[0\]\.key: expected a string/,
  },
  { path: '/v1/logs', body: logRecord({ traceId: 'not-hex' }), message: /logRecords\[0\]\.traceId: expected a hex id/ },
  { path: '/v1/logs', body: logRecord({ body: { intValue: 1.5 } }), message: /logRecords\[0\]\.body\.intValue: expected a 64-bit integer/ },
  { path: '/v1/metrics', body: sumMetric({}), message: /metrics\[0\]: metric "claude_code\.cost\.usage" has no data/ },
  { path: '/v1/metrics', body: sumMetric({ name: '', sum: { dataPoints: [] } }), message: /metrics\[0\]\.name: a metric needs a name/ },
  {
    path: '/v1/metrics',
    body: sumMetric({ sum: { aggregationTemporality: 'SIDEWAYS', dataPoints: [] } }),
    message: /sum\.aggregationTemporality: expected one of/,
  },
  { path: '/v1/metrics', body: sumMetric({ sum: { aggregationTemporality: 9, dataPoints: [] } }), message: /sum\.aggregationTemporality: unknown value 9/ },
  {
    path: '/v1/metrics',
    body: sumMetric({ sum: { aggregationTemporality: 1, dataPoints: [point({ asDouble: 'lots' })] } }),
    message: /dataPoints\[0\]\.asDouble: expected a double/,
  },
  { path: '/v1/traces', body: { resourceSpans: [{ scopeSpans: [{ spans: [{ spanId: 12 }] }] }] }, message: /spans\[0\]\.spanId: expected a hex id/ },
];

export function wrongShapeJson(count) {
  return Array.from({ length: count }, (_, i) => {
    const shape = wrongShapes[i % wrongShapes.length];
    return { path: shape.path, headers: json, body: Buffer.from(JSON.stringify(shape.body)), message: shape.message };
  });
}

/** Small bodies (a few KiB) that inflate to four times the limit: gzip and deflate. */
export function compressionBombs(maxBodyBytes, count) {
  const zeros = Buffer.alloc(maxBodyBytes * 4);
  const gzip = zlib.gzipSync(zeros, { level: 9 });
  const deflate = zlib.deflateSync(zeros, { level: 9 });
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { path: '/v1/logs', headers: { ...json, 'content-encoding': 'gzip' }, body: gzip, message: /body is over .* after gzip decompression; limit is/ }
      : {
          path: '/v1/metrics',
          headers: { ...protobuf, 'content-encoding': 'deflate' },
          body: deflate,
          message: /body is over .* after deflate decompression; limit is/,
        },
  );
}

/** 1 KiB over the limit: half with a content-length (refused unread), half chunked (refused while reading). */
export function overLimit(maxBodyBytes, count) {
  const body = Buffer.alloc(maxBodyBytes + 1024, 0x20);
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0
      ? { path: '/v1/logs', headers: json, body, message: /^body is .*; limit is / }
      : { path: '/v1/metrics', headers: protobuf, body, isChunked: true, message: /^body is over .*; limit is / },
  );
}

function nestedJson(depth) {
  return `${'{"arrayValue":{"values":['.repeat(depth)}{"stringValue":"x"}${']}}'.repeat(depth)}`;
}

function varint(n) {
  const out = [];
  let v = n;
  while (v > 127) {
    out.push((v & 127) | 128);
    v >>>= 7;
  }
  out.push(v);
  return Buffer.from(out);
}

const lengthDelimited = (field, payload) => Buffer.concat([varint((field << 3) | 2), varint(payload.length), payload]);

/** A log record whose body is an AnyValue nested `depth` arrays deep, written field by field (inside out, one copy). */
function nestedProtobuf(depth) {
  const core = lengthDelimited(1, Buffer.from('x'));
  const prefixes = [];
  let length = core.length;
  for (let i = 0; i < depth; i += 1) {
    // AnyValue.array_value (5) holding ArrayValue.values (1) holding the inner AnyValue.
    const inner = Buffer.concat([varint((1 << 3) | 2), varint(length)]);
    const outer = Buffer.concat([varint((5 << 3) | 2), varint(inner.length + length)]);
    prefixes.push(inner, outer);
    length += inner.length + outer.length;
  }
  const value = Buffer.concat([...prefixes.reverse(), core]);
  return lengthDelimited(1, lengthDelimited(2, lengthDelimited(2, lengthDelimited(5, value))));
}

/**
 * Depths past the limit of 32, in JSON and protobuf. Past ~50 levels protobufjs's own limit (100
 * messages; each level is two) refuses first.
 */
export function deeplyNested(count) {
  const depths = [33, 40, 64, 500, 5000, 100_000];
  return Array.from({ length: count }, (_, i) => {
    const depth = depths[i % depths.length];
    return i % 2 === 0
      ? {
          path: '/v1/logs',
          headers: json,
          body: Buffer.from(`{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":${nestedJson(depth)}}]}]}]}`),
          message: /body(\.arrayValue\.values\[0\])+: values nested deeper than 32 levels/,
        }
      : {
          path: '/v1/logs',
          headers: protobuf,
          body: nestedProtobuf(depth),
          message: depth >= 50 ? /^invalid protobuf ExportLogsServiceRequest: maximum nesting depth exceeded/ : /values nested deeper than 32 levels/,
        };
  });
}

const nonFinite = ['NaN', 'Infinity', '-Infinity', -1, -0.5];

/** Counter points that are not finite or go down: answered 200 with every point in partial_success, nothing stored. */
export function nonFiniteOrNegative(count) {
  return Array.from({ length: count }, (_, i) => {
    const value = nonFinite[i % nonFinite.length];
    const message = typeof value === 'number' ? /a monotonic sum cannot be negative/ : /is not a finite number/;
    const sum = (asDouble) => ({
      sum: { aggregationTemporality: 1, isMonotonic: true, dataPoints: [point({ asDouble, timeUnixNano: String(2_000_000_000 + i) })] },
    });
    if (i % 2 === 0) return { path: '/v1/metrics', headers: json, body: Buffer.from(JSON.stringify(sumMetric(sum(value)))), message };
    const type = requestTypes.metrics;
    return { path: '/v1/metrics', headers: protobuf, body: Buffer.from(type.encode(type.fromObject(sumMetric(sum(Number(value))))).finish()), message };
  });
}

export function invalidUtf8Json(count) {
  const bad = [
    Buffer.from([0xff]),
    Buffer.from([0xc3, 0x28]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xf8, 0x88, 0x80, 0x80, 0x80]),
    Buffer.from([0xe2, 0x82]),
  ];
  return Array.from({ length: count }, (_, i) => ({
    path: '/v1/logs',
    headers: json,
    body: Buffer.concat([Buffer.from('{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"body":{"stringValue":"'), bad[i % bad.length], Buffer.from('"}}]}]}]}')]),
    message: /^invalid JSON: the body is not valid UTF-8/,
  }));
}

/**
 * A protobuf log record (from a protobuf logs sample) with an attribute whose bytes are not UTF-8
 * (proto3 strings must be). Every copy is the same record, so it is stored at most once.
 */
export function invalidUtf8Protobuf(sample, count) {
  const type = requestTypes.logs;
  const message = type.toObject(type.decode(sample.plain), { longs: String });
  message.resourceLogs[0].scopeLogs[0].logRecords = [message.resourceLogs[0].scopeLogs[0].logRecords[0]];
  const record = message.resourceLogs[0].scopeLogs[0].logRecords[0];
  record.attributes = record.attributes.map((a) => (a.key === 'session.id' ? { key: a.key, value: { stringValue: 'hostile-invalid-utf8' } } : a));
  record.attributes.push({ key: 'note', value: { stringValue: 'MARK' } });
  const body = Buffer.from(type.encode(type.fromObject(message)).finish());
  Buffer.from([0x61, 0xff, 0xfe, 0x62]).copy(body, body.indexOf('MARK'));
  return Array.from({ length: count }, () => ({ path: '/v1/logs', headers: protobuf, body, message: /UTF-8/ }));
}

/** Histogram points with a negative count (a uint64 in OTLP): all the same point, so stored at most once. */
export function negativeHistogramCounts(count) {
  const body = {
    resourceMetrics: [
      { scopeMetrics: [{ metrics: [{ name: 'hostile.histogram', histogram: { aggregationTemporality: 1, dataPoints: [point({ count: '-5', sum: 1 })] } }] }] },
    ],
  };
  return Array.from({ length: count }, () => ({ path: '/v1/metrics', headers: json, body: Buffer.from(JSON.stringify(body)), message: /count/ }));
}

/**
 * Valid requests with a 1 MiB attribute value (the receiver limits bodies, not attributes): half an
 * event, half a metric point, every copy the same, so the database holds one of each.
 */
export function largeAttributes(count) {
  const big = 'x'.repeat(1024 * 1024);
  const session = { key: 'session.id', value: { stringValue: 'hostile-large-attribute' } };
  const record = {
    resourceLogs: [
      {
        scopeLogs: [
          {
            logRecords: [
              {
                timeUnixNano: '1795617446292000000',
                body: { stringValue: 'claude_code.user_prompt' },
                attributes: [session, { key: 'event.sequence', value: { intValue: '1' } }, { key: 'prompt', value: { stringValue: big } }],
              },
            ],
          },
        ],
      },
    ],
  };
  const metric = {
    resourceMetrics: [
      {
        scopeMetrics: [
          {
            metrics: [
              {
                name: 'claude_code.session.count',
                sum: {
                  aggregationTemporality: 1,
                  isMonotonic: true,
                  dataPoints: [{ startTimeUnixNano: '1', timeUnixNano: '2', asInt: '1', attributes: [session, { key: 'note', value: { stringValue: big } }] }],
                },
              },
            ],
          },
        ],
      },
    ],
  };
  const logs = Buffer.from(JSON.stringify(record));
  const metrics = Buffer.from(JSON.stringify(metric));
  return Array.from({ length: count }, (_, i) =>
    i % 2 === 0 ? { path: '/v1/logs', headers: json, body: logs, message: /^$/ } : { path: '/v1/metrics', headers: json, body: metrics, message: /^$/ },
  );
}

export function wrongContentTypes(sample, count) {
  const types = [
    'text/plain',
    'application/xml',
    'multipart/form-data; boundary=x',
    'application/grpc',
    'application/x-www-form-urlencoded',
    '',
    'application/jsonx',
    'application/x-protobuf-stream',
  ];
  return Array.from({ length: count }, (_, i) => {
    const type = types[i % types.length];
    return {
      path: sample.path,
      headers: type === '' ? {} : { 'content-type': type },
      body: sample.raw,
      message: /^Content-Type ".*" is not supported; use application\/x-protobuf or application\/json/,
    };
  });
}

export function wrongContentEncodings(sample, count) {
  const encodings = ['br', 'zstd', 'compress', 'gzip, br', 'snappy'];
  return Array.from({ length: count }, (_, i) => ({
    path: sample.path,
    headers: { ...sample.headers, 'content-encoding': encodings[i % encodings.length] },
    body: sample.raw,
    message: /^Content-Encoding ".*" is not supported; use gzip, deflate or none/,
  }));
}

const statusType = otlpRoot.lookupType('otlp.Status');
const responseTypes = {
  logs: otlpRoot.lookupType('otlp.ExportLogsServiceResponse'),
  metrics: otlpRoot.lookupType('otlp.ExportMetricsServiceResponse'),
  traces: otlpRoot.lookupType('otlp.ExportTraceServiceResponse'),
};

/** The google.rpc.Status message of an error, or partial_success.error_message of a 200, in either encoding. */
function answerMessage(path, status, contentType, body) {
  const isProtobuf = contentType === 'application/x-protobuf';
  if (status !== 200) return String((isProtobuf ? statusType.toObject(statusType.decode(body)) : JSON.parse(body.toString('utf8'))).message ?? '');
  const type = responseTypes[path.slice('/v1/'.length)];
  const response = isProtobuf ? type.toObject(type.decode(body)) : JSON.parse(body.toString('utf8') || '{}');
  return String(response.partialSuccess?.errorMessage ?? '');
}

/** Sends as an exporter does (node:http, a new connection); chunked when the request asks for it. */
export function send(url, request) {
  return new Promise((resolve, reject) => {
    const headers = request.isChunked ? request.headers : { ...request.headers, 'content-length': String(request.body.length) };
    const req = http.request(`${url}${request.path}`, { method: 'POST', headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (chunk) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, message: answerMessage(request.path, res.statusCode ?? 0, res.headers['content-type'], Buffer.concat(chunks)) }),
      );
    });
    req.on('error', reject);
    if (!request.isChunked) {
      req.end(request.body);
      return;
    }
    for (let at = 0; at < request.body.length; at += 64 * 1024) req.write(request.body.subarray(at, at + 64 * 1024));
    req.end();
  });
}
