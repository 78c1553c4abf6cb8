// Every metric data point becomes a point of one series (metric + its attributes + the resource).
// Whether a point's value is a delta or a running total is decided in the store (temporality.ts),
// because a cumulative point is differenced against the stored point before it.
import type { MetricKind, MetricsRequest, Temporality } from '../otlp/types.js';
import { attribute, baseModel, projectLabel } from '../vocabulary/attributes.js';
import { canonicalJson, contentHash } from './keys.js';
import { nanosToMs } from './time.js';

export interface SeriesRow {
  seriesKey: string;
  name: string;
  unit: string;
  kind: MetricKind;
  temporality: Temporality;
  isMonotonic: boolean;
  sessionId: string | null;
  userId: string | null;
  /** Without the `[1m]`-style suffix, so metrics and events name a model the same way. */
  model: string | null;
  type: string | null;
  querySource: string | null;
  /** The user's own project attribute, if any (see projectLabel). */
  project: string | null;
  attributesJson: string;
  resourceJson: string;
  scopeName: string;
}

export interface PointRow {
  series: SeriesRow;
  startNs: bigint;
  endNs: bigint;
  endMs: number;
  value: number;
  count: number | null;
  /** True when the value is a running total since startNs (cumulative temporality). */
  isCumulative: boolean;
}

export interface MetricPoints {
  points: PointRow[];
  rejected: number;
  /** Why points were rejected, one line per reason (for OTLP partial_success). */
  reasons: string[];
}

export function metricPoints(request: MetricsRequest): MetricPoints {
  const points: PointRow[] = [];
  const reasons = new Set<string>();
  let rejected = 0;
  for (const rm of request.resourceMetrics) {
    const resourceJson = canonicalJson(rm.resource.attributes);
    for (const sm of rm.scopeMetrics) {
      for (const metric of sm.metrics) {
        for (const dp of metric.dataPoints) {
          const reason = rejectReason(metric.name, metric.kind, metric.isMonotonic, metric.temporality, dp.value);
          if (reason !== null) {
            rejected += 1;
            reasons.add(reason);
            continue;
          }
          const attributesJson = canonicalJson(dp.attributes);
          const a = dp.attributes;
          const r = rm.resource.attributes;
          const series: SeriesRow = {
            seriesKey: contentHash([metric.name, metric.kind, metric.temporality, metric.unit, attributesJson, resourceJson, sm.scope.name]),
            name: metric.name,
            unit: metric.unit,
            kind: metric.kind,
            temporality: metric.temporality,
            isMonotonic: metric.isMonotonic,
            sessionId: attribute.sessionId(a) ?? attribute.sessionId(r),
            userId: attribute.userEmailOrId(a) ?? attribute.userEmailOrId(r),
            model: baseModel(attribute.model(a)),
            type: attribute.metricType(a),
            querySource: attribute.querySource(a),
            project: projectLabel(a, r),
            attributesJson,
            resourceJson,
            scopeName: sm.scope.name,
          };
          points.push({
            series,
            startNs: BigInt(dp.startTimeUnixNano),
            endNs: BigInt(dp.timeUnixNano),
            endMs: nanosToMs(dp.timeUnixNano),
            value: dp.value ?? 0,
            count: dp.count,
            isCumulative: metric.temporality === 2 && metric.kind !== 'gauge' && metric.kind !== 'summary',
          });
        }
      }
    }
  }
  return { points, rejected, reasons: [...reasons] };
}

function rejectReason(name: string, kind: MetricKind, isMonotonic: boolean, temporality: Temporality, value: number | null): string | null {
  if (value === null) return kind === 'gauge' || kind === 'sum' ? `${name}: a data point has no value` : null;
  if (!Number.isFinite(value)) return `${name}: value ${value} is not a finite number`;
  if (kind === 'sum' && isMonotonic && value < 0) return `${name}: a monotonic sum cannot be negative (${value})`;
  if (kind === 'sum' && temporality === 0) return `${name}: aggregationTemporality is unspecified`;
  return null;
}
