// OTLP protobuf bytes made by the OpenTelemetry JS SDK's own serializers (0.208, the exporter version
// Claude Code ships), so attribute types come out as Claude Code's do: integers as intValue,
// fractions as doubleValue, strings as strings.
import { ValueType } from '@opentelemetry/api';
import { ProtobufLogsSerializer, ProtobufMetricsSerializer } from '@opentelemetry/otlp-transformer';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { AggregationTemporality, DataPointType, type MetricData, type ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { Attrs, LogEvent, MetricName, MetricPoint } from './generate.js';

const eventsScope = { name: 'com.anthropic.claude_code.events', version: '2.1.197' };
const metricsScope = { name: 'com.anthropic.claude_code', version: '2.1.197' };

const descriptors: Record<MetricName, { description: string; unit: string }> = {
  'claude_code.session.count': { description: 'Count of CLI sessions started', unit: '' },
  'claude_code.cost.usage': { description: 'Cost of the Claude Code session', unit: 'USD' },
  'claude_code.token.usage': { description: 'Number of tokens used', unit: 'tokens' },
  'claude_code.active_time.total': { description: 'Total active time in seconds', unit: 's' },
  'claude_code.lines_of_code.count': {
    description: "Count of lines of code modified, with the 'type' attribute indicating whether lines were added or removed",
    unit: '',
  },
  'claude_code.code_edit_tool.decision': { description: 'Count of code editing tool permission decisions', unit: '' },
};

// The serializers group records by resource object identity, as the SDK shares one per process.
const resources = new Map<string, Resource>();
function resourceOf(attributes: Attrs): Resource {
  const key = JSON.stringify(attributes);
  let resource = resources.get(key);
  if (resource === undefined) resources.set(key, (resource = resourceFromAttributes(attributes)));
  return resource;
}

function hrTime(ms: number): [number, number] {
  return [Math.floor(ms / 1000), (ms % 1000) * 1_000_000];
}

export interface ResourceGroup<T> {
  resource: Attrs;
  items: readonly T[];
}

export function encodeLogs(groups: readonly ResourceGroup<LogEvent>[]): Uint8Array {
  const records: ReadableLogRecord[] = [];
  for (const group of groups) {
    const resource = resourceOf(group.resource);
    for (const e of group.items) {
      records.push({
        hrTime: hrTime(e.timeMs),
        hrTimeObserved: hrTime(e.timeMs),
        body: `claude_code.${e.name}`,
        resource,
        instrumentationScope: eventsScope,
        attributes: e.attributes,
        droppedAttributesCount: 0,
      });
    }
  }
  const bytes = ProtobufLogsSerializer.serializeRequest(records);
  if (bytes === undefined) throw new Error('the OTel logs serializer returned nothing');
  return bytes;
}

export function encodeMetrics(groups: readonly ResourceGroup<MetricPoint>[]): Uint8Array {
  const resourceMetrics: ResourceMetrics[] = groups.map((group) => {
    const byMetric = new Map<MetricName, MetricPoint[]>();
    for (const p of group.items) {
      const list = byMetric.get(p.metric);
      if (list === undefined) byMetric.set(p.metric, [p]);
      else list.push(p);
    }
    const metrics: MetricData[] = [...byMetric].map(([name, points]) => ({
      descriptor: { name, ...descriptors[name], valueType: ValueType.DOUBLE },
      aggregationTemporality: AggregationTemporality.DELTA,
      dataPointType: DataPointType.SUM,
      isMonotonic: true,
      dataPoints: points.map((p) => ({ startTime: hrTime(p.startMs), endTime: hrTime(p.endMs), attributes: p.attributes, value: p.value })),
    }));
    return { resource: resourceOf(group.resource), scopeMetrics: [{ scope: metricsScope, metrics }] };
  });
  // One ResourceMetrics per request is what the SDK sends; several are concatenated on the wire.
  const parts = resourceMetrics.map((rm) => {
    const bytes = ProtobufMetricsSerializer.serializeRequest(rm);
    if (bytes === undefined) throw new Error('the OTel metrics serializer returned nothing');
    return bytes;
  });
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
}
