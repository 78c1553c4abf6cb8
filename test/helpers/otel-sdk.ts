// The real OpenTelemetry JS SDK and OTLP exporters (the versions Claude Code ships), set up the way
// Claude Code sets them up, plus a capture server that keeps the exact bytes an exporter sends.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { OTLPLogExporter as JsonLogExporter } from '@opentelemetry/exporter-logs-otlp-http';
import { OTLPLogExporter as ProtoLogExporter } from '@opentelemetry/exporter-logs-otlp-proto';
import { AggregationTemporalityPreference, OTLPMetricExporter as JsonMetricExporter } from '@opentelemetry/exporter-metrics-otlp-http';
import { OTLPMetricExporter as ProtoMetricExporter } from '@opentelemetry/exporter-metrics-otlp-proto';
// A dependency of every OTLP exporter; the exporters' options are typed with its enum.
import { CompressionAlgorithm } from '@opentelemetry/otlp-exporter-base';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { LogRecordExporter, ReadableLogRecord } from '@opentelemetry/sdk-logs';
import type { AggregationOption, AggregationTemporality, InstrumentType, MeterProvider, PushMetricExporter, ResourceMetrics } from '@opentelemetry/sdk-metrics';

export type Encoding = 'proto' | 'json';
export type Temporality = 'delta' | 'cumulative';
export type TokenType = 'input' | 'output' | 'cacheRead' | 'cacheCreation';

type ExportResult = Parameters<Parameters<PushMetricExporter['export']>[1]>[0];

export const claudeCodeVersion = '2.1.197';
export const claudeCodeScope = 'com.anthropic.claude_code';

/** The resource Claude Code attaches to all its telemetry. */
export function claudeCodeResource(): Resource {
  return resourceFromAttributes({
    'service.name': 'claude-code',
    'service.version': claudeCodeVersion,
    'os.type': 'linux',
    'os.version': '6.8.0',
    'host.arch': 'x64',
  });
}

function outcome(result: ExportResult): string {
  return result.code === 0 ? 'ok' : `failed: ${result.error?.message ?? 'no error given'}`;
}

/** Passes everything to the real exporter and keeps each export's outcome, which the SDK would only log. */
export class RecordingMetricExporter implements PushMetricExporter {
  readonly outcomes: string[] = [];
  constructor(private readonly inner: JsonMetricExporter | ProtoMetricExporter) {}
  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    this.inner.export(metrics, (result) => {
      this.outcomes.push(outcome(result));
      resultCallback(result);
    });
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return this.inner.selectAggregationTemporality(instrumentType);
  }
  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return this.inner.selectAggregation(instrumentType);
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

export class RecordingLogExporter implements LogRecordExporter {
  readonly outcomes: string[] = [];
  constructor(private readonly inner: JsonLogExporter | ProtoLogExporter) {}
  export(logs: ReadableLogRecord[], resultCallback: (result: ExportResult) => void): void {
    this.inner.export(logs, (result) => {
      this.outcomes.push(outcome(result));
      resultCallback(result);
    });
  }
  forceFlush(): Promise<void> {
    return this.inner.forceFlush();
  }
  shutdown(): Promise<void> {
    return this.inner.shutdown();
  }
}

const temporalityPreference: Record<Temporality, AggregationTemporalityPreference> = {
  delta: AggregationTemporalityPreference.DELTA,
  cumulative: AggregationTemporalityPreference.CUMULATIVE,
};

export function metricExporter(encoding: Encoding, baseUrl: string, temporality: Temporality, isGzip: boolean): RecordingMetricExporter {
  const config = {
    url: `${baseUrl}/v1/metrics`,
    temporalityPreference: temporalityPreference[temporality],
    compression: isGzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE,
  };
  return new RecordingMetricExporter(encoding === 'proto' ? new ProtoMetricExporter(config) : new JsonMetricExporter(config));
}

export function logExporter(encoding: Encoding, baseUrl: string, isGzip: boolean): RecordingLogExporter {
  const config = { url: `${baseUrl}/v1/logs`, compression: isGzip ? CompressionAlgorithm.GZIP : CompressionAlgorithm.NONE };
  return new RecordingLogExporter(encoding === 'proto' ? new ProtoLogExporter(config) : new JsonLogExporter(config));
}

/** One turn's worth of usage, as Claude Code would count it. */
export interface Usage {
  costUsd: number[];
  tokens: Partial<Record<TokenType, number>>;
  linesAdded?: number;
  linesRemoved?: number;
}

/** Claude Code's counters, with the attributes it puts on them. */
export function claudeCodeCounters(provider: MeterProvider, sessionId: string, model: string): (usage: Usage) => void {
  const meter = provider.getMeter(claudeCodeScope, claudeCodeVersion);
  const cost = meter.createCounter('claude_code.cost.usage', { unit: 'USD', description: 'Cost of the Claude Code session' });
  const tokens = meter.createCounter('claude_code.token.usage', { unit: 'tokens', description: 'Number of tokens used' });
  const lines = meter.createCounter('claude_code.lines_of_code.count', { unit: 'count', description: 'Lines of code modified' });
  const common = { 'session.id': sessionId, 'user.id': 'user-0001', 'terminal.type': 'xterm-256color' };
  const usage = { ...common, model, query_source: 'main' };
  return (turn) => {
    for (const usd of turn.costUsd) cost.add(usd, usage);
    for (const [type, count] of Object.entries(turn.tokens)) tokens.add(count, { ...usage, type });
    if (turn.linesAdded !== undefined) lines.add(turn.linesAdded, { ...common, type: 'added' });
    if (turn.linesRemoved !== undefined) lines.add(turn.linesRemoved, { ...common, type: 'removed' });
  };
}

export interface CapturedBody {
  path: string;
  headers: Record<string, string>;
  body: Buffer;
}

export interface CaptureServer {
  url: string;
  requests: CapturedBody[];
  close(): Promise<void>;
}

/** Keeps each request's bytes as they came off the wire and answers with an empty success response. */
export function captureServer(): Promise<CaptureServer> {
  const requests: CapturedBody[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = { 'content-type': req.headers['content-type'] ?? '' };
      if (req.headers['content-encoding'] !== undefined) headers['content-encoding'] = req.headers['content-encoding'];
      requests.push({ path: req.url ?? '', headers, body: Buffer.concat(chunks) });
      const isJson = headers['content-type'] === 'application/json';
      // An empty Export*ServiceResponse: zero bytes in protobuf, {} in JSON.
      res.writeHead(200, { 'content-type': headers['content-type'] });
      res.end(isJson ? '{}' : '');
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeIdleConnections();
          }),
      });
    });
  });
}
