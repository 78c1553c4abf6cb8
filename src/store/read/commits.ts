// What each commit Claude Code made cost. The rule: a commit's cost is that of its session's API
// requests (the main loop's and its subagents': every api_request event of the session) after the
// session's previous commit, or from the session's start, up to and including the commit's time.
// Prompts (typed by a person) and lines of code are counted over the same interval. Read from the
// events at read time, so a request that arrives after the commit's event still counts.
import { linesType, metricName } from '../../vocabulary/metrics.js';
import { taskNotificationTextSql } from '../../vocabulary/task-notification.js';
import { commitMessage } from '../../vocabulary/tool-parameters.js';
import { statement, type Db } from '../open.js';
import { projectOfSessionSql } from './session-aggregates.js';
import type { TimeRange, TokenCounts } from './types.js';
import { rangeParams } from './usage-facts.js';

export interface CommitLines {
  added: number;
  removed: number;
}

export interface CommitRow {
  commitId: string;
  /** The first seven hex digits, as git abbreviates. */
  shortId: string;
  /** As git named it (telemetry text). */
  branch: string | null;
  /** The session's project (its project attribute, else its transcript's repository). */
  project: string | null;
  sessionId: string;
  time: string;
  /** Where the interval starts: the session's previous commit; null for the session's start. */
  sinceTime: string | null;
  /** The first line of the message, when the command line says it (telemetry text). */
  message: string | null;
  /** null = unpriced: a request in the interval has no cost, or the session has no api_request events. */
  costUsd: number | null;
  unpricedRequests: number;
  apiRequests: number;
  tokens: TokenCounts;
  /** user_prompt events in the interval that a person typed (subagent results left out). */
  prompts: number;
  /** lines_of_code points inside the interval; null when a point spans one of its ends (not attributable). */
  lines: CommitLines | null;
}

export interface CommitsQuery extends TimeRange {
  /** Exactly this project (as `project` shows it). */
  project?: string;
  /** Exactly this branch. */
  branch?: string;
}

interface Figures {
  commitId: string;
  sessionId: string;
  branch: string | null;
  timeMs: number;
  fromMs: number | null;
  command: string | null;
  project: string | null;
  hasRequests: number;
  costUsd: number;
  unpriced: number;
  requests: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  prompts: number;
}

// A prompt a person typed: not an asynchronous agent's <task-notification> (the rule `prompts` uses everywhere).
const typedPrompt = `(${taskNotificationTextSql('e.raw_json')}) IS NULL`;
const isRequest = "e.name = 'api_request'";

/**
 * Each commit the condition on `c` keeps, with its interval's figures. The events are found by name
 * and time (events_by_name_time), the first interval of a session bounded by the session's start.
 */
const figuresSql = (where: string) => `
  SELECT k.commitId, k.sessionId, k.branch, k.timeMs, k.fromMs, k.command, k.project, coalesce(k.sessionRequests, 0) > 0 AS hasRequests,
    TOTAL(CASE WHEN ${isRequest} THEN e.cost_usd END) AS costUsd,
    TOTAL(${isRequest} AND e.cost_usd IS NULL) AS unpriced,
    TOTAL(${isRequest}) AS requests,
    TOTAL(CASE WHEN ${isRequest} THEN e.input_tokens END) AS input,
    TOTAL(CASE WHEN ${isRequest} THEN e.output_tokens END) AS output,
    TOTAL(CASE WHEN ${isRequest} THEN e.cache_read_tokens END) AS cacheRead,
    TOTAL(CASE WHEN ${isRequest} THEN e.cache_creation_tokens END) AS cacheCreation,
    TOTAL(e.name = 'user_prompt' AND ${typedPrompt}) AS prompts
  FROM (
    SELECT c.commit_id AS commitId, c.session_id AS sessionId, c.branch, c.time_ms AS timeMs, c.command,
      (SELECT p.time_ms FROM commits p WHERE p.session_id = c.session_id AND (p.time_ms, p.commit_id) < (c.time_ms, c.commit_id)
        ORDER BY p.time_ms DESC, p.commit_id DESC LIMIT 1) AS fromMs,
      ${projectOfSessionSql('c.session_id')} AS project,
      (SELECT x.api_requests FROM session_stats x WHERE x.session_id = c.session_id) AS sessionRequests,
      (SELECT x.first_ms FROM session_stats x WHERE x.session_id = c.session_id) AS firstMs
    FROM commits c WHERE ${where}
  ) k
  LEFT JOIN events e ON e.name IN ('api_request', 'user_prompt') AND e.session_id = k.sessionId
    AND e.time_ms > coalesce(k.fromMs, k.firstMs - 1, -9007199254740991) AND e.time_ms <= k.timeMs
  GROUP BY k.commitId
  ORDER BY k.timeMs DESC, k.commitId DESC`;

const inRange = 'c.time_ms >= @since AND c.time_ms < @until';
export const commitsInRangeSql = figuresSql(inRange);
const byBranchSql = figuresSql(`${inRange} AND c.branch = @branch`);
const byProjectSql = figuresSql(`${inRange} AND ${projectOfSessionSql('c.session_id')} = @project`);
const byProjectBranchSql = figuresSql(`${inRange} AND c.branch = @branch AND ${projectOfSessionSql('c.session_id')} = @project`);
const oneCommitSql = figuresSql('c.commit_id = @commitId');
const ofSessionsSql = figuresSql('c.session_id IN (SELECT value FROM json_each(@ids))');

interface LinesPoint {
  type: string | null;
  fromMs: number;
  endMs: number;
  delta: number;
}

// What a point adds covers (fromMs, endMs]: a delta point from its start; a cumulative one from the
// point before it in its run (its first, from the run's start).
export const sessionLinesSql = `
  SELECT s.type, p.end_ms AS endMs, p.delta,
    CASE WHEN p.is_cumulative = 1
      THEN coalesce(LAG(p.end_ms) OVER (PARTITION BY p.series_id, p.start_ns ORDER BY p.end_ns), p.start_ns / 1000000)
      ELSE p.start_ns / 1000000 END AS fromMs
  FROM metric_series s JOIN metric_points p ON p.series_id = s.id
  WHERE s.session_id = @sessionId AND s.name = '${metricName.linesOfCode}'`;

/** Lines added and removed in (fromMs, toMs]; null when a point that changed lines spans an end. */
function linesIn(points: readonly LinesPoint[], fromMs: number | null, toMs: number): CommitLines | null {
  const lines = { added: 0, removed: 0 };
  const from = fromMs ?? Number.NEGATIVE_INFINITY;
  for (const p of points) {
    if (p.delta === 0 || p.endMs <= from || p.fromMs >= toMs) continue;
    if (p.fromMs < from || p.endMs > toMs) return null;
    if (p.type === linesType.added) lines.added += p.delta;
    else if (p.type === linesType.removed) lines.removed += p.delta;
  }
  return { added: Math.round(lines.added), removed: Math.round(lines.removed) };
}

function toRow(f: Figures, points: readonly LinesPoint[] | undefined): CommitRow {
  const input = Math.round(f.input);
  const output = Math.round(f.output);
  return {
    commitId: f.commitId,
    shortId: f.commitId.slice(0, 7),
    branch: f.branch,
    project: f.project,
    sessionId: f.sessionId,
    time: new Date(f.timeMs).toISOString(),
    sinceTime: f.fromMs === null ? null : new Date(f.fromMs).toISOString(),
    message: commitMessage(f.command),
    costUsd: f.hasRequests === 0 || f.unpriced > 0 ? null : f.costUsd,
    unpricedRequests: f.unpriced,
    apiRequests: f.requests,
    tokens: { input, output, cacheRead: Math.round(f.cacheRead), cacheCreation: Math.round(f.cacheCreation), total: input + output },
    prompts: f.prompts,
    lines: points === undefined ? null : linesIn(points, f.fromMs, f.timeMs),
  };
}

/** Rows for figures, the lines points of each session read once. */
function rowsOf(db: Db, figures: readonly Figures[], withLines: boolean): CommitRow[] {
  const pointsBySession = new Map<string, LinesPoint[]>();
  if (withLines) {
    for (const id of new Set(figures.map((f) => f.sessionId))) pointsBySession.set(id, statement(db, sessionLinesSql).all({ sessionId: id }) as LinesPoint[]);
  }
  return figures.map((f) => toRow(f, pointsBySession.get(f.sessionId)));
}

/** Commits made in the range, newest first. `withLines: false` skips the lines (the dashboard's tile). */
export function commits(db: Db, query: CommitsQuery = {}, options: { withLines?: boolean } = {}): CommitRow[] {
  const params = { ...rangeParams(query), branch: query.branch, project: query.project };
  const sql =
    query.branch !== undefined && query.project !== undefined
      ? byProjectBranchSql
      : query.branch !== undefined
        ? byBranchSql
        : query.project !== undefined
          ? byProjectSql
          : commitsInRangeSql;
  return rowsOf(db, statement(db, sql).all(params) as Figures[], options.withLines ?? true);
}

export function commit(db: Db, commitId: string): CommitRow | null {
  return rowsOf(db, statement(db, oneCommitSql).all({ commitId }) as Figures[], true)[0] ?? null;
}

/** Every commit of these sessions (for the branch view), without lines. */
export function commitsOfSessions(db: Db, sessionIds: readonly string[]): CommitRow[] {
  if (sessionIds.length === 0) return [];
  return rowsOf(db, statement(db, ofSessionsSql).all({ ids: JSON.stringify(sessionIds) }) as Figures[], false);
}

/** Commit ids that start with `prefix` (at most `limit`), for resolving a short id. */
export function commitIdsWithPrefix(db: Db, prefix: string, limit = 10): string[] {
  const lower = prefix.toLowerCase();
  // A range on the key instead of LIKE, so `_` and `%` in the input mean themselves.
  return statement(db, 'SELECT commit_id FROM commits WHERE commit_id >= @lower AND commit_id < @upper ORDER BY commit_id LIMIT @limit')
    .pluck()
    .all({ lower, upper: `${lower}\u{10ffff}`, limit }) as string[];
}

export interface CommitCosts {
  commits: number;
  /** Sum over the priced commits. */
  totalUsd: number;
  /** Median of the priced commits' costs; null with none. */
  medianUsd: number | null;
  unpricedCommits: number;
}

/** The dashboard's cost per commit: the range's commits, their total and median. */
export function commitCosts(db: Db, range: TimeRange = {}): CommitCosts {
  const rows = commits(db, range, { withLines: false });
  const priced = rows
    .map((r) => r.costUsd)
    .filter((c): c is number => c !== null)
    .sort((a, b) => a - b);
  const middle = Math.floor(priced.length / 2);
  const medianUsd = priced.length === 0 ? null : priced.length % 2 === 1 ? priced[middle]! : (priced[middle - 1]! + priced[middle]!) / 2;
  return { commits: rows.length, totalUsd: priced.reduce((n, c) => n + c, 0), medianUsd, unpricedCommits: rows.length - priced.length };
}
