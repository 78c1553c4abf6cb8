// The environment Claude Code needs to send its telemetry here.

export interface SetupOptions {
  endpoint: string;
  logPrompts: boolean;
  logToolDetails: boolean;
  /** Claude Code's trace export, a beta of its own: a trace per prompt. */
  traces?: boolean;
  /** The receiver's --token, sent by Claude Code as a header. */
  token?: string;
}

export interface EnvLine {
  name: string;
  value: string;
  why: string;
}

export function claudeCodeEnv(options: SetupOptions): EnvLine[] {
  const lines: EnvLine[] = [
    { name: 'CLAUDE_CODE_ENABLE_TELEMETRY', value: '1', why: 'turns telemetry on' },
    { name: 'OTEL_METRICS_EXPORTER', value: 'otlp', why: 'metrics: totals, active time, lines, commits' },
    { name: 'OTEL_LOGS_EXPORTER', value: 'otlp', why: 'events: per-request cost and the timeline' },
    { name: 'OTEL_EXPORTER_OTLP_PROTOCOL', value: 'http/protobuf', why: 'Claude Code has no default protocol' },
    { name: 'OTEL_EXPORTER_OTLP_ENDPOINT', value: options.endpoint, why: 'this receiver' },
    { name: 'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE', value: 'delta', why: 'each export carries only what is new' },
    { name: 'OTEL_METRIC_EXPORT_INTERVAL', value: '10000', why: 'metrics every 10 s instead of 60 s' },
    { name: 'OTEL_LOGS_EXPORT_INTERVAL', value: '5000', why: 'events every 5 s' },
  ];
  if (options.token) {
    lines.push({ name: 'OTEL_EXPORTER_OTLP_HEADERS', value: `Authorization=Bearer ${options.token}`, why: 'the receiver was started with --token' });
  }
  if (options.logPrompts) {
    lines.push({ name: 'OTEL_LOG_USER_PROMPTS', value: '1', why: 'prompt text in the timeline (stays on this machine)' });
  }
  if (options.traces) {
    // The endpoint above is a base URL: Claude Code sends its traces to its /v1/traces.
    lines.push({
      name: 'CLAUDE_CODE_ENHANCED_TELEMETRY_BETA',
      value: '1',
      why: "traces, a beta of Claude Code's: one per prompt, with each model request, tool and permission wait",
    });
    lines.push({ name: 'OTEL_TRACES_EXPORTER', value: 'otlp', why: 'traces go to the same endpoint (/v1/traces)' });
  }
  if (options.logToolDetails) {
    lines.push({ name: 'OTEL_LOG_TOOL_DETAILS', value: '1', why: 'tool inputs, commands and error text in the timeline' });
  }
  return lines;
}

export function shellExports(lines: readonly EnvLine[]): string {
  return lines.map((l) => `export ${l.name}=${shellQuote(l.value)}`).join('\n') + '\n';
}

export function shellQuote(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}
