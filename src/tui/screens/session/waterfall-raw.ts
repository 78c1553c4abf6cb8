// What enter on a waterfall row shows as raw JSON: the span behind the bar as stored (a tool's with
// its permission wait and its run, which its row draws), else the event it was drawn from.
import type { TimelineEvent, Turn } from '../../../store/read/types.js';
import { plainText } from '../../../present/sanitize.js';
import type { WaterfallRow } from './waterfall-rows.js';

export type RawTarget = { kind: 'event'; event: TimelineEvent } | { kind: 'spans'; keys: { traceId: string; spanId: string }[]; title: string };

/** null for a lane's row: an agent has no span of its own. */
export function rawTarget(row: WaterfallRow, turn: Turn): RawTarget | null {
  if (row.kind === 'lane') return null;
  const keys = [row.bar.span, row.wait?.span ?? null, row.run?.span ?? null].filter((k) => k !== null);
  if (keys.length > 0) {
    const what = keys.length === 1 ? 'raw span' : `raw spans (${keys.length}: the tool, ${row.wait === null ? '' : 'its permission wait, '}its run)`;
    return { kind: 'spans', keys, title: `${what} · ${plainText(row.bar.kind)} ${plainText(row.bar.label)} · ${plainText(keys[0]!.spanId)}` };
  }
  const event = row.bar.eventIndex === null ? undefined : turn.events[row.bar.eventIndex];
  return event === undefined ? null : { kind: 'event', event };
}
