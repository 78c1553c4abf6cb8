import type { Db } from '../open.js';
import { flaggedSessionCount, sessionAggregatesInRange, sessionCountInRange, sessionPageInRange, type SessionFilter } from './session-aggregates.js';
import type { SessionMetadata, SessionRow, SessionSortKey, SessionsQuery } from './types.js';
import { rangeParams } from './usage-facts.js';

/** Sessions with activity in the range, whole-session figures, newest first unless sorted otherwise. */
export function sessions(db: Db, query: SessionsQuery = {}): SessionRow[] {
  const filter = filterOf(query);
  const key = query.sort ?? 'startTime';
  const offset = query.offset ?? 0;
  if (query.limit !== undefined) {
    const page = sessionPageInRange(db, filter, key, query.ascending === true, query.limit, offset);
    if (page !== undefined) return page.map(toRow);
  }
  const rows = sessionAggregatesInRange(db, filter);
  const direction = query.ascending ? 1 : -1;
  rows.sort((a, b) => direction * compare(sortValue(a, key), sortValue(b, key)) || compare(b.startTime, a.startTime));
  const limited = query.limit === undefined && offset === 0 ? rows : rows.slice(offset, query.limit === undefined ? undefined : offset + query.limit);
  return limited.map(toRow);
}

export interface SessionsOverview {
  /** Sessions the range and filter keep. */
  total: number;
  /** Of those, flagged by their integrity check. */
  flagged: number;
}

/** Counts for a list that shows only a window of its rows (the TUI's sessions view). */
export function sessionsOverview(db: Db, query: SessionsQuery = {}): SessionsOverview {
  const filter = filterOf(query);
  return { total: sessionCountInRange(db, filter), flagged: flaggedSessionCount(db, filter) };
}

function filterOf(query: SessionsQuery): SessionFilter {
  const { since, until } = rangeParams(query);
  return { since, until, needle: query.filter?.trim().toLowerCase() || undefined, project: query.project, nowMs: query.nowMs ?? Date.now() };
}

function sortValue(row: SessionMetadata, key: SessionSortKey): string | number | null {
  switch (key) {
    case 'startTime':
      return row.startTime;
    case 'project':
      return row.project;
    case 'user':
      return row.user;
    case 'model':
      return row.model;
    case 'prompts':
      return row.prompts;
    case 'agents':
      return row.agents;
    case 'durationMs':
      return row.durationMs;
    case 'costUsd':
      return row.costUsd;
    case 'toolCalls':
      return row.toolCalls;
    case 'tokens':
      return row.tokens.total;
    case 'errors':
      return row.errors;
    default: {
      const unreachable: never = key;
      return unreachable;
    }
  }
}

/** Unknown values sort below every known one. */
function compare(a: string | number | null, b: string | number | null): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  return a < b ? -1 : 1;
}

/** The public row: exactly the documented fields, in a stable order. */
export function toRow(m: SessionMetadata): SessionRow {
  return {
    sessionId: m.sessionId,
    machine: m.machine,
    project: m.project,
    projectPath: m.projectPath,
    gitBranch: m.gitBranch,
    startTime: m.startTime,
    endTime: m.endTime,
    user: m.user,
    model: m.model,
    prompts: m.prompts,
    agents: m.agents,
    durationMs: m.durationMs,
    costUsd: m.costUsd,
    toolCalls: m.toolCalls,
    apiRequests: m.apiRequests,
    errors: m.errors,
    linesAdded: m.linesAdded,
    linesRemoved: m.linesRemoved,
    tokens: { ...m.tokens },
    integrity: m.integrity,
  };
}
