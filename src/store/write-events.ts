// The events row as one INSERT with positional parameters. Binding 31 named parameters from a fresh
// object cost about as much as SQLite's own work for the row (15 of ~35 µs on the bench machine);
// each column is named beside the value it takes, so the two lists cannot drift apart.
import type { EventRow } from '../normalize/events.js';
import type { Db } from './open.js';

const columns: readonly (readonly [column: string, value: (row: EventRow) => unknown])[] = [
  ['dedup_key', (r) => r.dedupKey],
  ['session_id', (r) => r.sessionId],
  ['prompt_id', (r) => r.promptId],
  ['name', (r) => r.name],
  ['time_ms', (r) => r.timeMs],
  ['sequence', (r) => r.sequence],
  ['user_id', (r) => r.userId],
  ['user_email', (r) => r.userEmail],
  ['model', (r) => r.model],
  ['input_tokens', (r) => r.inputTokens],
  ['output_tokens', (r) => r.outputTokens],
  ['cache_read_tokens', (r) => r.cacheReadTokens],
  ['cache_creation_tokens', (r) => r.cacheCreationTokens],
  ['cost_usd', (r) => r.costUsd],
  ['duration_ms', (r) => r.durationMs],
  ['tool_name', (r) => r.toolName],
  ['is_success', (r) => (r.isSuccess === null ? null : r.isSuccess ? 1 : 0)],
  ['decision', (r) => r.decision],
  ['decision_source', (r) => r.decisionSource],
  ['error', (r) => r.error],
  ['status_code', (r) => r.statusCode],
  ['request_id', (r) => r.requestId],
  ['query_source', (r) => r.querySource],
  ['agent_name', (r) => r.agentName],
  ['terminal_type', (r) => r.terminalType],
  ['app_version', (r) => r.appVersion],
  ['os_type', (r) => r.osType],
  ['os_version', (r) => r.osVersion],
  ['raw_json', (r) => r.rawJson],
];

/** Inserts the row unless its natural key is stored; `machine`: as createWriter's. Returns the statement's result. */
export function createEventInsert(
  db: Db,
  machine: string | null,
): (row: EventRow, receivedMs: number) => { changes: number; lastInsertRowid: number | bigint } {
  const insert = db.prepare(`INSERT OR IGNORE INTO events (${columns.map(([c]) => c).join(', ')}, received_ms, machine)
    VALUES (${columns.map(() => '?').join(', ')}, ?, ?)`);
  return (row, receivedMs) => {
    const values: unknown[] = columns.map(([, value]) => value(row));
    values.push(receivedMs, machine);
    return insert.run(values);
  };
}
