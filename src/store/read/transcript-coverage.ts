import { statement, type Db } from '../open.js';

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
  const r = statement(db, coverageSql).get() as { sessions: number; linkedSessions: number; telemetrySessions: number; files: number; lastReadMs: number | null };
  return { sessions: r.sessions, linkedSessions: r.linkedSessions, telemetryOnlySessions: r.telemetrySessions - r.linkedSessions, files: r.files, lastReadMs: r.lastReadMs };
}
