// Sessions grouped by the machine they ran on (`summary --by machine`): whole-session figures, so a
// machine's cost is the sum of its sessions' as `sessions` shows them.
import { statement, type Db } from '../open.js';
import type { SessionRow, TokenCounts } from './types.js';

export interface MachineGroup {
  /** null: this machine, before it has a name. */
  machine: string | null;
  sessions: number;
  /** Sum over the priced sessions; `unpricedSessions` says how many are not in it. */
  costUsd: number;
  unpricedSessions: number;
  apiRequests: number;
  tokens: TokenCounts;
}

/** Largest cost first, then by name. */
export function groupByMachine(rows: readonly SessionRow[]): MachineGroup[] {
  const groups = new Map<string | null, MachineGroup>();
  for (const row of rows) {
    const g = groups.get(row.machine) ?? {
      machine: row.machine,
      sessions: 0,
      costUsd: 0,
      unpricedSessions: 0,
      apiRequests: 0,
      tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 },
    };
    groups.set(row.machine, g);
    g.sessions += 1;
    if (row.costUsd === null) g.unpricedSessions += 1;
    else g.costUsd += row.costUsd;
    g.apiRequests += row.apiRequests ?? 0;
    g.tokens.input += row.tokens.input;
    g.tokens.output += row.tokens.output;
    g.tokens.cacheRead += row.tokens.cacheRead;
    g.tokens.cacheCreation += row.tokens.cacheCreation;
    g.tokens.total += row.tokens.total;
  }
  return [...groups.values()].sort((a, b) => b.costUsd - a.costUsd || String(a.machine).localeCompare(String(b.machine)));
}

/** Whether any session came from another machine: the sessions view then shows the Machine column. */
export function hasOtherMachines(db: Db): boolean {
  return statement(db, 'SELECT EXISTS (SELECT 1 FROM session_stats WHERE machine IS NOT NULL)').pluck().get() === 1;
}
