import { Box, Text } from 'ink';
import type { Subagent, Turn } from '../../../store/read/types.js';
import type { Waterfall } from '../../../store/read/waterfall.js';
import { formatMs } from '../../../present/format.js';
import { fit } from '../../../present/sanitize.js';
import { cutLine, LineText, lineWidth, type Segment } from '../../components/styled-line.js';
import { scaleText, timeAxis } from '../../components/time-axis.js';
import { color } from '../../theme.js';
import { titleSegments, timeSegments } from './session-view.js';
import { turnTitle } from './timeline-rows.js';
import { barIndent, figureLines, figuresLine, legendLine, waterfallColumns, waterfallLine, type WaterfallLayout } from './waterfall-line.js';
import type { WaterfallRow } from './waterfall-rows.js';

export interface WaterfallViewProps {
  /** null: the turn is no longer in the database. */
  turn: Turn | null;
  /** 1-based, of `turnCount`. */
  turnNumber: number;
  turnCount: number;
  waterfall: Waterfall | null;
  rows: readonly WaterfallRow[];
  cursor: number;
  /** The session's subagents by id, to name their lanes. */
  agents: ReadonlyMap<string, Subagent>;
  width: number;
  height: number;
}

export const noTracesNote = "no traces: drawn from events' durations; `setup --traces` turns them on";

const muted = (text: string): Segment => ({ text, role: 'muted' });

function heading(props: WaterfallViewProps, turn: Turn, waterfall: Waterfall): Segment[] {
  const left: Segment[] = [
    { text: 'waterfall', role: 'accent', isBold: true },
    muted(` turn ${props.turnNumber}/${props.turnCount}  `),
    ...titleSegments(turnTitle(turn)),
  ];
  const right: Segment[] = [muted(`${formatMs(waterfall.endMs - waterfall.startMs)} · ${props.rows.length} row${props.rows.length === 1 ? '' : 's'}`)];
  const rightWidth = lineWidth(right);
  if (rightWidth + 16 > props.width) return [...left];
  const cut = cutLine(left, props.width - rightWidth - 2);
  return [...cut, { text: ' '.repeat(props.width - lineWidth(cut) - rightWidth) }, ...right];
}

/** A turn's waterfall: its heading, where its time went, the scale, a row per bar, then the selected one's figures and the glyphs. */
export function WaterfallView(props: WaterfallViewProps) {
  const { turn, waterfall, rows, cursor, agents, width, height } = props;
  if (turn === null || waterfall === null) {
    return <Text color={color('warn')}>{fit('this turn is no longer in the database; esc goes back to the event list', width)}</Text>;
  }
  const { labelWidth, barColumns } = waterfallColumns(width);
  const layout: WaterfallLayout = { labelWidth, axis: timeAxis(waterfall.endMs - waterfall.startMs, barColumns) };
  const top: Segment[][] = [
    heading(props, turn, waterfall),
    timeSegments(turn.time, width),
    ...(waterfall.source === 'events' ? [[{ text: noTracesNote, role: 'warn' as const }]] : []),
    [{ text: ' '.repeat(barIndent(layout)) }, muted(scaleText(layout.axis))],
  ];
  // As many figure lines as the widest row's need, whichever is selected, so the rows do not jump.
  const figureHeight = Math.max(1, ...rows.map((r) => figureLines(figuresLine(r, agents), width).length));
  const selected = rows[cursor];
  const figures = selected === undefined ? [] : figureLines(figuresLine(selected, agents), width);
  const bottom: Segment[][] = [...figures, ...Array.from({ length: figureHeight - figures.length }, () => [{ text: ' ' }]), legendLine()];
  const listHeight = Math.max(1, height - top.length - bottom.length);
  const first = Math.max(0, Math.min(cursor - Math.floor(listHeight / 2), rows.length - listHeight));
  const visible = rows.slice(first, first + listHeight);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      {top.map((line, i) => (
        <LineText key={`top-${i}`} segments={line} width={width} />
      ))}
      {rows.length === 0 && <Text color={color('muted')}>{fit('no model requests, tools or hooks in this turn', width)}</Text>}
      {visible.map((row, i) => {
        const isSelected = first + i === cursor;
        return <LineText key={row.key} segments={waterfallLine(row, isSelected, layout, agents)} width={width} isPadded isInverse={isSelected} />;
      })}
      {bottom.map((line, i) => (
        <LineText key={`bottom-${i}`} segments={line} width={width} />
      ))}
    </Box>
  );
}
