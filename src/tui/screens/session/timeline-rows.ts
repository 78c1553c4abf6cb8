// The timeline as the cursor sees it: each turn's header, then (unless folded) where its time went
// (a line the cursor passes over) and its events, in order; a run of start-up events (settings,
// plugins, hooks) is one row until it is unfolded.
import { foldStartup } from '../../../present/startup-fold.js';
import type { TimeFigures, TimelineEvent, Turn } from '../../../store/read/types.js';
import type { AgentResult } from '../../../vocabulary/task-notification.js';

export interface TurnRow {
  kind: 'turn';
  key: string;
  /** The prompt text (raw telemetry: the view passes it through plainText), or why there is none. */
  title: { kind: 'prompt'; text: string } | { kind: 'agent'; result: AgentResult } | { kind: 'redacted' } | { kind: 'outside' } | { kind: 'missing' };
  isCollapsed: boolean;
  eventCount: number;
  /** Sum of the turn's API request costs; null if one of them is unpriced. */
  costUsd: number | null;
  offsetMs: number;
}

export interface EventRow {
  kind: 'event';
  key: string;
  turnKey: string;
  event: TimelineEvent;
  offsetMs: number;
  /** One of an unfolded start-up run's events (drawn indented under it). */
  isNested?: boolean;
}

/** A run of start-up events as one row; enter unfolds it into its events. */
export interface StartupRow {
  kind: 'startup';
  key: string;
  turnKey: string;
  events: TimelineEvent[];
  isExpanded: boolean;
  offsetMs: number;
}

/** Where a turn's time went, under its header; not a stop for the cursor. */
export interface TimeRow {
  kind: 'time';
  key: string;
  turnKey: string;
  time: TimeFigures;
  offsetMs: number;
}

export type TimelineRow = TurnRow | TimeRow | StartupRow | EventRow;

export const isSelectable = (row: TimelineRow): boolean => row.kind !== 'time';

/** The row `by` selectable rows from `cursor` (as far as there are), skipping the ones the cursor passes over. */
export function stepCursor(rows: readonly TimelineRow[], cursor: number, by: number): number {
  let at = cursor;
  for (let left = Math.abs(by); left > 0; left -= 1) {
    let next = at + Math.sign(by);
    while (next >= 0 && next < rows.length && !isSelectable(rows[next]!)) next += Math.sign(by);
    if (next < 0 || next >= rows.length) break;
    at = next;
  }
  return at;
}

/** A turn's fold key: its prompt id, or its position for a prompt-less turn. */
export function turnKey(turn: Turn, index: number): string {
  return turn.promptId ?? `outside:${index}`;
}

function turnCost(turn: Turn): number | null {
  let total = 0;
  for (const event of turn.events) {
    if (event.kind !== 'api_request') continue;
    if (event.costUsd === null) return null;
    total += event.costUsd;
  }
  return total;
}

/** What a turn is titled by: its prompt, an agent's result, or why neither. */
export function turnTitle(turn: Turn): TurnRow['title'] {
  if (turn.promptId === null) return { kind: 'outside' };
  if (turn.agentResult !== null) return { kind: 'agent', result: turn.agentResult };
  if (turn.prompt !== null) return { kind: 'prompt', text: turn.prompt };
  return turn.events.some((e) => e.kind === 'user_prompt') ? { kind: 'redacted' } : { kind: 'missing' };
}

/**
 * `collapsed`: turns folded (by key); `expanded`: start-up rows unfolded (by key; folded by default).
 */
export function timelineRows(turns: readonly Turn[], collapsed: readonly string[], sessionStartMs: number, expanded: readonly string[] = []): TimelineRow[] {
  const rows: TimelineRow[] = [];
  turns.forEach((turn, index) => {
    const key = turnKey(turn, index);
    const isCollapsed = collapsed.includes(key);
    rows.push({
      kind: 'turn',
      key,
      title: turnTitle(turn),
      isCollapsed,
      eventCount: turn.events.length,
      costUsd: turnCost(turn),
      offsetMs: Date.parse(turn.startTime) - sessionStartMs,
    });
    if (isCollapsed) return;
    // A turn with neither a model request nor a tool (nor a span) has no time to tell.
    if (turn.time.modelMs !== 0 || turn.time.toolMs !== 0 || turn.spans.length > 0)
      rows.push({ kind: 'time', key: `${key}#time`, turnKey: key, time: turn.time, offsetMs: Date.parse(turn.startTime) - sessionStartMs });
    const eventRow = (event: TimelineEvent, i: number, isNested: boolean): EventRow => ({
      kind: 'event',
      key: `${key}#${i}`,
      turnKey: key,
      event,
      offsetMs: Date.parse(event.time) - sessionStartMs,
      ...(isNested ? { isNested } : {}),
    });
    for (const item of foldStartup(turn.events)) {
      if (item.kind === 'event') {
        rows.push(eventRow(item.event, item.index, false));
        continue;
      }
      const startupKey = `${key}#startup${item.index}`;
      const isExpanded = expanded.includes(startupKey);
      rows.push({
        kind: 'startup',
        key: startupKey,
        turnKey: key,
        events: item.events,
        isExpanded,
        offsetMs: Date.parse(item.events[0]!.time) - sessionStartMs,
      });
      if (isExpanded) item.events.forEach((event, i) => rows.push(eventRow(event, item.index + i, true)));
    }
  });
  return rows;
}
