// The waterfall as the cursor sees it: one row per model request, tool use and hook, in tree order.
// A tool's permission wait and its run are drawn inside the tool's own row (told apart by glyph),
// not as rows of their own, and what ran under the run (a subagent) hangs under the tool. A
// subagent's bars sit in a lane: a row naming the agent, its bars one level in under it.
import type { Waterfall, WaterfallBar } from '../../../store/read/waterfall.js';

export interface BarRow {
  kind: 'bar';
  key: string;
  depth: number;
  bar: WaterfallBar;
  /** A tool's permission wait and its run, drawn in its row; null when the tool has none (or for any other bar). */
  wait: WaterfallBar | null;
  run: WaterfallBar | null;
}

export interface LaneRow {
  kind: 'lane';
  key: string;
  depth: number;
  agentId: string;
  /** From the lane's first bar's start to its last bar's end. */
  startOffsetMs: number;
  endOffsetMs: number;
}

export type WaterfallRow = BarRow | LaneRow;

/** The bars a lane holds in the waterfall: from its first start to its last end. */
function laneExtent(bars: readonly WaterfallBar[], agentId: string): { startOffsetMs: number; endOffsetMs: number } {
  const own = bars.filter((b) => b.lane === agentId);
  return { startOffsetMs: Math.min(...own.map((b) => b.startOffsetMs)), endOffsetMs: Math.max(...own.map((b) => b.endOffsetMs)) };
}

export function waterfallRows(waterfall: Waterfall): WaterfallRow[] {
  const children = new Map<string | null, WaterfallBar[]>();
  for (const bar of waterfall.bars) children.set(bar.parentKey, [...(children.get(bar.parentKey) ?? []), bar]);
  const rows: WaterfallRow[] = [];
  const byStart = (a: WaterfallBar, b: WaterfallBar) => a.startOffsetMs - b.startOffsetMs || a.endOffsetMs - b.endOffsetMs;

  const emit = (bar: WaterfallBar, depth: number, lane: string | null) => {
    if (bar.kind !== 'tool') {
      rows.push({ kind: 'bar', key: bar.key, depth, bar, wait: null, run: null });
      visit(children.get(bar.key) ?? [], depth + 1, lane);
      return;
    }
    const own = children.get(bar.key) ?? [];
    const wait = own.find((b) => b.kind === 'tool.blocked_on_user') ?? null;
    const run = own.find((b) => b.kind === 'tool.execution') ?? null;
    rows.push({ kind: 'bar', key: bar.key, depth, bar, wait, run });
    const under = [...own.filter((b) => b !== wait && b !== run), ...(run === null ? [] : (children.get(run.key) ?? []))].sort(byStart);
    visit(under, depth + 1, lane);
  };

  // The bars of another lane than their parent's are gathered under one row for that lane, where its first bar falls.
  const visit = (bars: readonly WaterfallBar[], depth: number, lane: string | null) => {
    if (depth > 64) return;
    const shown = new Set<string>();
    for (const bar of bars) {
      if (bar.lane === null || bar.lane === lane) {
        emit(bar, depth, lane);
        continue;
      }
      if (shown.has(bar.lane)) continue;
      shown.add(bar.lane);
      rows.push({ kind: 'lane', key: `lane:${bar.lane}:${bar.key}`, depth, agentId: bar.lane, ...laneExtent(waterfall.bars, bar.lane) });
      for (const own of bars.filter((b) => b.lane === bar.lane)) emit(own, depth + 1, bar.lane);
    }
  };
  visit(children.get(null) ?? [], 0, null);
  return rows;
}
