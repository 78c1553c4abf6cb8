// Generated sessions as OTLP/HTTP requests: either as Claude Code sends them (one small request per
// 5 s log batch or 60 s metrics collection), or packed into batches of the exporter's default size.
import { encodeLogs, encodeMetrics, type ResourceGroup } from './encode.js';
import { generateSession, users, type Attrs, type DatasetSpec, type LogEvent, type MetricPoint, type Session } from './generate.js';

export interface OtlpRequest {
  signal: 'logs' | 'metrics';
  path: '/v1/logs' | '/v1/metrics';
  body: Uint8Array;
  /** Log records or metric points in it. */
  records: number;
}

export interface DatasetStats {
  sessions: number;
  events: number;
  metricPoints: number;
  apiRequests: number;
  protobufBytes: number;
  firstStartMs: number;
  lastEndMs: number;
}

/** BatchLogRecordProcessor's default maxExportBatchSize. */
export const exporterBatchSize = 512;

export function* sessionsOf(spec: DatasetSpec, from = 0, to = spec.sessions): Generator<Session> {
  const all = users(spec.seed);
  for (let i = from; i < to; i++) yield generateSession(spec, all, i);
}

export function emptyStats(): DatasetStats {
  return { sessions: 0, events: 0, metricPoints: 0, apiRequests: 0, protobufBytes: 0, firstStartMs: Infinity, lastEndMs: -Infinity };
}

function count(stats: DatasetStats, s: Session): void {
  stats.sessions += 1;
  stats.events += s.eventCount;
  stats.metricPoints += s.pointCount;
  stats.apiRequests += s.hasLogs ? s.apiRequests : 0;
  stats.firstStartMs = Math.min(stats.firstStartMs, s.startMs);
  stats.lastEndMs = Math.max(stats.lastEndMs, s.endMs);
}

/** One request per export, in the order a session sends them. */
export function realisticRequests(session: Session): OtlpRequest[] {
  return session.exports.map((e) =>
    e.signal === 'logs'
      ? { signal: 'logs', path: '/v1/logs', body: encodeLogs([{ resource: session.user.resource, items: e.events }]), records: e.events.length }
      : { signal: 'metrics', path: '/v1/metrics', body: encodeMetrics([{ resource: session.user.resource, items: e.points }]), records: e.points.length },
  );
}

/**
 * Everything of the sessions in [from, to), packed into requests of `batchSize` records: log records
 * and metric points each in their own requests, in session order (so in time order), each request
 * grouped by resource as the SDK groups it.
 */
export function* batchedRequests(spec: DatasetSpec, stats: DatasetStats, from = 0, to = spec.sessions, batchSize = exporterBatchSize): Generator<OtlpRequest> {
  let logs: { resource: Attrs; item: LogEvent }[] = [];
  let points: { resource: Attrs; item: MetricPoint }[] = [];
  const flushLogs = (): OtlpRequest => {
    const body = encodeLogs(groupByResource(logs));
    const request: OtlpRequest = { signal: 'logs', path: '/v1/logs', body, records: logs.length };
    stats.protobufBytes += body.length;
    logs = [];
    return request;
  };
  const flushPoints = (): OtlpRequest => {
    const body = encodeMetrics(groupByResource(points));
    const request: OtlpRequest = { signal: 'metrics', path: '/v1/metrics', body, records: points.length };
    stats.protobufBytes += body.length;
    points = [];
    return request;
  };
  for (const session of sessionsOf(spec, from, to)) {
    count(stats, session);
    for (const e of session.exports) {
      if (e.signal === 'logs') {
        for (const item of e.events) {
          logs.push({ resource: session.user.resource, item });
          if (logs.length === batchSize) yield flushLogs();
        }
      } else {
        for (const item of e.points) {
          points.push({ resource: session.user.resource, item });
          if (points.length === batchSize) yield flushPoints();
        }
      }
    }
  }
  if (logs.length > 0) yield flushLogs();
  if (points.length > 0) yield flushPoints();
}

export function groupByResource<T>(items: readonly { resource: Attrs; item: T }[]): ResourceGroup<T>[] {
  const groups: { resource: Attrs; items: T[] }[] = [];
  for (const { resource, item } of items) {
    const last = groups[groups.length - 1];
    if (last !== undefined && last.resource === resource) last.items.push(item);
    else groups.push({ resource, items: [item] });
  }
  return groups;
}

/** Realistic requests of the sessions in [from, to), with their stats, for rate and latency runs. */
export function realisticRequestsOf(spec: DatasetSpec, from: number, to: number): { requests: OtlpRequest[]; stats: DatasetStats } {
  const stats = emptyStats();
  const requests: OtlpRequest[] = [];
  for (const session of sessionsOf(spec, from, to)) {
    count(stats, session);
    for (const r of realisticRequests(session)) {
      stats.protobufBytes += r.body.length;
      requests.push(r);
    }
  }
  return { requests, stats };
}
