// A file as the OpenTelemetry Collector's file exporter writes it (one ExportLogsServiceRequest or
// ExportMetricsServiceRequest per line, logs and metrics mixed), made by the real SDK and its OTLP/JSON
// serializers: importing it stores exactly what sending the same requests to the receiver stores.
import fs from 'node:fs';
import path from 'node:path';
import { JsonLogsSerializer, JsonMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { InMemoryLogRecordExporter, LoggerProvider, SimpleLogRecordProcessor } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, InMemoryMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/store/open.js';
import { openDatabase } from '../src/store/open.js';
import { runCli } from './helpers/cli.js';
import { claudeCodeCounters, claudeCodeResource, claudeCodeScope, claudeCodeVersion } from './helpers/otel-sdk.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

interface Line {
  signal: 'logs' | 'metrics';
  json: string;
}

const sessionId = '7c1f0c2e-0000-4000-8000-00000000c011';
const turnStartMs = Date.parse('2026-11-25T10:00:00Z');

/** Three turns of Claude Code events and counters, each exported as a log batch and a metrics collection. */
async function collectorLines(): Promise<Line[]> {
  const logs = new InMemoryLogRecordExporter();
  const loggerProvider = new LoggerProvider({ resource: claudeCodeResource(), processors: [new SimpleLogRecordProcessor(logs)] });
  const metrics = new InMemoryMetricExporter(AggregationTemporality.DELTA);
  const meterProvider = new MeterProvider({
    resource: claudeCodeResource(),
    readers: [new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 })],
  });
  const logger = loggerProvider.getLogger(claudeCodeScope, claudeCodeVersion);
  const record = claudeCodeCounters(meterProvider, sessionId, 'claude-opus-4-8');
  const lines: Line[] = [];
  for (const turn of [0, 1, 2]) {
    const atMs = turnStartMs + turn * 60_000;
    const common = { 'session.id': sessionId, 'user.id': 'user-0001', 'terminal.type': 'xterm-256color', 'prompt.id': `prompt-${turn}` };
    logger.emit({
      timestamp: new Date(atMs),
      body: 'claude_code.user_prompt',
      attributes: { ...common, 'event.name': 'user_prompt', 'event.timestamp': new Date(atMs).toISOString(), 'event.sequence': turn * 2, prompt_length: '42' },
    });
    logger.emit({
      timestamp: new Date(atMs + 2000),
      body: 'claude_code.api_request',
      attributes: {
        ...common,
        'event.name': 'api_request',
        'event.timestamp': new Date(atMs + 2000).toISOString(),
        'event.sequence': turn * 2 + 1,
        model: 'claude-opus-4-8',
        input_tokens: 1200 + turn,
        output_tokens: 340,
        cache_read_tokens: 25_000,
        cache_creation_tokens: 4096,
        cost_usd: 0.0734115 + turn / 100,
        duration_ms: 1834,
        request_id: `req_${turn}`,
        query_source: 'main',
      },
    });
    record({
      costUsd: [0.0734115 + turn / 100],
      tokens: { input: 1200 + turn, output: 340, cacheRead: 25_000, cacheCreation: 4096 },
      linesAdded: 3 * turn,
      linesRemoved: turn,
    });
    await meterProvider.forceFlush();
    lines.push({ signal: 'logs', json: Buffer.from(JsonLogsSerializer.serializeRequest(logs.getFinishedLogRecords())!).toString('utf8') });
    lines.push(
      ...metrics.getMetrics().map((m) => ({ signal: 'metrics' as const, json: Buffer.from(JsonMetricsSerializer.serializeRequest(m)!).toString('utf8') })),
    );
    logs.reset();
    metrics.reset();
  }
  await Promise.all([loggerProvider.shutdown(), meterProvider.shutdown()]);
  return lines;
}

/** Everything a request stores, without when it arrived. */
function stored(db: Db): unknown {
  return {
    events: db.prepare('SELECT dedup_key, session_id, name, time_ms, cost_usd, input_tokens, raw_json FROM events ORDER BY dedup_key').all(),
    points: db
      .prepare(
        `
        SELECT s.series_key, CAST(p.start_ns AS TEXT) AS start_ns, CAST(p.end_ns AS TEXT) AS end_ns, p.value, p.delta
        FROM metric_points p JOIN metric_series s ON s.id = p.series_id ORDER BY s.series_key, p.end_ns`,
      )
      .all(),
  };
}

function storedIn(file: string): unknown {
  const db = openDatabase(file, { readonly: true });
  const figures = stored(db);
  db.close();
  return figures;
}

let viaHttp: TempReceiver;
let lines: Line[];
beforeAll(async () => {
  lines = await collectorLines();
  viaHttp = await tempReceiver();
});
afterAll(async () => {
  await viaHttp.stop();
});

describe('a Collector file-exporter file', () => {
  it('imports to exactly what the same requests store through the receiver', async () => {
    const file = path.join(viaHttp.dir, 'collector-export.json');
    fs.writeFileSync(file, lines.map((l) => `${l.json}\n`).join(''));
    const db = path.join(viaHttp.dir, 'imported.db');
    const statuses = [];
    for (const l of lines) statuses.push((await post(`${viaHttp.receiver.url}/v1/${l.signal}`, l.json, { 'content-type': 'application/json' })).status);
    const report = JSON.parse((await runCli(['import', file, '--json', '--db', db])).stdout) as { requests: number; stored: number; skipped: unknown[] };
    const [imported, received] = await Promise.all([db, viaHttp.dbPath].map((f) => runCli(['session', sessionId, '--json', '--db', f])));
    expect(lines.map((l) => l.signal)).toEqual(['logs', 'metrics', 'logs', 'metrics', 'logs', 'metrics']);
    expect(lines.every((l) => !l.json.includes('\n'))).toBe(true);
    expect(statuses).toEqual(lines.map(() => 200));
    expect(report).toMatchObject({ requests: 6, skipped: [] });
    expect(report.stored).toBeGreaterThan(6);
    expect(storedIn(db)).toEqual(stored(viaHttp.db));
    expect(JSON.parse(imported!.stdout)).toEqual(JSON.parse(received!.stdout));
    expect(JSON.parse(imported!.stdout)).toMatchObject({ session: { sessionId, apiRequests: 3, prompts: 3, linesAdded: 9, linesRemoved: 3 } });
  });
});
