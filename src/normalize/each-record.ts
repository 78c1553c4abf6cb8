// Normalizing a request record by record: a record normalize cannot read (a value of a shape no
// version sent before, a bug of ours) is rejected alone, with its reason, and never costs the others.
import type { LogsRequest, MetricsRequest } from '../otlp/types.js';
import { eventRow, type EventRow } from './events.js';
import { metricPoints, type MetricPoints } from './metric-points.js';

export interface EventRows {
  rows: EventRow[];
  rejected: number;
  /** Why records were rejected, one line per distinct reason (for OTLP partial_success). */
  reasons: string[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function eventRowsEach(request: LogsRequest, receivedMs: number): EventRows {
  const rows: EventRow[] = [];
  const reasons = new Set<string>();
  let rejected = 0;
  for (const rl of request.resourceLogs) {
    for (const sl of rl.scopeLogs) {
      for (const record of sl.logRecords) {
        try {
          rows.push(eventRow(record, rl.resource, sl.scope, receivedMs));
        } catch (error) {
          rejected += 1;
          reasons.add(`a log record could not be read: ${messageOf(error)}`);
        }
      }
    }
  }
  return { rows, rejected, reasons: [...reasons] };
}

/** metricPoints over the whole request; only when that throws, point by point to find the one at fault. */
export function metricPointsEach(request: MetricsRequest): MetricPoints {
  try {
    return metricPoints(request);
  } catch {
    const out: MetricPoints = { points: [], rejected: 0, reasons: [] };
    const reasons = new Set<string>();
    for (const rm of request.resourceMetrics) {
      for (const sm of rm.scopeMetrics) {
        for (const metric of sm.metrics) {
          for (const dp of metric.dataPoints) {
            try {
              const one = metricPoints({ resourceMetrics: [{ resource: rm.resource, scopeMetrics: [{ scope: sm.scope, metrics: [{ ...metric, dataPoints: [dp] }] }] }] });
              out.points.push(...one.points);
              out.rejected += one.rejected;
              for (const reason of one.reasons) reasons.add(reason);
            } catch (error) {
              out.rejected += 1;
              reasons.add(`${metric.name}: a data point could not be read: ${messageOf(error)}`);
            }
          }
        }
      }
    }
    return { ...out, reasons: [...reasons] };
  }
}
