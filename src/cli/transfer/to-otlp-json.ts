// Stored records back into OTLP/JSON requests, so an export imports into the same numbers:
// events from their raw record; metric points with their stored value and temporality (a cumulative
// point keeps its running total, so the importer differences it exactly as the receiver did).
import type { EventExportRow, PointExportRow, SpanExportRow } from '../../store/read/export-rows.js';

type Json = Record<string, unknown>;

export function anyValue(value: unknown): Json {
  if (typeof value === 'string') return { stringValue: value };
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value === 'number') return Number.isSafeInteger(value) ? { intValue: String(value) } : { doubleValue: value };
  if (Array.isArray(value)) return { arrayValue: { values: value.map(anyValue) } };
  if (value !== null && typeof value === 'object') return { kvlistValue: { values: keyValues(value as Json) } };
  return {};
}

export function keyValues(attributes: Json): Json[] {
  return Object.entries(attributes).map(([key, value]) => ({ key, value: anyValue(value) }));
}

/** One ExportLogsServiceRequest per batch of events, grouped by resource and scope. */
export function logsRequest(rows: readonly Pick<EventExportRow, 'rawJson'>[]): Json {
  const groups = new Map<string, { resource: Json; scope: Json; records: Json[] }>();
  for (const row of rows) {
    const raw = JSON.parse(row.rawJson) as Json;
    const resource = (raw['resource'] ?? {}) as Json;
    const scope = (raw['scope'] ?? {}) as Json;
    const key = JSON.stringify([resource, scope]);
    const group = groups.get(key) ?? { resource, scope, records: [] };
    group.records.push({
      timeUnixNano: raw['timeUnixNano'],
      observedTimeUnixNano: raw['observedTimeUnixNano'],
      ...(raw['severityNumber'] === undefined ? {} : { severityNumber: raw['severityNumber'] }),
      ...(raw['severityText'] === undefined ? {} : { severityText: raw['severityText'] }),
      ...(raw['body'] === null || raw['body'] === undefined ? {} : { body: anyValue(raw['body']) }),
      ...(raw['eventName'] === undefined ? {} : { eventName: raw['eventName'] }),
      ...(raw['traceId'] === undefined ? {} : { traceId: raw['traceId'], spanId: raw['spanId'] }),
      attributes: keyValues((raw['attributes'] ?? {}) as Json),
    });
    groups.set(key, group);
  }
  return {
    resourceLogs: [...groups.values()].map((g) => ({
      resource: { attributes: keyValues(g.resource) },
      scopeLogs: [{ scope: g.scope, logRecords: g.records }],
    })),
  };
}

/** One ExportMetricsServiceRequest per batch of points; sums and gauges (histograms are not re-created). */
export function metricsRequest(rows: readonly PointExportRow[]): Json {
  const groups = new Map<string, { resource: Json; scopeName: string; metrics: Json[] }>();
  for (const row of rows) {
    const key = JSON.stringify([row.resourceJson, row.scopeName]);
    const group = groups.get(key) ?? { resource: JSON.parse(row.resourceJson) as Json, scopeName: row.scopeName, metrics: [] };
    const point = {
      attributes: keyValues(JSON.parse(row.attributesJson) as Json),
      startTimeUnixNano: row.startNs.toString(),
      timeUnixNano: row.endNs.toString(),
      asDouble: row.value,
    };
    const data =
      row.kind === 'gauge'
        ? { gauge: { dataPoints: [point] } }
        : { sum: { aggregationTemporality: row.temporality, isMonotonic: row.isMonotonic === 1, dataPoints: [point] } };
    group.metrics.push({ name: row.name, unit: row.unit, ...data });
    groups.set(key, group);
  }
  return {
    resourceMetrics: [...groups.values()].map((g) => ({
      resource: { attributes: keyValues(g.resource) },
      scopeMetrics: [{ scope: { name: g.scopeName }, metrics: g.metrics }],
    })),
  };
}

/** One ExportTraceServiceRequest per batch of spans, grouped by resource and scope; ids stay hex, as OTLP/JSON has them. */
export function tracesRequest(rows: readonly SpanExportRow[]): Json {
  const groups = new Map<string, { resource: Json; scope: Json; spans: Json[] }>();
  for (const row of rows) {
    const raw = JSON.parse(row.rawJson) as Json;
    const resource = (raw['resource'] ?? {}) as Json;
    const scope = (raw['scope'] ?? {}) as Json;
    const key = JSON.stringify([resource, scope]);
    const group = groups.get(key) ?? { resource, scope, spans: [] };
    const events = Array.isArray(raw['events']) ? (raw['events'] as Json[]) : undefined;
    group.spans.push({
      traceId: raw['traceId'],
      spanId: raw['spanId'],
      ...(raw['parentSpanId'] ? { parentSpanId: raw['parentSpanId'] } : {}),
      name: raw['name'],
      ...(raw['kind'] === undefined ? {} : { kind: raw['kind'] }),
      startTimeUnixNano: raw['startTimeUnixNano'],
      endTimeUnixNano: raw['endTimeUnixNano'],
      attributes: keyValues((raw['attributes'] ?? {}) as Json),
      ...(events === undefined
        ? {}
        : { events: events.map((e) => ({ timeUnixNano: e['timeUnixNano'], name: e['name'], attributes: keyValues((e['attributes'] ?? {}) as Json) })) }),
      ...(raw['status'] === undefined ? {} : { status: raw['status'] }),
    });
    groups.set(key, group);
  }
  return {
    resourceSpans: [...groups.values()].map((g) => ({
      resource: { attributes: keyValues(g.resource) },
      scopeSpans: [{ scope: g.scope, spans: g.spans }],
    })),
  };
}
