// Plain objects that both decoders (protobuf and JSON) produce, so nothing downstream knows the encoding.
// 64-bit nanosecond times stay decimal strings: a JS number cannot hold them exactly.

export type AttributeValue = string | number | boolean | null | AttributeValue[] | { [key: string]: AttributeValue };

export type Attributes = Record<string, AttributeValue>;

export interface Resource {
  attributes: Attributes;
}

export interface Scope {
  name: string;
  version: string;
  attributes: Attributes;
}

export interface LogRecord {
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: AttributeValue;
  attributes: Attributes;
  eventName: string;
  traceId: string;
  spanId: string;
}

export interface ScopeLogs {
  scope: Scope;
  logRecords: LogRecord[];
}

export interface ResourceLogs {
  resource: Resource;
  scopeLogs: ScopeLogs[];
}

export interface LogsRequest {
  resourceLogs: ResourceLogs[];
}

export type MetricKind = 'gauge' | 'sum' | 'histogram' | 'exponentialHistogram' | 'summary';

/** 0 unspecified, 1 delta, 2 cumulative (AggregationTemporality). */
export type Temporality = 0 | 1 | 2;

export interface DataPoint {
  attributes: Attributes;
  startTimeUnixNano: string;
  timeUnixNano: string;
  /** The number for gauges and sums; the sum for histograms and summaries (null when absent). */
  value: number | null;
  /** Observation count for histograms and summaries; null for number points. */
  count: number | null;
}

export interface Metric {
  name: string;
  description: string;
  unit: string;
  kind: MetricKind;
  temporality: Temporality;
  isMonotonic: boolean;
  dataPoints: DataPoint[];
}

export interface ScopeMetrics {
  scope: Scope;
  metrics: Metric[];
}

export interface ResourceMetrics {
  resource: Resource;
  scopeMetrics: ScopeMetrics[];
}

export interface MetricsRequest {
  resourceMetrics: ResourceMetrics[];
}

export interface SpanEvent {
  timeUnixNano: string;
  name: string;
  attributes: Attributes;
}

/** 0 unset, 1 ok, 2 error (Status.StatusCode). */
export interface SpanStatus {
  code: number;
  message: string;
}

export interface Span {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  /** 0 unspecified, 1 internal, 2 server, 3 client, 4 producer, 5 consumer (SpanKind). */
  kind: number;
  startTimeUnixNano: string;
  endTimeUnixNano: string;
  attributes: Attributes;
  /** Timed notes inside the span (Claude Code marks each request attempt with one). */
  events: SpanEvent[];
  status: SpanStatus;
}

export interface TracesRequest {
  resourceSpans: { resource: Resource; scopeSpans: { scope: Scope; spans: Span[] }[] }[];
}

export type Signal = 'logs' | 'metrics' | 'traces';

export interface SignalRequest {
  logs: LogsRequest;
  metrics: MetricsRequest;
  traces: TracesRequest;
}

/** The input was not a valid OTLP request; `message` names the field that was wrong. */
export class DecodeError extends Error {
  override readonly name = 'DecodeError';
}
