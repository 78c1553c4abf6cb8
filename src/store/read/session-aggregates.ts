// Whole-session figures from the session_stats rollup (kept in the write transaction), each figure
// from one source: a session with api_request events is priced from them, otherwise from metrics.
import { statement, type Db } from '../open.js';
import { sessionIntegrity, transcriptFacts, type TelemetryFacts, type TranscriptFacts } from './integrity.js';
import type { FigureSource, SessionMetadata, SessionSortKey } from './types.js';

/** The last path segment of a folder, in SQL: what is left after trimming everything up to the last "/". */
const baseNameSql = (column: string) => `replace(${column}, rtrim(${column}, replace(${column}, '/', '')), '')`;

/**
 * The user's project attribute wins; else the repository the transcript's cwd is in; else the
 * project folder the status line reported (Claude Code's workspace.project_dir).
 */
export const projectOfSessionSql = (sessionColumn: string): string => `coalesce(
    (SELECT l.project FROM session_labels l WHERE l.session_id = ${sessionColumn}),
    (SELECT t.project_name FROM transcript_sessions t WHERE t.session_id = ${sessionColumn}),
    (SELECT ${baseNameSql("rtrim(w.project_dir, '/')")} FROM session_workspaces w WHERE w.session_id = ${sessionColumn}))`;
export const projectSql = projectOfSessionSql('st.session_id');

/** The session's records' machine; NULL in session_stats is this one's (migration 13). */
export const machineSql = 'coalesce(st.machine, (SELECT name FROM machine_name))';

/** Subagents a session ran (by agent id), and its user_prompt events that were an agent's notification. */
const agentsSql = `(SELECT count(*) FROM session_agents a WHERE a.session_id = st.session_id AND a.agent_id <> '')`;
const notificationsSql = `(SELECT TOTAL(a.notifications) FROM session_agents a WHERE a.session_id = st.session_id)`;

const columns = `
  st.session_id AS sessionId, st.first_ms AS firstMs, st.last_ms AS lastMs, st.events, st.prompts,
  st.api_requests AS apiRequests, st.unpriced, st.cost_usd AS costUsd, st.input_tokens AS input,
  st.output_tokens AS output, st.cache_read_tokens AS cacheRead, st.cache_creation_tokens AS cacheCreation,
  st.tool_calls AS toolCalls, st.errors, st.user_email AS userEmail, st.user_id AS userId,
  st.app_version AS appVersion, st.terminal_type AS terminalType, st.os_type AS osType, st.os_version AS osVersion,
  st.usage_points AS usagePoints, st.m_cost_usd AS mCostUsd, st.m_input_tokens AS mInput,
  st.m_output_tokens AS mOutput, st.m_cache_read_tokens AS mCacheRead, st.m_cache_creation_tokens AS mCacheCreation,
  st.lines_added AS linesAdded, st.lines_removed AS linesRemoved, st.m_user_id AS mUserId,
  (SELECT model FROM session_models m WHERE m.session_id = st.session_id AND m.source = 'events'
    ORDER BY m.cost_usd DESC, m.requests DESC, m.model LIMIT 1) AS evModel,
  (SELECT model FROM session_models m WHERE m.session_id = st.session_id AND m.source = 'metrics'
    ORDER BY m.cost_usd DESC, m.model LIMIT 1) AS mtModel,
  ${machineSql} AS machine,
  ${projectSql} AS project,
  coalesce((SELECT t.project_path FROM transcript_sessions t WHERE t.session_id = st.session_id),
    (SELECT w.project_dir FROM session_workspaces w WHERE w.session_id = st.session_id)) AS projectPath,
  (SELECT t.git_branch FROM transcript_sessions t WHERE t.session_id = st.session_id) AS gitBranch,
  ${agentsSql} AS agents, ${notificationsSql} AS notifications`;

const inRange = 'FROM session_stats st WHERE st.last_ms >= @since AND +st.first_ms < @until';
/** Sessions whose activity overlaps [since, until). */
export const sessionsInRangeSql = `SELECT ${columns} ${inRange}`;
const oneSessionSql = `SELECT ${columns} FROM session_stats st WHERE st.session_id = @sessionId`;

interface StatsRow {
  sessionId: string;
  firstMs: number;
  lastMs: number;
  events: number;
  prompts: number;
  apiRequests: number;
  unpriced: number;
  costUsd: number;
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
  toolCalls: number;
  errors: number;
  userEmail: string | null;
  userId: string | null;
  appVersion: string | null;
  terminalType: string | null;
  osType: string | null;
  osVersion: string | null;
  usagePoints: number;
  mCostUsd: number;
  mInput: number;
  mOutput: number;
  mCacheRead: number;
  mCacheCreation: number;
  linesAdded: number;
  linesRemoved: number;
  mUserId: string | null;
  evModel: string | null;
  mtModel: string | null;
  machine: string | null;
  project: string | null;
  projectPath: string | null;
  gitBranch: string | null;
  agents: number;
  notifications: number;
}

/**
 * A session matches when its id, machine or user contains the needle (its own session_stats row,
 * checked as the range walk reads it), or it is in `matchingSessionsSql`: a project or a model it
 * used contains it, or one of its prompts in the range does. Each part of that list reads one table on its own (a
 * scan of small rollup rows, not three correlated lookups per session); the prompt part is the
 * trigram index (LIKE uses it for needles of three characters or more), which carries each
 * prompt's session and time. SQLite hands the index only a two-argument LIKE, so `@wideLike` (the
 * needle's % and _ left as wildcards: a superset) picks the candidates and the escaped `@like`
 * decides. The project is the user's label, else the transcript's, as `projectSql` picks it. The
 * caller keeps the range. The list leaves out session_stats, which the walk reads anyway: a second
 * scan of it would push the prompt index out of the page cache at a million events.
 */
const ownMatchSql = `(instr(lower(st.session_id), @needle) > 0 OR instr(lower(coalesce(st.user_email, st.user_id, st.m_user_id, '')), @needle) > 0
    OR instr(lower(coalesce(st.machine, (SELECT name FROM machine_name), '')), @needle) > 0)`;

export const matchingSessionsSql = `
  SELECT session_id FROM session_models WHERE instr(lower(model), @needle) > 0
  UNION ALL
  SELECT session_id FROM session_labels WHERE instr(lower(project), @needle) > 0
  UNION ALL
  SELECT t.session_id FROM transcript_sessions t
  WHERE instr(lower(t.project_name), @needle) > 0 AND NOT EXISTS (SELECT 1 FROM session_labels l WHERE l.session_id = t.session_id)
  UNION ALL
  SELECT session_id FROM prompt_search
  WHERE prompt LIKE @wideLike AND prompt LIKE @like ESCAPE '\\' AND time_ms >= @since AND time_ms < @until AND session_id IS NOT NULL`;

export interface SessionFilter {
  since: number;
  until: number;
  /** Lower-case text to find; undefined for every session in the range. */
  needle?: string | undefined;
  /** Exactly this project; undefined for any. */
  project?: string | undefined;
  nowMs: number;
}

/** `FROM … WHERE …` of the sessions the filter keeps, and its parameters. */
function filtered(filter: SessionFilter): { sql: string; params: Record<string, unknown> } {
  let sql = inRange;
  const params: Record<string, unknown> = { since: filter.since, until: filter.until };
  if (filter.project !== undefined) {
    sql += ` AND ${projectSql} = @project`;
    params['project'] = filter.project;
  }
  if (filter.needle !== undefined) {
    // `+`: the walk stays on the range's own index (a page stops after its rows), probing the list.
    sql += ` AND (${ownMatchSql} OR +st.session_id IN (${matchingSessionsSql}))`;
    params['needle'] = filter.needle;
    params['like'] = `%${filter.needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    params['wideLike'] = `%${filter.needle}%`;
  }
  return { sql, params };
}

/** Rows with their integrity: the transcript facts of all of them in one query. */
function withIntegrity(db: Db, rows: StatsRow[], nowMs: number): SessionMetadata[] {
  const facts = transcriptFacts(
    db,
    rows.map((r) => r.sessionId),
    nowMs,
  );
  return rows.map((r) => toMetadata(r, facts.get(r.sessionId), nowMs));
}

export function sessionAggregatesInRange(db: Db, filter: SessionFilter): SessionMetadata[] {
  const { sql, params } = filtered(filter);
  return withIntegrity(db, statement(db, `SELECT ${columns} ${sql}`).all(params) as StatsRow[], filter.nowMs);
}

/** How many sessions the filter keeps. */
export function sessionCountInRange(db: Db, filter: SessionFilter): number {
  const { sql, params } = filtered(filter);
  return (statement(db, `SELECT count(*) AS n ${sql}`).get(params) as { n: number }).n;
}

/** A session's cost as its row shows it: from events, else metrics; NULL when some request is unpriced. */
export const sessionCostSql =
  'CASE WHEN st.api_requests > 0 THEN CASE WHEN st.unpriced > 0 THEN NULL ELSE st.cost_usd END WHEN st.usage_points > 0 THEN st.m_cost_usd ELSE 0 END';

/**
 * The sort keys SQL can order by itself, as the same values sortValue() gives (NULL sorts lowest,
 * as compare() does). With a limit, the page is cut in SQL and only its rows become objects.
 */
const orderExpressions: Partial<Record<SessionSortKey, string>> = {
  startTime: 'st.first_ms',
  durationMs: 'st.last_ms - st.first_ms',
  costUsd: sessionCostSql,
  tokens:
    'CASE WHEN st.api_requests > 0 THEN ROUND(st.input_tokens) + ROUND(st.output_tokens) WHEN st.usage_points > 0 THEN ROUND(st.m_input_tokens) + ROUND(st.m_output_tokens) ELSE 0 END',
  prompts: `CASE WHEN st.events > 0 THEN st.prompts - ${notificationsSql} END`,
  agents: `CASE WHEN st.events > 0 THEN ${agentsSql} END`,
  toolCalls: 'CASE WHEN st.events > 0 THEN st.tool_calls END',
  errors: 'CASE WHEN st.events > 0 THEN st.errors END',
  user: 'coalesce(st.user_email, st.user_id, st.m_user_id)',
  project: projectSql,
};

/**
 * A page of the sessions in range, sorted in SQL; undefined when the key needs JS (model). The page
 * is cut on the sort key alone, then only its rows get their columns (models, project, transcript):
 * computed for every sorted row, they cost as much as the sort. The rowid breaks ties, so pages at
 * different offsets never overlap.
 */
export function sessionPageInRange(
  db: Db,
  filter: SessionFilter,
  sort: SessionSortKey,
  isAscending: boolean,
  limit: number,
  offset = 0,
): SessionMetadata[] | undefined {
  const expression = orderExpressions[sort];
  if (expression === undefined) return undefined;
  const { sql, params } = filtered(filter);
  const direction = isAscending ? 'ASC' : 'DESC';
  // By start time, the first_ms index (with the rowid in it) gives the order and the page stops early.
  const order = sort === 'startTime' ? `st.first_ms ${direction}, st.rowid ${direction}` : `${expression} ${direction}, st.first_ms DESC, st.rowid DESC`;
  const page = `SELECT ${columns} FROM session_stats st WHERE st.rowid IN (SELECT st.rowid ${sql} ORDER BY ${order} LIMIT @limit OFFSET @offset) ORDER BY ${order}`;
  return withIntegrity(db, statement(db, page).all({ ...params, limit, offset }) as StatsRow[], filter.nowMs);
}

export function sessionAggregate(db: Db, sessionId: string, nowMs: number): SessionMetadata | null {
  const row = statement(db, oneSessionSql).get({ sessionId }) as StatsRow | undefined;
  return row === undefined ? null : withIntegrity(db, [row], nowMs)[0]!;
}

/** The columns the integrity check reads. */
const integrityColumns = `st.session_id AS sessionId, st.last_ms AS lastMs, st.api_requests AS apiRequests, st.unpriced,
  st.cost_usd AS costUsd, st.input_tokens AS input, st.output_tokens AS output, st.cache_read_tokens AS cacheRead,
  st.cache_creation_tokens AS cacheCreation, st.usage_points AS usagePoints, st.m_cost_usd AS mCostUsd,
  st.m_input_tokens AS mInput, st.m_output_tokens AS mOutput, st.m_cache_read_tokens AS mCacheRead,
  st.m_cache_creation_tokens AS mCacheCreation`;
type IntegrityRow = Pick<
  StatsRow,
  | 'sessionId'
  | 'lastMs'
  | 'apiRequests'
  | 'unpriced'
  | 'costUsd'
  | 'input'
  | 'output'
  | 'cacheRead'
  | 'cacheCreation'
  | 'usagePoints'
  | 'mCostUsd'
  | 'mInput'
  | 'mOutput'
  | 'mCacheRead'
  | 'mCacheCreation'
>;

function telemetryFacts(r: IntegrityRow): TelemetryFacts {
  return {
    apiRequests: r.apiRequests,
    lastMs: r.lastMs,
    eventsCostUsd: r.apiRequests > 0 && r.unpriced === 0 ? r.costUsd : null,
    metricsCostUsd: r.usagePoints > 0 ? r.mCostUsd : null,
    eventsTokens: r.apiRequests > 0 ? r.input + r.output + r.cacheRead + r.cacheCreation : null,
    metricsTokens: r.usagePoints > 0 ? Math.round(r.mInput + r.mOutput + r.mCacheRead + r.mCacheCreation) : null,
  };
}

/**
 * How many of the filter's sessions their integrity check flags: the same check as each row's, on
 * only the columns it reads (no models, project or transcript columns per session).
 */
export function flaggedSessionCount(db: Db, filter: SessionFilter): number {
  const { sql, params } = filtered(filter);
  const rows = statement(db, `SELECT ${integrityColumns} ${sql}`).all(params) as IntegrityRow[];
  const facts = transcriptFacts(
    db,
    rows.map((r) => r.sessionId),
    filter.nowMs,
  );
  return rows.filter((r) => sessionIntegrity(telemetryFacts(r), facts.get(r.sessionId), filter.nowMs).status === 'flagged').length;
}

function toMetadata(r: StatsRow, transcript: TranscriptFacts | undefined, nowMs: number): SessionMetadata {
  const hasEvents = r.events > 0;
  const source: FigureSource = r.apiRequests > 0 ? 'events' : r.usagePoints > 0 ? 'metrics' : 'none';
  const pick = (fromEvents: number, fromMetrics: number) => Math.round(source === 'events' ? fromEvents : source === 'metrics' ? fromMetrics : 0);
  const input = pick(r.input, r.mInput);
  const output = pick(r.output, r.mOutput);
  let costUsd: number | null = 0;
  if (source === 'events') costUsd = r.unpriced > 0 ? null : r.costUsd;
  else if (source === 'metrics') costUsd = r.mCostUsd;
  const os = [r.osType, r.osVersion].filter((v): v is string => v !== null).join(' ');
  const integrity = sessionIntegrity(telemetryFacts(r), transcript, nowMs);
  return {
    sessionId: r.sessionId,
    machine: r.machine,
    project: r.project,
    projectPath: r.projectPath,
    gitBranch: r.gitBranch,
    startTime: new Date(r.firstMs).toISOString(),
    endTime: new Date(r.lastMs).toISOString(),
    user: r.userEmail ?? r.userId ?? r.mUserId,
    model: (source === 'events' ? r.evModel : r.mtModel) ?? r.evModel ?? r.mtModel,
    // What a person typed: an agent's notification arrives as a user_prompt too.
    prompts: hasEvents ? r.prompts - r.notifications : null,
    agents: hasEvents ? r.agents : null,
    durationMs: r.lastMs - r.firstMs,
    costUsd,
    toolCalls: hasEvents ? r.toolCalls : null,
    apiRequests: hasEvents ? r.apiRequests : null,
    errors: hasEvents ? r.errors : null,
    linesAdded: Math.round(r.linesAdded),
    linesRemoved: Math.round(r.linesRemoved),
    tokens: { input, output, cacheRead: pick(r.cacheRead, r.mCacheRead), cacheCreation: pick(r.cacheCreation, r.mCacheCreation), total: input + output },
    integrity,
    appVersion: r.appVersion,
    terminalType: r.terminalType,
    os: os === '' ? null : os,
    source,
    unpricedRequests: r.unpriced,
  };
}
