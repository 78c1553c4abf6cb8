// Sessions grouped by the machine they ran on (`summary --by machine`): whole-session figures, so a
// machine's cost is the sum of its sessions' as `sessions` shows them.
import { statement, type Db } from '../open.js';
import { addSession, noSessions, type SessionTotals } from './session-totals.js';
import type { SessionRow } from './types.js';

export interface MachineGroup extends SessionTotals {
  /** null: this machine, before it has a name. */
  machine: string | null;
}

/** Largest cost first, then by name. */
export function groupByMachine(rows: readonly SessionRow[]): MachineGroup[] {
  const groups = new Map<string | null, MachineGroup>();
  for (const row of rows) {
    const g = groups.get(row.machine) ?? { machine: row.machine, ...noSessions() };
    groups.set(row.machine, g);
    addSession(g, row);
  }
  return [...groups.values()].sort((a, b) => b.costUsd - a.costUsd || String(a.machine).localeCompare(String(b.machine)));
}

/** Whether any session came from another machine: the sessions view then shows the Machine column. */
export function hasOtherMachines(db: Db): boolean {
  return statement(db, 'SELECT EXISTS (SELECT 1 FROM session_stats WHERE machine IS NOT NULL)').pluck().get() === 1;
}
