// Stored records for export, streamed (iterate) so a large database is never held in memory at once.
import { statement, type Db } from '../open.js';

export interface ExportQuery {
  sinceMs?: number;
  sessionId?: string;
}

export interface EventExportRow {
  sessionId: string | null;
  name: string;
  timeMs: number;
  sequence: number | null;
  model: string | null;
  costUsd: number | null;
  inputTokens: number | null;
  outputTokens: number | null;
  cacheReadTokens: number | null;
  cacheCreationTokens: number | null;
  durationMs: number | null;
  toolName: string | null;
  isSuccess: number | null;
  error: string | null;
  requestId: string | null;
  rawJson: string;
}

export interface PointExportRow {
  name: string;
  unit: string;
  kind: string;
  temporality: number;
  isMonotonic: number;
  sessionId: string | null;
  attributesJson: string;
  resourceJson: string;
  scopeName: string;
  /** Nanoseconds, exact (BigInt). */
  startNs: bigint;
  endNs: bigint;
  value: number;
  delta: number;
  count: number | null;
  isCumulative: number;
}

const eventsSql = `
  SELECT session_id AS sessionId, name, time_ms AS timeMs, sequence, model, cost_usd AS costUsd,
    input_tokens AS inputTokens, output_tokens AS outputTokens, cache_read_tokens AS cacheReadTokens,
    cache_creation_tokens AS cacheCreationTokens, duration_ms AS durationMs, tool_name AS toolName,
    is_success AS isSuccess, error, request_id AS requestId, raw_json AS rawJson
  FROM events
  WHERE time_ms >= @since AND (@sessionId IS NULL OR session_id = @sessionId)
  ORDER BY time_ms, id`;

const pointsSql = `
  SELECT s.name, s.unit, s.kind, s.temporality, s.is_monotonic AS isMonotonic, s.session_id AS sessionId,
    s.attributes_json AS attributesJson, s.resource_json AS resourceJson, s.scope_name AS scopeName,
    p.start_ns AS startNs, p.end_ns AS endNs, p.value, p.delta, p.count, p.is_cumulative AS isCumulative
  FROM metric_points p JOIN metric_series s ON s.id = p.series_id
  WHERE p.end_ms >= @since AND (@sessionId IS NULL OR s.session_id = @sessionId)
  ORDER BY p.series_id, p.start_ns, p.end_ns`;

export interface SpanExportRow {
  /** The span with its resource and scope, as stored. */
  rawJson: string;
}

const spansSql = `
  SELECT raw_json AS rawJson FROM spans
  WHERE start_ms >= @since AND (@sessionId IS NULL OR session_id = @sessionId)
  ORDER BY start_ms, id`;

function params(query: ExportQuery) {
  return { since: query.sinceMs ?? 0, sessionId: query.sessionId ?? null };
}

export function exportEvents(db: Db, query: ExportQuery): IterableIterator<EventExportRow> {
  return statement(db, eventsSql).iterate(params(query)) as IterableIterator<EventExportRow>;
}

export function exportPoints(db: Db, query: ExportQuery): IterableIterator<PointExportRow> {
  // Nanosecond times come back as BigInt: a JS number cannot hold them exactly.
  const stmt = statement(db, pointsSql).safeIntegers(true);
  return (function* () {
    for (const row of stmt.iterate(params(query)) as IterableIterator<Record<string, unknown>>) {
      yield pointExportRow(row);
    }
  })();
}

/** A point as read with safeIntegers: its times stay BigInt, its small integers and values become numbers. */
export function pointExportRow(row: Record<string, unknown>): PointExportRow {
  return {
    ...(row as unknown as PointExportRow),
    temporality: Number(row['temporality']),
    isMonotonic: Number(row['isMonotonic']),
    isCumulative: Number(row['isCumulative']),
    count: row['count'] === null ? null : Number(row['count']),
    value: Number(row['value']),
    delta: Number(row['delta']),
  };
}

export function exportSpans(db: Db, query: ExportQuery): IterableIterator<SpanExportRow> {
  return statement(db, spansSql).iterate(params(query)) as IterableIterator<SpanExportRow>;
}
