// Normalizing a request record by record: a record normalize cannot read (a value of a shape no
// version sent before, a bug of ours) is rejected alone, with its reason, and never costs the others.
import type { LogsRequest, MetricsRequest, TracesRequest } from '../otlp/types.js';
import { eventRow, type EventRow } from './events.js';
import { metricPoints, type PointRow } from './metric-points.js';
import { spanRows, type SpanRow } from './spans.js';

export interface Normalized<Row> {
  rows: Row[];
  rejected: number;
  /** Why records were rejected, one line per distinct reason (for OTLP partial_success). */
  reasons: string[];
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export function eventRowsEach(request: LogsRequest, receivedMs: number): Normalized<EventRow> {
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
export function metricPointsEach(request: MetricsRequest): Normalized<PointRow> {
  const whole = orOneByOne(
    () => metricPoints(request),
    request.resourceMetrics.flatMap((rm) =>
      rm.scopeMetrics.flatMap((sm) =>
        sm.metrics.flatMap((metric) =>
          metric.dataPoints.map((dp) => ({
            what: `${metric.name}: a data point`,
            alone: () =>
              metricPoints({ resourceMetrics: [{ resource: rm.resource, scopeMetrics: [{ scope: sm.scope, metrics: [{ ...metric, dataPoints: [dp] }] }] }] }),
          })),
        ),
      ),
    ),
  );
  return { rows: 'points' in whole ? whole.points : whole.rows, rejected: whole.rejected, reasons: whole.reasons };
}

/** spanRows over the whole request; only when that throws, span by span. */
export function spanRowsEach(request: TracesRequest): Normalized<SpanRow> {
  const whole = orOneByOne(
    () => spanRows(request),
    request.resourceSpans.flatMap((rs) =>
      rs.scopeSpans.flatMap((ss) =>
        ss.spans.map((span) => ({
          what: `span "${span.name}"`,
          alone: () => spanRows({ resourceSpans: [{ resource: rs.resource, scopeSpans: [{ scope: ss.scope, spans: [span] }] }] }),
        })),
      ),
    ),
  );
  return { rows: 'points' in whole ? whole.points : whole.rows, rejected: whole.rejected, reasons: whole.reasons };
}

type Result<Row> = { rejected: number; reasons: string[] } & ({ rows: Row[] } | { points: Row[] });

/** The whole request at once, as normally; if that throws, each record alone, and the one that throws is rejected. */
function orOneByOne<Row>(whole: () => Result<Row>, records: readonly { what: string; alone: () => Result<Row> }[]): Result<Row> {
  try {
    return whole();
  } catch {
    const out: Normalized<Row> = { rows: [], rejected: 0, reasons: [] };
    const reasons = new Set<string>();
    for (const { what, alone } of records) {
      try {
        const one = alone();
        out.rows.push(...('points' in one ? one.points : one.rows));
        out.rejected += one.rejected;
        for (const reason of one.reasons) reasons.add(reason);
      } catch (error) {
        out.rejected += 1;
        reasons.add(`${what} could not be read: ${messageOf(error)}`);
      }
    }
    return { ...out, reasons: [...reasons] };
  }
}
