// Cost by git branch, over whole sessions (as cost by project is): the sessions active in the range,
// each split at its commits. A commit's share goes to the branch it was made on; what no commit
// took (a session without commits, or the part of one after its last commit) stays with the
// session's branch as "not committed". A session's branch is its transcript's gitBranch (the
// latest line's), else that of its latest commit. A session priced from metrics (no api_request
// events) cannot be split by time, so it stays whole and not committed.
import { statement, type Db } from '../open.js';
import { commitsOfSessions, type CommitRow } from './commits.js';
import { projectSql, sessionCostSql } from './session-aggregates.js';
import type { TimeRange, TokenCounts } from './types.js';
import { rangeParams } from './usage-facts.js';

export interface BranchCost {
  /** null: no transcript on this machine and no commit names one. */
  branch: string | null;
  /** committedUsd + notCommittedUsd: the priced parts only (`unpricedParts` are not in it). */
  costUsd: number;
  committedUsd: number;
  notCommittedUsd: number;
  /** Commits on the branch made by these sessions. */
  commits: number;
  sessions: number;
  apiRequests: number;
  tokens: TokenCounts;
  /** Commits, and uncommitted sessions or tails, left out of the cost because a request in them had no price. */
  unpricedParts: number;
}

export interface BranchQuery extends TimeRange {
  /** Exactly this project (as `project` shows it). */
  project?: string;
}

interface SessionFigures {
  sessionId: string;
  costUsd: number | null;
  apiRequests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  transcriptBranch: string | null;
  hasCommits: number;
}

const pick = (events: string, metrics: string) => `CASE WHEN st.api_requests > 0 THEN ${events} WHEN st.usage_points > 0 THEN ${metrics} ELSE 0 END`;
const sessionColumns = `st.session_id AS sessionId, ${sessionCostSql} AS costUsd, st.api_requests AS apiRequests,
  ${pick('st.input_tokens', 'st.m_input_tokens')} AS input, ${pick('st.output_tokens', 'st.m_output_tokens')} AS output,
  ${pick('st.cache_read_tokens', 'st.m_cache_read_tokens')} AS cacheRead, ${pick('st.cache_creation_tokens', 'st.m_cache_creation_tokens')} AS cacheCreation,
  (SELECT t.git_branch FROM transcript_sessions t WHERE t.session_id = st.session_id) AS transcriptBranch,
  st.api_requests > 0 AND EXISTS (SELECT 1 FROM commits c WHERE c.session_id = st.session_id) AS hasCommits`;
const inRange = 'FROM session_stats st WHERE st.last_ms >= @since AND +st.first_ms < @until';
export const branchSessionsSql = `SELECT ${sessionColumns} ${inRange}`;
const branchSessionsOfProjectSql = `SELECT ${sessionColumns} ${inRange} AND ${projectSql} = @project`;

// What the session's requests after its last commit add up to.
export const tailSql = `
  SELECT TOTAL(e.cost_usd) AS costUsd, TOTAL(e.cost_usd IS NULL) AS unpriced, COUNT(*) AS requests,
    TOTAL(e.input_tokens) AS input, TOTAL(e.output_tokens) AS output, TOTAL(e.cache_read_tokens) AS cacheRead,
    TOTAL(e.cache_creation_tokens) AS cacheCreation
  FROM events e
  WHERE e.name = 'api_request' AND e.session_id = @sessionId
    AND e.time_ms > (SELECT max(c.time_ms) FROM commits c WHERE c.session_id = @sessionId)
    AND e.time_ms <= (SELECT x.last_ms FROM session_stats x WHERE x.session_id = @sessionId)`;

interface Part {
  costUsd: number | null;
  apiRequests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

export function branchCosts(db: Db, query: BranchQuery = {}): BranchCost[] {
  const params = { ...rangeParams(query), project: query.project };
  const rows = statement(db, query.project === undefined ? branchSessionsSql : branchSessionsOfProjectSql).all(params) as SessionFigures[];
  const split = rows.filter((r) => r.hasCommits === 1);
  const commitsBySession = new Map<string, CommitRow[]>();
  for (const c of commitsOfSessions(
    db,
    split.map((r) => r.sessionId),
  ))
    commitsBySession.set(c.sessionId, [...(commitsBySession.get(c.sessionId) ?? []), c]);
  const groups = new Map<string | null, BranchCost & { sessionIds: Set<string> }>();
  const add = (branch: string | null, sessionId: string, part: Part, isCommit: boolean) => {
    const g = groups.get(branch) ?? {
      branch,
      costUsd: 0,
      committedUsd: 0,
      notCommittedUsd: 0,
      commits: 0,
      sessions: 0,
      apiRequests: 0,
      tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 },
      unpricedParts: 0,
      sessionIds: new Set(),
    };
    groups.set(branch, g);
    g.sessionIds.add(sessionId);
    if (isCommit) g.commits += 1;
    if (part.costUsd === null) g.unpricedParts += 1;
    else if (isCommit) g.committedUsd += part.costUsd;
    else g.notCommittedUsd += part.costUsd;
    g.apiRequests += part.apiRequests;
    g.tokens.input += Math.round(part.input);
    g.tokens.output += Math.round(part.output);
    g.tokens.cacheRead += Math.round(part.cacheRead);
    g.tokens.cacheCreation += Math.round(part.cacheCreation);
  };
  for (const r of rows) {
    const sessionCommits: CommitRow[] = commitsBySession.get(r.sessionId) ?? [];
    // Newest first: the latest commit names the branch when the transcript does not.
    const branch = r.transcriptBranch ?? sessionCommits[0]?.branch ?? null;
    if (r.hasCommits === 0) {
      add(branch, r.sessionId, r, false);
      continue;
    }
    for (const c of sessionCommits) add(c.branch, r.sessionId, { ...c.tokens, costUsd: c.costUsd, apiRequests: c.apiRequests }, true);
    const tail = statement(db, tailSql).get({ sessionId: r.sessionId }) as Part & { unpriced: number; requests: number };
    if (tail.requests > 0) add(branch, r.sessionId, { ...tail, costUsd: tail.unpriced > 0 ? null : tail.costUsd, apiRequests: tail.requests }, false);
  }
  return [...groups.values()]
    .map(({ sessionIds, ...g }) => ({
      ...g,
      costUsd: g.committedUsd + g.notCommittedUsd,
      sessions: sessionIds.size,
      tokens: { ...g.tokens, total: g.tokens.input + g.tokens.output },
    }))
    .sort((a, b) => Number(a.branch === null) - Number(b.branch === null) || b.costUsd - a.costUsd || String(a.branch).localeCompare(String(b.branch)));
}
