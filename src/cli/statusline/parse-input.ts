// The JSON Claude Code pipes to a statusLine command, parsed from unknown. Every field may be absent
// or of another type in another Claude Code version: a missing figure is null, never a guess.
import type { RateWindow, StatuslineSnapshot } from '../../store/statusline.js';

export type StatuslineInput = { isParsed: true; snapshot: StatuslineSnapshot | null } | { isParsed: false; reason: string };

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const objectAt = (o: Obj | undefined, key: string): Obj | undefined => (o !== undefined && isObject(o[key]) ? o[key] : undefined);
const numberAt = (o: Obj | undefined, key: string): number | null => {
  const v = o?.[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};
const stringAt = (o: Obj | undefined, key: string): string | null => {
  const v = o?.[key];
  return typeof v === 'string' && v !== '' ? v : null;
};
const intAt = (o: Obj | undefined, key: string): number | null => {
  const v = numberAt(o, key);
  return v === null ? null : Math.round(v);
};

/** resets_at is Unix seconds; milliseconds and ISO strings are taken too, in case a version changes it. */
function resetsAtMs(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return value < 1e11 ? value * 1000 : value;
  if (typeof value === 'string') {
    const ms = Date.parse(value);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

function rateWindow(o: Obj | undefined): RateWindow | null {
  const usedPct = numberAt(o, 'used_percentage');
  return usedPct === null ? null : { usedPct, resetsAtMs: resetsAtMs(o?.['resets_at']) };
}

/** No session id: the figures are still shown, but there is nothing to record them under. */
export function parseStatuslineInput(text: string, nowMs: number): StatuslineInput {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return {
      isParsed: false,
      reason: text.trim() === '' ? 'stdin is empty' : `stdin is not JSON (${oneLine(error instanceof Error ? error.message : String(error))})`,
    };
  }
  if (!isObject(value)) return { isParsed: false, reason: 'stdin is JSON but not an object' };
  const sessionId = stringAt(value, 'session_id');
  if (sessionId === null) return { isParsed: true, snapshot: null };
  const model = objectAt(value, 'model');
  const cost = objectAt(value, 'cost');
  const context = objectAt(value, 'context_window');
  const limits = objectAt(value, 'rate_limits');
  return {
    isParsed: true,
    snapshot: {
      sessionId,
      timeMs: nowMs,
      cwd: stringAt(value, 'cwd') ?? stringAt(objectAt(value, 'workspace'), 'current_dir'),
      projectDir: stringAt(objectAt(value, 'workspace'), 'project_dir'),
      transcriptPath: stringAt(value, 'transcript_path'),
      modelId: stringAt(model, 'id'),
      modelName: stringAt(model, 'display_name'),
      costUsd: numberAt(cost, 'total_cost_usd'),
      durationMs: intAt(cost, 'total_duration_ms'),
      linesAdded: intAt(cost, 'total_lines_added'),
      linesRemoved: intAt(cost, 'total_lines_removed'),
      contextInputTokens: intAt(context, 'total_input_tokens'),
      contextOutputTokens: intAt(context, 'total_output_tokens'),
      contextWindowTokens: intAt(context, 'context_window_size'),
      contextUsedPct: numberAt(context, 'used_percentage'),
      fiveHour: rateWindow(objectAt(limits, 'five_hour')),
      sevenDay: rateWindow(objectAt(limits, 'seven_day')),
    },
  };
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 80 ? `${flat.slice(0, 79)}…` : flat;
}
