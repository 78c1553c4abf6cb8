import { statement, type Db } from '../open.js';
import { addToEstimate, emptyEstimate, type EstimatedUsage } from './list-prices.js';

export interface TranscriptCoverage {
  /** Sessions found in transcripts on this machine. */
  sessions: number;
  /** Of those, sessions this database also has telemetry for. */
  linkedSessions: number;
  /** Telemetry sessions with no transcript here (another machine, an import, or a deleted file). */
  telemetryOnlySessions: number;
  files: number;
  /** When a scan last read new lines from some file; null if never. */
  lastReadMs: number | null;
}

const coverageSql = `
  SELECT (SELECT count(*) FROM transcript_sessions) AS sessions,
    (SELECT count(*) FROM transcript_sessions t JOIN session_stats s ON s.session_id = t.session_id) AS linkedSessions,
    (SELECT count(*) FROM session_stats) AS telemetrySessions,
    (SELECT count(*) FROM transcript_files) AS files,
    (SELECT max(scanned_ms) FROM transcript_files) AS lastReadMs`;

export function transcriptCoverage(db: Db): TranscriptCoverage {
  const r = statement(db, coverageSql).get() as {
    sessions: number;
    linkedSessions: number;
    telemetrySessions: number;
    files: number;
    lastReadMs: number | null;
  };
  return {
    sessions: r.sessions,
    linkedSessions: r.linkedSessions,
    telemetryOnlySessions: r.telemetrySessions - r.linkedSessions,
    files: r.files,
    lastReadMs: r.lastReadMs,
  };
}

/** Usage that only transcripts know of: sessions telemetry never received (the receiver was down, say). */
export interface UntrackedUsage extends EstimatedUsage {
  sessions: number;
  requests: number;
}

export const untrackedSql = `
  WITH untracked AS (
    SELECT ts.session_id FROM transcript_sessions ts
    WHERE ts.last_ms >= @since AND ts.first_ms < @until
      AND NOT EXISTS (SELECT 1 FROM session_stats s WHERE s.session_id = ts.session_id)
  )
  SELECT NULL AS model, (SELECT count(*) FROM untracked) AS sessions, 0 AS requests, 0 AS input, 0 AS output, 0 AS cacheRead, 0 AS cacheCreation
  UNION ALL
  SELECT t.model, 0, count(*), sum(t.input_tokens), sum(t.output_tokens), sum(t.cache_read_tokens), sum(t.cache_creation_tokens)
  FROM transcript_requests t
  WHERE t.is_synthetic = 0 AND t.session_id IN (SELECT session_id FROM untracked)
  GROUP BY t.model`;

export function untrackedUsage(db: Db, range: { sinceMs?: number; untilMs?: number }): UntrackedUsage {
  const rows = statement(db, untrackedSql).all({ since: range.sinceMs ?? 0, until: range.untilMs ?? Number.MAX_SAFE_INTEGER }) as Array<{
    model: string | null;
    sessions: number;
    requests: number;
    input: number;
    output: number;
    cacheRead: number;
    cacheCreation: number;
  }>;
  const usage: UntrackedUsage = { sessions: rows[0]?.sessions ?? 0, requests: 0, ...emptyEstimate() };
  for (const r of rows.slice(1)) {
    usage.requests += r.requests;
    addToEstimate(usage, r.model, r);
  }
  return usage;
}
