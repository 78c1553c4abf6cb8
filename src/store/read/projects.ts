// Sessions grouped by project (the user's project attribute, else the git repository the transcript
// names). Whole-session figures, so a project's cost is the sum of its sessions' as the table shows.
import { statement, type Db } from '../open.js';
import { projectSql, sessionCostSql } from './session-aggregates.js';
import { sessions } from './sessions.js';
import { rangeParams } from './usage-facts.js';
import { addSession, noSessions, type SessionTotals } from './session-totals.js';
import type { SessionRow, SessionsQuery, TimeRange } from './types.js';

export interface ProjectGroup extends SessionTotals {
  /** null: sessions with no transcript on this machine and no project attribute. */
  project: string | null;
  flaggedSessions: number;
  lastTime: string;
  rows: SessionRow[];
}

/** Groups in order of cost, largest first; the unattributed group last. */
export function groupByProject(rows: readonly SessionRow[]): ProjectGroup[] {
  const groups = new Map<string | null, ProjectGroup>();
  for (const row of rows) {
    const g = groups.get(row.project) ?? { project: row.project, ...noSessions(), flaggedSessions: 0, lastTime: row.endTime, rows: [] };
    groups.set(row.project, g);
    addSession(g, row);
    if (row.integrity.status === 'flagged') g.flaggedSessions += 1;
    if (row.endTime > g.lastTime) g.lastTime = row.endTime;
    g.rows.push(row);
  }
  return [...groups.values()].sort(
    (a, b) => Number(a.project === null) - Number(b.project === null) || b.costUsd - a.costUsd || String(a.project).localeCompare(String(b.project)),
  );
}

export function projects(db: Db, query: SessionsQuery = {}): ProjectGroup[] {
  return groupByProject(sessions(db, query));
}

export interface ProjectCost {
  project: string | null;
  sessions: number;
  /** Whole sessions overlapping the range, priced ones only; `unpricedSessions` are not in it. */
  costUsd: number;
  unpricedSessions: number;
}

export const projectCostsSql = `
  SELECT project, count(*) AS sessions, TOTAL(cost) AS costUsd, sum(cost IS NULL) AS unpricedSessions
  FROM (
    SELECT ${projectSql} AS project, ${sessionCostSql} AS cost
    FROM session_stats st WHERE st.last_ms >= @since AND +st.first_ms < @until
  )
  GROUP BY project
  ORDER BY project IS NULL, costUsd DESC, project`;

/** The dashboard's cost by project: one SQL pass over the sessions in range, no rows built. */
export function projectCosts(db: Db, range: TimeRange = {}): ProjectCost[] {
  const { since, until } = rangeParams(range);
  return statement(db, projectCostsSql).all({ since, until }) as ProjectCost[];
}
