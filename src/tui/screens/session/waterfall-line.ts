// One row of the waterfall as a screen line: the cursor mark, the label (indented by depth), the bar
// on the time axis, the duration. Below the rows, the selected row's figures and what the glyphs mean.
import type { Subagent } from '../../../store/read/types.js';
import type { WaterfallBar } from '../../../store/read/waterfall.js';
import { formatCount, formatMs, formatOffset, formatUsd } from '../../../present/format.js';
import { padEnd, padStart, plainText } from '../../../present/sanitize.js';
import { cutLine, lineWidth, type Segment } from '../../components/styled-line.js';
import { barSegments, type BarPart, type TimeAxis } from '../../components/time-axis.js';
import type { Role } from '../../theme.js';
import type { WaterfallRow } from './waterfall-rows.js';

/** Told apart without colour too (NO_COLOR): a failure (and a request's time retrying) has a glyph of its own, not only red. */
export const glyphs = { firstToken: '▒', running: '█', waiting: '░', hook: '▓', failed: '╳', span: '─' } as const;

/** Where a row's columns go: the cursor (2), the label, a space, the bar, a space, the duration. */
export interface WaterfallLayout {
  labelWidth: number;
  axis: TimeAxis;
}

const durationWidth = 6;

/** The label column takes 28 % of the width (22 columns at most below 100, 32 from there); the bar what is left, 8 columns at least. */
export function waterfallColumns(width: number): { labelWidth: number; barColumns: number } {
  const labelWidth = Math.max(6, Math.min(width >= 100 ? 32 : 22, Math.floor(width * 0.28), width - 2 - 1 - 8 - 1 - durationWidth));
  return { labelWidth, barColumns: Math.max(1, width - 2 - labelWidth - 1 - 1 - durationWidth) };
}

/** The cells before the bar area, so the scale line lines up with the bars. */
export const barIndent = (layout: WaterfallLayout): number => 2 + layout.labelWidth + 1;

const agentLabel = (agentId: string, agents: ReadonlyMap<string, Subagent>): string =>
  `${plainText(agents.get(agentId)?.agentType ?? 'agent')} ${plainText(agentId)}`;

function barLabel(bar: WaterfallBar): string {
  return bar.kind === 'interaction' ? 'prompt' : plainText(bar.label);
}

interface Look {
  parts: BarPart[];
  fill: { glyph: string; role: Role };
  labelRole?: Role;
}

function look(row: WaterfallRow): Look {
  if (row.kind === 'lane') return { parts: [], fill: { glyph: glyphs.span, role: 'accent' }, labelRole: 'accent' };
  const { bar, wait, run } = row;
  const isFailed = bar.success === false || run?.success === false;
  const failed = isFailed ? { labelRole: 'bad' as const } : {};
  switch (bar.kind) {
    case 'llm_request': {
      if (isFailed) return { parts: [], fill: { glyph: glyphs.failed, role: 'bad' }, ...failed };
      // A retried request: its failed attempts and the waits between them first, then the last attempt.
      const lastStartMs = bar.startOffsetMs + (bar.retryMs ?? 0);
      const retries = bar.retryMs === null ? [] : [{ fromMs: bar.startOffsetMs, toMs: lastStartMs, glyph: glyphs.failed, role: 'bad' as const }];
      const ttft = bar.ttftMs === null ? [] : [{ fromMs: lastStartMs, toMs: lastStartMs + bar.ttftMs, glyph: glyphs.firstToken, role: 'model' as const }];
      return { parts: [...retries, ...ttft], fill: { glyph: glyphs.running, role: 'model' } };
    }
    case 'tool': {
      const parts: BarPart[] = [];
      if (wait !== null) parts.push({ fromMs: wait.startOffsetMs, toMs: wait.endOffsetMs, glyph: glyphs.waiting, role: 'wait' });
      if (run !== null)
        parts.push({
          fromMs: run.startOffsetMs,
          toMs: run.endOffsetMs,
          ...(isFailed ? { glyph: glyphs.failed, role: 'bad' as const } : { glyph: glyphs.running, role: 'tool' as const }),
        });
      return { parts, fill: { glyph: glyphs.span, role: 'muted' }, ...failed };
    }
    case 'tool.execution':
      return { parts: [], fill: isFailed ? { glyph: glyphs.failed, role: 'bad' } : { glyph: glyphs.running, role: 'tool' }, ...failed };
    case 'tool.blocked_on_user':
      return { parts: [], fill: { glyph: glyphs.waiting, role: 'wait' } };
    case 'hook':
      return { parts: [], fill: isFailed ? { glyph: glyphs.failed, role: 'bad' } : { glyph: glyphs.hook, role: 'hook' }, ...failed };
    case 'interaction':
    case 'other':
      return { parts: [], fill: { glyph: glyphs.span, role: 'muted' }, ...failed };
    default: {
      const unreachable: never = bar.kind;
      return unreachable;
    }
  }
}

export function waterfallLine(row: WaterfallRow, isSelected: boolean, layout: WaterfallLayout, agents: ReadonlyMap<string, Subagent>): Segment[] {
  const { parts, fill, labelRole } = look(row);
  const [startMs, endMs, durationMs] =
    row.kind === 'lane'
      ? [row.startOffsetMs, row.endOffsetMs, row.endOffsetMs - row.startOffsetMs]
      : [row.bar.startOffsetMs, row.bar.endOffsetMs, row.bar.durationMs];
  const indent = ' '.repeat(Math.min(row.depth, 8));
  const label = row.kind === 'lane' ? agentLabel(row.agentId, agents) : barLabel(row.bar);
  return [
    { text: isSelected ? '› ' : '  ', role: 'selected' },
    { text: padEnd(`${indent}${label}`, layout.labelWidth), ...(labelRole === undefined ? {} : { role: labelRole }) },
    { text: ' ' },
    ...barSegments(layout.axis, startMs, endMs, parts, fill),
    { text: ' ' },
    { text: padStart(formatMs(durationMs), durationWidth), role: 'muted' },
  ];
}

const muted = (text: string): Segment => ({ text, role: 'muted' });
const sep = muted(' · ');

function tokensText(tokens: NonNullable<WaterfallBar['tokens']>): string {
  return `in ${formatCount(tokens.input)} out ${formatCount(tokens.output)} cache ${formatCount(tokens.cacheRead)}/${formatCount(tokens.cacheCreation)}`;
}

function outcome(success: boolean | null): Segment[] {
  return success === null ? [] : [sep, success ? { text: 'ok', role: 'good' } : { text: 'failed', role: 'bad', isBold: true }];
}

function barFigures(row: Extract<WaterfallRow, { kind: 'bar' }>): Segment[] {
  const { bar, wait, run } = row;
  const head: Segment[] = [{ text: barLabel(bar), isBold: true }, muted(`  ${formatOffset(bar.startOffsetMs)}  `), { text: formatMs(bar.durationMs) }];
  switch (bar.kind) {
    case 'llm_request':
      return [
        ...head,
        ...(bar.ttftMs === null ? [] : [sep, muted('first token '), { text: formatMs(bar.ttftMs) }]),
        ...(bar.tokens === null ? [] : [sep, muted(tokensText(bar.tokens))]),
        ...(bar.costUsd === null && bar.tokens === null
          ? []
          : [sep, { text: formatUsd(bar.costUsd), role: bar.costUsd === null ? ('warn' as const) : ('accent' as const) }]),
        ...(bar.attempt === null ? [] : [sep, muted(`attempt ${bar.attempt}`)]),
        ...(bar.retryMs === null ? [] : [muted(' (retrying '), { text: formatMs(bar.retryMs), role: 'bad' as const }, muted(')')]),
        ...outcome(bar.success === false ? false : null),
      ];
    case 'tool':
      return [
        ...head,
        ...(wait === null
          ? []
          : [
              sep,
              muted('waiting on you '),
              { text: formatMs(wait.durationMs), role: 'wait' as const },
              ...(wait.decision === null ? [] : [muted(` (${plainText(wait.decision)})`)]),
            ]),
        ...(run === null ? [sep, muted('did not run')] : [sep, muted('running '), { text: formatMs(run.durationMs) }]),
        ...outcome(run?.success ?? null),
      ];
    case 'tool.blocked_on_user':
      return [...head, ...(bar.decision === null ? [] : [sep, muted(plainText(bar.decision))])];
    case 'hook':
      return [...head, ...outcome(bar.success), ...(bar.decision === null ? [] : [sep, { text: plainText(bar.decision), role: 'warn' as const }])];
    case 'tool.execution':
    case 'interaction':
    case 'other':
      return [...head, ...outcome(bar.success)];
    default: {
      const unreachable: never = bar.kind;
      return unreachable;
    }
  }
}

function laneFigures(row: Extract<WaterfallRow, { kind: 'lane' }>, agents: ReadonlyMap<string, Subagent>): Segment[] {
  const agent = agents.get(row.agentId);
  const head: Segment[] = [
    { text: plainText(agent?.agentType ?? 'agent'), role: 'accent', isBold: true },
    muted(`  ${formatOffset(row.startOffsetMs)}  `),
    { text: formatMs(row.endOffsetMs - row.startOffsetMs) },
  ];
  const id = [sep, muted(plainText(row.agentId))];
  if (agent === undefined) return [...head, ...id];
  return [
    ...head,
    ...(agent.model === null ? [] : [sep, { text: plainText(agent.model) }]),
    sep,
    muted(`${agent.apiRequests} request${agent.apiRequests === 1 ? '' : 's'} `),
    { text: formatUsd(agent.costUsd), role: agent.costUsd === null ? 'warn' : 'accent' },
    sep,
    muted(`${agent.toolUses} tool use${agent.toolUses === 1 ? '' : 's'}`),
    ...(agent.isAsync === null ? [] : [sep, muted(agent.isAsync ? 'async' : 'sync')]),
    ...id,
  ];
}

/** The selected row's figures: when it started (from the turn's first bar), how long, and what it says. */
export function figuresLine(row: WaterfallRow, agents: ReadonlyMap<string, Subagent>): Segment[] {
  return row.kind === 'lane' ? laneFigures(row, agents) : barFigures(row);
}

/**
 * The figures in as many lines as the width needs (a line per what fits, split only between two
 * figures, each line cut with "…" if one figure alone is wider), so cost and attempt are not cut off
 * at 80 columns.
 */
export function figureLines(figures: readonly Segment[], width: number): Segment[][] {
  const groups: Segment[][] = [[]];
  for (const segment of figures) {
    if (segment === sep) groups.push([]);
    else groups.at(-1)!.push(segment);
  }
  const lines: Segment[][] = [];
  for (const group of groups) {
    const line = lines.at(-1);
    if (line !== undefined && lineWidth(line) + lineWidth([sep]) + lineWidth(group) <= width) line.push(sep, ...group);
    else lines.push([...cutLine(group, width)]);
  }
  return lines;
}

/** What the glyphs mean, for the line under the figures. */
export function legendLine(): Segment[] {
  return [
    { text: glyphs.firstToken, role: 'model' },
    muted(' to first token  '),
    { text: glyphs.running, role: 'model' },
    muted(' model  '),
    { text: glyphs.running, role: 'tool' },
    muted(' tool running  '),
    { text: glyphs.waiting, role: 'wait' },
    muted(' waiting on you  '),
    { text: glyphs.hook, role: 'hook' },
    muted(' hook  '),
    { text: glyphs.failed, role: 'bad' },
    muted(' failed'),
  ];
}
