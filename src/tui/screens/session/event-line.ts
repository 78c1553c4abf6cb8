// What one timeline event says in one line: its name, the few attributes that matter, and a colour
// role for its outcome. Attribute values arrive as strings or numbers, depending on the exporter.
import type { TimelineEvent } from '../../../store/read/types.js';
import type { Segment } from '../../components/styled-line.js';
import { formatCount, formatUsd } from '../../../present/format.js';
import { plainText } from '../../../present/sanitize.js';

const redacted = '<REDACTED>';

function text(a: Record<string, unknown>, ...keys: string[]): string | null {
  for (const key of keys) {
    const value = a[key];
    if (typeof value === 'string' && value !== '') return plainText(value);
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  return null;
}

function num(a: Record<string, unknown>, key: string): number | null {
  const value = a[key];
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

function flag(a: Record<string, unknown>, key: string): boolean | null {
  const value = a[key];
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return null;
}

/** Milliseconds as an event shows them: "84ms", "1.2s", then minutes. */
export function formatMs(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const s = Math.round(ms / 1000);
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** The time since the session began: "+0.08s", "+12.40s", "+3m05s". */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '+';
  const abs = Math.abs(ms);
  return abs < 60_000 ? `${sign}${(abs / 1000).toFixed(2)}s` : `${sign}${formatMs(abs)}`;
}

const quoted = (value: string | null, length: number | null): string =>
  value !== null && value !== redacted ? `"${value}"` : length === null ? 'redacted' : `${formatCount(length)} chars, redacted`;

/** The details after an event's name, as coloured pieces. */
export function eventSegments(event: TimelineEvent): Segment[] {
  const a = event.attributes;
  const gap: Segment = { text: '  ' };
  switch (event.name) {
    case 'api_request': {
      const cost = num(a, 'cost_usd') ?? ((m) => (m === null ? null : m / 1_000_000))(num(a, 'cost_usd_micros'));
      const source = text(a, 'query_source');
      return [
        { text: text(a, 'model') ?? '—' },
        gap,
        // Cost and duration before the tokens, so an 80-column line still shows them.
        { text: formatUsd(cost), role: cost === null ? 'warn' : 'accent' },
        gap,
        { text: formatMs(num(a, 'duration_ms')) },
        gap,
        { text: `in ${formatCount(num(a, 'input_tokens'))}`, role: 'input' },
        { text: ' ' },
        { text: `out ${formatCount(num(a, 'output_tokens'))}`, role: 'output' },
        { text: ' ' },
        { text: `cache ${formatCount(num(a, 'cache_read_tokens'))}/${formatCount(num(a, 'cache_creation_tokens'))}`, role: 'cache' },
        ...(source === null ? [] : [gap, { text: source, role: 'muted' as const }]),
      ];
    }
    case 'api_error': {
      const attempt = num(a, 'attempt');
      return [
        { text: text(a, 'status_code') ?? 'no status', role: 'bad', isBold: true },
        gap,
        { text: text(a, 'error') ?? 'error', role: 'bad' },
        gap,
        { text: [text(a, 'model'), attempt === null ? null : `attempt ${attempt}`, formatMs(num(a, 'duration_ms'))].filter((s) => s !== null).join('  '), role: 'bad' },
      ];
    }
    case 'tool_decision': {
      const decision = text(a, 'decision', 'decision_type') ?? '—';
      const source = text(a, 'source', 'decision_source');
      return [
        { text: text(a, 'tool_name', 'name') ?? '—' },
        gap,
        { text: decision, role: decision === 'reject' ? 'bad' : decision === 'accept' ? 'good' : undefined },
        ...(source === null ? [] : [{ text: ` (${source})`, role: 'muted' as const }]),
      ];
    }
    case 'tool_result': {
      const success = flag(a, 'success');
      const error = text(a, 'error', 'error_type');
      return [
        { text: text(a, 'tool_name', 'name') ?? '—' },
        gap,
        success === false ? { text: 'failed', role: 'bad', isBold: true } : { text: success === true ? 'ok' : '—', role: success === true ? 'good' : undefined },
        gap,
        { text: formatMs(num(a, 'duration_ms')) },
        ...(error === null ? [] : [gap, { text: error, role: 'bad' as const }]),
      ];
    }
    case 'user_prompt': {
      const command = text(a, 'command_name');
      return [{ text: quoted(text(a, 'prompt'), num(a, 'prompt_length')) }, ...(command === null ? [] : [gap, { text: `/${command}`, role: 'accent' as const }])];
    }
    case 'assistant_response':
      return [{ text: quoted(text(a, 'response'), num(a, 'response_length')), role: 'muted' }];
    default:
      return [];
  }
}

/** Whether the whole row reads as a failure. */
export function isFailure(event: TimelineEvent): boolean {
  return event.name === 'api_error' || (event.name === 'tool_result' && flag(event.attributes, 'success') === false);
}
