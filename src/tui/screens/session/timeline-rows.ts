// The timeline as the cursor sees it: each turn's header, then (unless folded) its events, in order.
import type { TimelineEvent, Turn } from '../../../store/read/types.js';

export interface TurnRow {
  kind: 'turn';
  key: string;
  /** The prompt text (raw telemetry: the view passes it through plainText), or why there is none. */
  title: { kind: 'prompt'; text: string } | { kind: 'redacted' } | { kind: 'outside' } | { kind: 'missing' };
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
}

export type TimelineRow = TurnRow | EventRow;

/** A turn's fold key: its prompt id, or its position for a prompt-less turn. */
function turnKey(turn: Turn, index: number): string {
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

function title(turn: Turn): TurnRow['title'] {
  if (turn.promptId === null) return { kind: 'outside' };
  if (turn.prompt !== null) return { kind: 'prompt', text: turn.prompt };
  return turn.events.some((e) => e.kind === 'user_prompt') ? { kind: 'redacted' } : { kind: 'missing' };
}

export function timelineRows(turns: readonly Turn[], collapsed: readonly string[], sessionStartMs: number): TimelineRow[] {
  const rows: TimelineRow[] = [];
  turns.forEach((turn, index) => {
    const key = turnKey(turn, index);
    const isCollapsed = collapsed.includes(key);
    rows.push({
      kind: 'turn',
      key,
      title: title(turn),
      isCollapsed,
      eventCount: turn.events.length,
      costUsd: turnCost(turn),
      offsetMs: Date.parse(turn.startTime) - sessionStartMs,
    });
    if (isCollapsed) return;
    turn.events.forEach((event, i) => {
      rows.push({ kind: 'event', key: `${key}#${i}`, turnKey: key, event, offsetMs: Date.parse(event.time) - sessionStartMs });
    });
  });
  return rows;
}
