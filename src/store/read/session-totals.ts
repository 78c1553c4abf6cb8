// What a group of sessions adds up to (by project, by machine): whole-session figures, so a group's
// cost is the sum of its sessions' as `sessions` shows them.
import type { SessionRow, TokenCounts } from './types.js';

export interface SessionTotals {
  sessions: number;
  /** Sum over the priced sessions; `unpricedSessions` says how many are not in it. */
  costUsd: number;
  unpricedSessions: number;
  apiRequests: number;
  tokens: TokenCounts;
}

export function noSessions(): SessionTotals {
  return { sessions: 0, costUsd: 0, unpricedSessions: 0, apiRequests: 0, tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 } };
}

/** Adds one session's figures to `totals`, in place. */
export function addSession(totals: SessionTotals, row: SessionRow): void {
  totals.sessions += 1;
  if (row.costUsd === null) totals.unpricedSessions += 1;
  else totals.costUsd += row.costUsd;
  totals.apiRequests += row.apiRequests ?? 0;
  totals.tokens.input += row.tokens.input;
  totals.tokens.output += row.tokens.output;
  totals.tokens.cacheRead += row.tokens.cacheRead;
  totals.tokens.cacheCreation += row.tokens.cacheCreation;
  totals.tokens.total += row.tokens.total;
}
