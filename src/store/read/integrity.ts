// Cross-checks a session's telemetry against its transcript and its metrics against its events.
// Both sources have gaps (exports that stop mid-session; transcripts without subagent or auxiliary
// requests), so each is only used to question the other: nothing from the transcript is ever added
// to a telemetry total. What the transcript has alone is reported beside it as an estimate.
import { statement, type Db } from '../open.js';
import { addToEstimate, emptyEstimate, type EstimatedUsage } from './list-prices.js';
import type { SessionIntegrity } from './types.js';

/**
 * How far telemetry may trail the transcript: Claude Code exports events every 5 s and metrics every
 * 60 s by default. A request younger than this and not yet in telemetry is pending, not missing.
 */
export const exportLagMs = 120_000;

type RequestState = 'matched' | 'missing' | 'pending' | 'synthetic';

interface StateRow {
  sessionId: string;
  model: string | null;
  state: RequestState;
  requests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

// A transcript request is in telemetry when the session has an api_request event with its request
// id: the event's natural key (see normalize/keys.ts), so the lookup is the unique index's.
export const transcriptStatesSql = `
  SELECT t.session_id AS sessionId, t.model,
    CASE WHEN t.is_synthetic THEN 'synthetic'
      WHEN EXISTS (SELECT 1 FROM events e WHERE e.dedup_key = 'api_request:' || t.session_id || ':' || t.request_id) THEN 'matched'
      WHEN t.time_ms >= @cutoffMs THEN 'pending'
      ELSE 'missing' END AS state,
    count(*) AS requests, sum(t.input_tokens) AS input, sum(t.output_tokens) AS output,
    sum(t.cache_read_tokens) AS cacheRead, sum(t.cache_creation_tokens) AS cacheCreation
  FROM transcript_requests t
  WHERE t.session_id IN (SELECT value FROM json_each(@ids))
  GROUP BY 1, 2, 3`;

export interface TranscriptFacts {
  matched: number;
  missing: number;
  pending: number;
  /** What the missing requests used, as the transcript says, with a list-price estimate. */
  missingUsage: EstimatedUsage;
}

export function transcriptFacts(db: Db, sessionIds: readonly string[], nowMs: number): Map<string, TranscriptFacts> {
  const facts = new Map<string, TranscriptFacts>();
  if (sessionIds.length === 0) return facts;
  const rows = statement(db, transcriptStatesSql).all({ ids: JSON.stringify(sessionIds), cutoffMs: nowMs - exportLagMs }) as StateRow[];
  for (const r of rows) {
    const f = facts.get(r.sessionId) ?? { matched: 0, missing: 0, pending: 0, missingUsage: emptyEstimate() };
    facts.set(r.sessionId, f);
    if (r.state === 'synthetic') continue;
    f[r.state] += r.requests;
    if (r.state === 'missing') addToEstimate(f.missingUsage, r.model, r);
  }
  return facts;
}

export interface TelemetryFacts {
  apiRequests: number;
  lastMs: number;
  /** null when the session has no api_request events / no usage metrics. */
  eventsCostUsd: number | null;
  metricsCostUsd: number | null;
  eventsTokens: number | null;
  metricsTokens: number | null;
}

function usd(value: number): string {
  return `$${value.toFixed(value < 1 ? 4 : 2)}`;
}

/** Equal up to float rounding of a sum of many doubles (and the cost metric's own rounding). */
function agree(a: number, b: number, tolerance: number): boolean {
  return Math.abs(a - b) <= Math.max(tolerance, 0.005 * Math.max(Math.abs(a), Math.abs(b)));
}

export function sessionIntegrity(t: TelemetryFacts, transcript: TranscriptFacts | undefined, nowMs: number): SessionIntegrity {
  const bothSources = t.eventsCostUsd !== null && t.metricsCostUsd !== null;
  const base: SessionIntegrity = {
    status: 'unchecked',
    reason: 'no transcript and only one telemetry source to check against',
    transcriptRequests: transcript === undefined ? null : transcript.matched + transcript.missing + transcript.pending,
    missingRequests: transcript?.missing ?? 0,
    telemetryOnlyRequests: transcript === undefined ? null : Math.max(0, t.apiRequests - transcript.matched),
    transcriptOnly: transcript === undefined || transcript.missing === 0 ? null : transcript.missingUsage,
    eventsCostUsd: t.eventsCostUsd,
    metricsCostUsd: t.metricsCostUsd,
  };
  if (transcript !== undefined && transcript.missing > 0) {
    const cost = transcript.missingUsage.estimatedCostUsd;
    const estimate = cost === null ? '' : ` (≈${usd(cost)} not in the totals)`;
    const noun = transcript.missing === 1 ? 'request' : 'requests';
    return { ...base, status: 'flagged', reason: `transcript has ${transcript.missing} ${noun} telemetry lacks${estimate}` };
  }
  const isRecent = nowMs - t.lastMs < exportLagMs;
  const disagrees = bothSources && (!agree(t.eventsCostUsd!, t.metricsCostUsd!, 0.0001) || !agree(t.eventsTokens!, t.metricsTokens!, 0.5));
  if (disagrees && !isRecent) {
    return {
      ...base,
      status: 'flagged',
      reason: `metrics say ${usd(t.metricsCostUsd!)} and ${t.metricsTokens} tokens, events ${usd(t.eventsCostUsd!)} and ${t.eventsTokens}`,
    };
  }
  if ((transcript?.pending ?? 0) > 0 || disagrees) {
    return { ...base, status: 'pending', reason: 'recent requests are still on their way from Claude Code' };
  }
  if (transcript !== undefined) {
    const n = transcript.matched;
    const checked =
      n === 0
        ? 'the transcript has no billed requests'
        : n === 1
          ? "the transcript's one request is in telemetry"
          : `all ${n} of the transcript's requests are in telemetry`;
    return { ...base, status: 'ok', reason: `${checked}${bothSources ? '; metrics and events agree' : ''}` };
  }
  if (bothSources) return { ...base, status: 'ok', reason: 'metrics and events agree' };
  return base;
}
