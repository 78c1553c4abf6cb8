// Records what Claude Code pipes to a statusLine command. It runs on every status line refresh, so
// a snapshot identical to the session's previous one (figures, not time) is not stored again.
import { statement, type Db } from './open.js';

export interface RateWindow {
  usedPct: number;
  /** null when Claude Code did not say. */
  resetsAtMs: number | null;
}

export interface StatuslineSnapshot {
  sessionId: string;
  timeMs: number;
  cwd: string | null;
  projectDir: string | null;
  transcriptPath: string | null;
  modelId: string | null;
  modelName: string | null;
  costUsd: number | null;
  durationMs: number | null;
  linesAdded: number | null;
  linesRemoved: number | null;
  contextInputTokens: number | null;
  contextOutputTokens: number | null;
  contextWindowTokens: number | null;
  contextUsedPct: number | null;
  fiveHour: RateWindow | null;
  sevenDay: RateWindow | null;
}

const figureColumns = [
  'model_id',
  'model_name',
  'cost_usd',
  'duration_ms',
  'lines_added',
  'lines_removed',
  'context_input_tokens',
  'context_output_tokens',
  'context_window_tokens',
  'context_used_pct',
  'five_hour_pct',
  'five_hour_resets_ms',
  'seven_day_pct',
  'seven_day_resets_ms',
] as const;

const insertSql = `
  INSERT OR IGNORE INTO statusline_snapshots (session_id, time_ms, ${figureColumns.join(', ')})
  VALUES (@session_id, @time_ms, ${figureColumns.map((c) => `@${c}`).join(', ')})`;
// The duration grows on every refresh; it alone is no reason to store a row.
const latestSql = `
  SELECT ${figureColumns.filter((c) => c !== 'duration_ms').join(', ')} FROM statusline_snapshots
  WHERE session_id = ? ORDER BY time_ms DESC LIMIT 1`;
const upsertWorkspaceSql = `
  INSERT INTO session_workspaces (session_id, cwd, project_dir, transcript_path, first_ms, last_ms)
  VALUES (@session_id, @cwd, @project_dir, @transcript_path, @time_ms, @time_ms)
  ON CONFLICT (session_id) DO UPDATE SET
    cwd = COALESCE(excluded.cwd, cwd), project_dir = COALESCE(excluded.project_dir, project_dir),
    transcript_path = COALESCE(excluded.transcript_path, transcript_path),
    first_ms = MIN(first_ms, excluded.first_ms), last_ms = MAX(last_ms, excluded.last_ms)`;

function rowOf(s: StatuslineSnapshot) {
  return {
    session_id: s.sessionId,
    time_ms: s.timeMs,
    model_id: s.modelId,
    model_name: s.modelName,
    cost_usd: s.costUsd,
    duration_ms: s.durationMs,
    lines_added: s.linesAdded,
    lines_removed: s.linesRemoved,
    context_input_tokens: s.contextInputTokens,
    context_output_tokens: s.contextOutputTokens,
    context_window_tokens: s.contextWindowTokens,
    context_used_pct: s.contextUsedPct,
    five_hour_pct: s.fiveHour?.usedPct ?? null,
    five_hour_resets_ms: s.fiveHour?.resetsAtMs ?? null,
    seven_day_pct: s.sevenDay?.usedPct ?? null,
    seven_day_resets_ms: s.sevenDay?.resetsAtMs ?? null,
  };
}

/** One IMMEDIATE transaction; throws SQLITE_BUSY when another writer holds the lock past the busy timeout. */
export function recordStatusline(db: Db, snapshot: StatuslineSnapshot): 'recorded' | 'unchanged' {
  const row = rowOf(snapshot);
  return db
    .transaction((): 'recorded' | 'unchanged' => {
      statement(db, upsertWorkspaceSql).run({
        session_id: row.session_id,
        cwd: snapshot.cwd,
        project_dir: snapshot.projectDir,
        transcript_path: snapshot.transcriptPath,
        time_ms: row.time_ms,
      });
      const latest = statement(db, latestSql).get(row.session_id) as Record<string, unknown> | undefined;
      const isSame = latest !== undefined && Object.entries(latest).every(([k, v]) => row[k as keyof typeof row] === v);
      if (isSame) return 'unchanged';
      return statement(db, insertSql).run(row).changes > 0 ? 'recorded' : 'unchanged';
    })
    .immediate();
}
