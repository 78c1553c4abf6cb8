// The real OpenTelemetry JS SDK and OTLP exporters (the versions Claude Code uses) send to the real
// receiver; the stored rows and the read models must hold exactly what the SDK was given.
import type { Logger } from '@opentelemetry/api-logs';
import { BatchLogRecordProcessor, LoggerProvider } from '@opentelemetry/sdk-logs';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterEach, beforeEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import type { IngestResult } from '../src/receiver/ingest.js';
import type { Db } from '../src/store/open.js';
import { sessions } from '../src/store/read/sessions.js';
import {
  captureServer,
  claudeCodeCounters,
  claudeCodeResource,
  claudeCodeScope,
  claudeCodeVersion,
  logExporter,
  metricExporter,
  type CapturedBody,
  type Encoding,
  type Temporality,
  type Usage,
} from './helpers/otel-sdk.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const sessionId = '5b0c7e3e-4d1a-4f7b-9c55-2f4e8a9d6c11';
// The metric model carries Claude Code's context-window suffix; events and the store use the base name.
const metricModel = 'claude-opus-4-8[1m]';
const model = 'claude-opus-4-8';

// Costs are dyadic fractions, so every sum is exact in binary floating point whatever the order:
// the assertions can use toEqual and still catch a single double-counted or lost point.
const turns: Usage[] = [
  { costUsd: [0.375, 0.015625], tokens: { input: 1200, output: 340, cacheRead: 25_000, cacheCreation: 4096 }, linesAdded: 12, linesRemoved: 3 },
  // No cacheCreation and no removed lines: a cumulative series repeats its total, a delta one sends nothing.
  { costUsd: [0.5], tokens: { input: 80, output: 1500, cacheRead: 31_000 }, linesAdded: 40 },
  { costUsd: [0.0078125, 0.25], tokens: { input: 6, output: 21, cacheCreation: 512 }, linesRemoved: 7 },
];

const recordedTotals = [
  { name: 'claude_code.cost.usage', type: null, total: 1.1484375 },
  { name: 'claude_code.lines_of_code.count', type: 'added', total: 52 },
  { name: 'claude_code.lines_of_code.count', type: 'removed', total: 10 },
  { name: 'claude_code.token.usage', type: 'cacheCreation', total: 4608 },
  { name: 'claude_code.token.usage', type: 'cacheRead', total: 56_000 },
  { name: 'claude_code.token.usage', type: 'input', total: 1286 },
  { name: 'claude_code.token.usage', type: 'output', total: 1861 },
];

// sdk-metrics stamps points with Date.now() in whole milliseconds, so the clock is injected: one
// export a minute, Claude Code's default OTEL_METRIC_EXPORT_INTERVAL.
const firstExportMs = Date.UTC(2026, 0, 15, 9, 31, 0);
const exportIntervalMs = 60_000;

/** No transcript on this machine, no project attribute, and a machine with no name yet: nothing to attribute or cross-check. */
const unattributed = { machine: null, project: null, projectPath: null, gitBranch: null };
function uncheckedIntegrity(costs: { eventsCostUsd: number | null; metricsCostUsd: number | null }) {
  const reason = 'no transcript and only one telemetry source to check against';
  return { status: 'unchecked', reason, transcriptRequests: null, missingRequests: 0, telemetryOnlyRequests: null, transcriptOnly: null, ...costs };
}

const metricsSession = {
  sessionId,
  startTime: '2026-01-15T09:31:00.000Z',
  endTime: '2026-01-15T09:33:00.000Z',
  durationMs: 120_000,
  user: 'user-0001',
  model,
  prompts: null,
  agents: null,
  costUsd: 1.1484375,
  toolCalls: null,
  apiRequests: null,
  errors: null,
  linesAdded: 52,
  linesRemoved: 10,
  tokens: { input: 1286, output: 1861, cacheRead: 56_000, cacheCreation: 4608, total: 3147 },
  ...unattributed,
  integrity: uncheckedIntegrity({ eventsCostUsd: null, metricsCostUsd: 1.1484375 }),
};

const turnStartMs = Date.UTC(2026, 0, 15, 9, 30, 0);

const eventsSession = {
  sessionId,
  startTime: '2026-01-15T09:30:00.000Z',
  endTime: '2026-01-15T09:30:03.500Z',
  durationMs: 3500,
  user: 'dev@example.com',
  model,
  prompts: 1,
  agents: 0,
  costUsd: 0.0734115,
  toolCalls: 1,
  apiRequests: 1,
  errors: 1,
  linesAdded: 0,
  linesRemoved: 0,
  tokens: { input: 1200, output: 340, cacheRead: 25_000, cacheCreation: 4096, total: 1540 },
  ...unattributed,
  integrity: uncheckedIntegrity({ eventsCostUsd: 0.0734115, metricsCostUsd: null }),
};

/** The receiver for one test, stopped when the test ends (after everything registered later). */
async function receiverForTest(): Promise<{ rx: TempReceiver; ingests: IngestResult[] }> {
  const ingests: IngestResult[] = [];
  const rx = await tempReceiver({ onIngest: (result) => ingests.push(result) });
  onTestFinished(() => rx.stop());
  return { rx, ingests };
}

function meterProvider(exporter: ReturnType<typeof metricExporter>): MeterProvider {
  // The interval is never reached: every export in these tests is an explicit forceFlush.
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ resource: claudeCodeResource(), readers: [reader] });
  onTestFinished(() => provider.shutdown());
  return provider;
}

function loggerProvider(exporter: ReturnType<typeof logExporter>): LoggerProvider {
  const provider = new LoggerProvider({ resource: claudeCodeResource(), processors: [new BatchLogRecordProcessor(exporter)] });
  onTestFinished(() => provider.shutdown());
  return provider;
}

/** Records each turn and exports it, `stepMs` after the turn before. */
async function exportTurns(provider: MeterProvider, record: (usage: Usage) => void, stepMs = exportIntervalMs): Promise<void> {
  for (const [n, turn] of turns.entries()) {
    vi.setSystemTime(firstExportMs + n * stepMs);
    record(turn);
    await provider.forceFlush();
  }
}

/** Per-series totals of one session: SUM(delta) is what each series added in all. */
function metricTotals(db: Db, id: string): { name: string; type: string | null; total: number }[] {
  return db
    .prepare(
      `
      SELECT s.name, s.type, TOTAL(p.delta) AS total
      FROM metric_points p JOIN metric_series s ON s.id = p.series_id
      WHERE s.session_id = ? GROUP BY s.name, s.type ORDER BY s.name, s.type`,
    )
    .all(id) as { name: string; type: string | null; total: number }[];
}

function seriesColumns(db: Db): unknown[] {
  return db
    .prepare(
      `
      SELECT name, type, unit, model, query_source AS querySource, temporality, is_monotonic AS isMonotonic,
        scope_name AS scopeName, json_extract(attributes_json, '$.model') AS attributeModel,
        json_extract(resource_json, '$."service.name"') AS serviceName
      FROM metric_series ORDER BY name, type`,
    )
    .all();
}

/** Everything a retried request could change: events, points (with their deltas) and session figures. */
function storedFigures(db: Db): unknown {
  return {
    events: db.prepare('SELECT dedup_key, name, time_ms, cost_usd, input_tokens, is_success, duration_ms, raw_json FROM events ORDER BY id').all(),
    points: db
      .prepare(
        `
        SELECT s.series_key, CAST(p.start_ns AS TEXT) AS start_ns, CAST(p.end_ns AS TEXT) AS end_ns, p.value, p.delta, p.is_cumulative
        FROM metric_points p JOIN metric_series s ON s.id = p.series_id ORDER BY s.series_key, p.end_ns`,
      )
      .all(),
    sessions: sessions(db, {}),
  };
}

/** One turn of Claude Code events, shaped (attribute names and value types) as Claude Code emits them. */
function emitTurn(logger: Logger): void {
  const at = (offsetMs: number) => ({
    timestamp: new Date(turnStartMs + offsetMs),
    common: {
      'session.id': sessionId,
      'user.id': 'user-0001',
      'user.email': 'dev@example.com',
      'terminal.type': 'xterm-256color',
      'event.timestamp': new Date(turnStartMs + offsetMs).toISOString(),
      'prompt.id': 'prompt-0001',
    },
  });
  const prompt = at(0);
  logger.emit({
    timestamp: prompt.timestamp,
    body: 'claude_code.user_prompt',
    attributes: { ...prompt.common, 'event.name': 'user_prompt', 'event.sequence': 1, prompt_length: '42', prompt: '<REDACTED>' },
  });
  const request = at(2000);
  logger.emit({
    timestamp: request.timestamp,
    body: 'claude_code.api_request',
    attributes: {
      ...request.common,
      'event.name': 'api_request',
      'event.sequence': 2,
      model,
      input_tokens: 1200,
      output_tokens: 340,
      cache_read_tokens: 25_000,
      cache_creation_tokens: 4096,
      cost_usd: 0.0734115,
      duration_ms: 1834,
      request_id: 'req_011CVz8mJq4rT6yWb3nXk2aP',
      query_source: 'main',
    },
  });
  const tool = at(3500);
  logger.emit({
    timestamp: tool.timestamp,
    body: 'claude_code.tool_result',
    attributes: {
      ...tool.common,
      'event.name': 'tool_result',
      'event.sequence': 3,
      tool_name: 'Bash',
      success: 'false',
      duration_ms: '12',
      error: 'Exit code 1',
    },
  });
}

/** The only element of a list that must hold exactly one. */
function single<T>(items: readonly T[]): T {
  if (items.length !== 1) throw new Error(`expected exactly one item, got ${items.length}`);
  return items[0] as T;
}

describe('metrics from the real OpenTelemetry SDK', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it.each([
    { encoding: 'proto', temporality: 'delta', isGzip: false },
    { encoding: 'proto', temporality: 'delta', isGzip: true },
    { encoding: 'proto', temporality: 'cumulative', isGzip: false },
    { encoding: 'proto', temporality: 'cumulative', isGzip: true },
    { encoding: 'json', temporality: 'delta', isGzip: false },
    { encoding: 'json', temporality: 'delta', isGzip: true },
    { encoding: 'json', temporality: 'cumulative', isGzip: false },
    { encoding: 'json', temporality: 'cumulative', isGzip: true },
  ] satisfies { encoding: Encoding; temporality: Temporality; isGzip: boolean }[])(
    '$encoding, $temporality, gzip $isGzip: per-session totals are exactly what was recorded',
    async ({ encoding, temporality, isGzip }) => {
      const { rx, ingests } = await receiverForTest();
      const exporter = metricExporter(encoding, rx.receiver.url, temporality, isGzip);
      const provider = meterProvider(exporter);

      await exportTurns(provider, claudeCodeCounters(provider, sessionId, metricModel));

      expect(exporter.outcomes).toEqual(['ok', 'ok', 'ok']);
      expect(ingests.map((i) => ({ rejected: i.rejected, duplicates: i.duplicates, errorMessage: i.errorMessage }))).toEqual(
        Array(3).fill({ rejected: 0, duplicates: 0, errorMessage: '' }),
      );
      expect(metricTotals(rx.db, sessionId)).toEqual(recordedTotals);
      expect(rx.db.prepare('SELECT DISTINCT model FROM metric_series WHERE model IS NOT NULL').pluck().all()).toEqual([model]);
      expect(sessions(rx.db, {})).toEqual([metricsSession]);
    },
  );

  it.each([
    { encoding: 'proto', temporality: 'delta', wireTemporality: 1 },
    { encoding: 'json', temporality: 'cumulative', wireTemporality: 2 },
  ] satisfies { encoding: Encoding; temporality: Temporality; wireTemporality: number }[])(
    '$encoding, $temporality: series keep the base model, the raw attributes and the temporality',
    async ({ encoding, temporality, wireTemporality }) => {
      const { rx } = await receiverForTest();
      const exporter = metricExporter(encoding, rx.receiver.url, temporality, false);
      const provider = meterProvider(exporter);
      vi.setSystemTime(firstExportMs);
      claudeCodeCounters(provider, sessionId, metricModel)({ costUsd: [0.5], tokens: { input: 3 }, linesAdded: 1 });
      await provider.forceFlush();

      const usage = {
        model,
        querySource: 'main',
        temporality: wireTemporality,
        isMonotonic: 1,
        scopeName: claudeCodeScope,
        attributeModel: metricModel,
        serviceName: 'claude-code',
      };
      expect(seriesColumns(rx.db)).toEqual([
        { name: 'claude_code.cost.usage', type: null, unit: 'USD', ...usage },
        { name: 'claude_code.lines_of_code.count', type: 'added', unit: 'count', ...usage, model: null, querySource: null, attributeModel: null },
        { name: 'claude_code.token.usage', type: 'input', unit: 'tokens', ...usage },
      ]);
    },
  );

  it.each([
    { encoding: 'proto', isGzip: false },
    { encoding: 'json', isGzip: true },
  ] satisfies { encoding: Encoding; isGzip: boolean }[])(
    '$encoding, cumulative, gzip $isGzip: flushes with nothing new recorded change no total',
    async ({ encoding, isGzip }) => {
      const { rx, ingests } = await receiverForTest();
      const exporter = metricExporter(encoding, rx.receiver.url, 'cumulative', isGzip);
      const provider = meterProvider(exporter);
      await exportTurns(provider, claudeCodeCounters(provider, sessionId, metricModel));
      const pointsBefore = rx.db.prepare('SELECT COUNT(*) FROM metric_points').pluck().get();

      vi.setSystemTime(firstExportMs + 3 * exportIntervalMs);
      await provider.forceFlush();
      vi.setSystemTime(firstExportMs + 4 * exportIntervalMs);
      await provider.forceFlush();

      // Each idle flush re-sends every running total (7 series): stored, but adding nothing.
      expect(exporter.outcomes).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);
      expect(ingests.map((i) => i.inserted).slice(3)).toEqual([7, 7]);
      expect(rx.db.prepare('SELECT COUNT(*) FROM metric_points').pluck().get()).toBe(Number(pointsBefore) + 14);
      expect(metricTotals(rx.db, sessionId)).toEqual(recordedTotals);
      expect(sessions(rx.db, {})).toEqual([{ ...metricsSession, endTime: '2026-01-15T09:35:00.000Z', durationMs: 240_000 }]);
    },
  );

  // sdk-metrics stamps whole milliseconds, so two exports within one millisecond share a point's
  // times: a delta point is told from a retry by its value, a cumulative one keeps the larger total.
  it.each([
    { encoding: 'proto', temporality: 'delta' },
    { encoding: 'json', temporality: 'cumulative' },
  ] satisfies { encoding: Encoding; temporality: Temporality }[])(
    '$encoding, $temporality: exports within one millisecond still count whole',
    async ({ encoding, temporality }) => {
      const { rx } = await receiverForTest();
      const exporter = metricExporter(encoding, rx.receiver.url, temporality, false);
      const provider = meterProvider(exporter);

      await exportTurns(provider, claudeCodeCounters(provider, sessionId, metricModel), 0);

      expect(exporter.outcomes).toEqual(['ok', 'ok', 'ok']);
      expect(metricTotals(rx.db, sessionId)).toEqual(recordedTotals);
    },
  );
});

describe('logs from the real OpenTelemetry SDK', () => {
  it.each([
    { encoding: 'proto', isGzip: false },
    { encoding: 'proto', isGzip: true },
    { encoding: 'json', isGzip: false },
    { encoding: 'json', isGzip: true },
  ] satisfies { encoding: Encoding; isGzip: boolean }[])(
    '$encoding, gzip $isGzip: Claude Code events land in typed columns and session figures',
    async ({ encoding, isGzip }) => {
      const { rx, ingests } = await receiverForTest();
      const exporter = logExporter(encoding, rx.receiver.url, isGzip);
      const provider = loggerProvider(exporter);

      emitTurn(provider.getLogger(claudeCodeScope, claudeCodeVersion));
      await provider.forceFlush();

      expect(exporter.outcomes).toEqual(['ok']);
      expect(ingests.map((i) => ({ received: i.received, inserted: i.inserted }))).toEqual([{ received: 3, inserted: 3 }]);
      const common = { sessionId, promptId: 'prompt-0001', userId: 'user-0001', appVersion: claudeCodeVersion, osType: 'linux' };
      const none = { model: null, inputTokens: null, outputTokens: null, cacheReadTokens: null, cacheCreationTokens: null, costUsd: null, durationMs: null };
      expect(
        rx.db
          .prepare(
            `
            SELECT name, session_id AS sessionId, prompt_id AS promptId, sequence, time_ms AS timeMs, user_id AS userId,
              model, input_tokens AS inputTokens, output_tokens AS outputTokens, cache_read_tokens AS cacheReadTokens,
              cache_creation_tokens AS cacheCreationTokens, cost_usd AS costUsd, duration_ms AS durationMs,
              tool_name AS toolName, is_success AS isSuccess, error, request_id AS requestId, query_source AS querySource,
              app_version AS appVersion, os_type AS osType
            FROM events ORDER BY sequence`,
          )
          .all(),
      ).toEqual([
        {
          ...common,
          ...none,
          name: 'user_prompt',
          sequence: 1,
          timeMs: turnStartMs,
          toolName: null,
          isSuccess: null,
          error: null,
          requestId: null,
          querySource: null,
        },
        {
          ...common,
          name: 'api_request',
          sequence: 2,
          timeMs: turnStartMs + 2000,
          model,
          inputTokens: 1200,
          outputTokens: 340,
          cacheReadTokens: 25_000,
          cacheCreationTokens: 4096,
          costUsd: 0.0734115,
          durationMs: 1834,
          toolName: null,
          isSuccess: null,
          error: null,
          requestId: 'req_011CVz8mJq4rT6yWb3nXk2aP',
          querySource: 'main',
        },
        {
          ...common,
          ...none,
          name: 'tool_result',
          sequence: 3,
          timeMs: turnStartMs + 3500,
          durationMs: 12,
          toolName: 'Bash',
          isSuccess: 0,
          error: 'Exit code 1',
          requestId: null,
          querySource: null,
        },
      ]);
      // The raw record keeps the values exactly as sent, strings included.
      expect(
        rx.db
          .prepare(
            `SELECT json_extract(raw_json, '$.attributes.success') AS success, json_extract(raw_json, '$.attributes.prompt_length') AS promptLength FROM events ORDER BY sequence`,
          )
          .all(),
      ).toEqual([
        { success: null, promptLength: '42' },
        { success: null, promptLength: null },
        { success: 'false', promptLength: null },
      ]);
      expect(sessions(rx.db, {})).toEqual([eventsSession]);
    },
  );
});

describe('a retried exporter request (the real bytes, sent twice)', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  async function captureLogs(encoding: Encoding, isGzip: boolean): Promise<CapturedBody[]> {
    const capture = await captureServer();
    onTestFinished(() => capture.close());
    const provider = loggerProvider(logExporter(encoding, capture.url, isGzip));
    emitTurn(provider.getLogger(claudeCodeScope, claudeCodeVersion));
    await provider.forceFlush();
    return capture.requests;
  }

  async function captureMetrics(encoding: Encoding, temporality: Temporality, isGzip: boolean): Promise<CapturedBody[]> {
    const capture = await captureServer();
    onTestFinished(() => capture.close());
    const provider = meterProvider(metricExporter(encoding, capture.url, temporality, isGzip));
    await exportTurns(provider, claudeCodeCounters(provider, sessionId, metricModel));
    return capture.requests;
  }

  it.each([
    { encoding: 'proto', isGzip: true, headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' } },
    { encoding: 'json', isGzip: false, headers: { 'content-type': 'application/json' } },
  ] satisfies { encoding: Encoding; isGzip: boolean; headers: Record<string, string> }[])(
    'logs, $encoding, gzip $isGzip: the second POST answers 200 and changes nothing',
    async ({ encoding, isGzip, headers }) => {
      const request = single(await captureLogs(encoding, isGzip));
      const { rx, ingests } = await receiverForTest();
      expect(request.headers).toEqual(headers);

      expect((await post(`${rx.receiver.url}${request.path}`, request.body, request.headers)).status).toBe(200);
      const afterFirst = storedFigures(rx.db);
      expect((await post(`${rx.receiver.url}${request.path}`, request.body, request.headers)).status).toBe(200);

      expect(storedFigures(rx.db)).toEqual(afterFirst);
      expect(ingests.map((i) => ({ inserted: i.inserted, duplicates: i.duplicates }))).toEqual([
        { inserted: 3, duplicates: 0 },
        { inserted: 0, duplicates: 3 },
      ]);
      expect(sessions(rx.db, {})).toEqual([eventsSession]);
    },
  );

  it.each([
    { encoding: 'proto', temporality: 'cumulative', isGzip: false, headers: { 'content-type': 'application/x-protobuf' } },
    { encoding: 'json', temporality: 'cumulative', isGzip: true, headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } },
    { encoding: 'proto', temporality: 'delta', isGzip: true, headers: { 'content-type': 'application/x-protobuf', 'content-encoding': 'gzip' } },
    { encoding: 'json', temporality: 'delta', isGzip: false, headers: { 'content-type': 'application/json' } },
  ] satisfies { encoding: Encoding; temporality: Temporality; isGzip: boolean; headers: Record<string, string> }[])(
    'metrics, $encoding, $temporality, gzip $isGzip: each request POSTed twice counts once',
    async ({ encoding, temporality, isGzip, headers }) => {
      const requests = await captureMetrics(encoding, temporality, isGzip);
      const { rx } = await receiverForTest();
      expect(requests.map((r) => ({ path: r.path, headers: r.headers }))).toEqual(Array(3).fill({ path: '/v1/metrics', headers }));

      const statuses: number[] = [];
      const afterFirst: unknown[] = [];
      const afterSecond: unknown[] = [];
      for (const request of requests) {
        statuses.push((await post(`${rx.receiver.url}${request.path}`, request.body, request.headers)).status);
        afterFirst.push(storedFigures(rx.db));
        statuses.push((await post(`${rx.receiver.url}${request.path}`, request.body, request.headers)).status);
        afterSecond.push(storedFigures(rx.db));
      }

      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      expect(afterSecond).toEqual(afterFirst);
      expect(metricTotals(rx.db, sessionId)).toEqual(recordedTotals);
      expect(sessions(rx.db, {})).toEqual([metricsSession]);
    },
  );

  it.each([
    { encoding: 'proto', isGzip: true },
    { encoding: 'json', isGzip: false },
  ] satisfies { encoding: Encoding; isGzip: boolean }[])(
    'metrics, $encoding, cumulative, gzip $isGzip: exports retried out of order still sum to what was recorded',
    async ({ encoding, isGzip }) => {
      const requests = await captureMetrics(encoding, 'cumulative', isGzip);
      const { rx } = await receiverForTest();

      // The last export first, then the earlier ones late, then retries of both.
      const statuses: number[] = [];
      for (const n of [2, 0, 1, 2, 0, 1]) {
        const request = requests[n] as CapturedBody;
        statuses.push((await post(`${rx.receiver.url}${request.path}`, request.body, request.headers)).status);
      }

      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      expect(metricTotals(rx.db, sessionId)).toEqual(recordedTotals);
      expect(sessions(rx.db, {})).toEqual([metricsSession]);
    },
  );
});
