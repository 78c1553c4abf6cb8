import { Box, Text } from 'ink';
import { color as roleColor, type Role } from '../theme.js';

// A screen line as coloured pieces, so panels and rows can be measured, cut, padded and set side by
// side before anything is drawn. Widths count code points, as fit() does.

export interface Segment {
  /** Already plain text (callers pass telemetry through plainText()). */
  text: string;
  /** A theme role (good, bad, muted, …) … */
  role?: Role | undefined;
  /** … or a resolved colour, for chart series (from theme.ts, undefined under NO_COLOR). */
  color?: string | undefined;
  isBold?: boolean;
}

export type StyledLine = readonly Segment[];

export const textLength = (text: string): number => [...text].length;

export function lineWidth(line: StyledLine): number {
  return line.reduce((n, s) => n + textLength(s.text), 0);
}

/** Cut to `width` cells, the last one "…" when anything was cut; never wraps. */
export function cutLine(line: StyledLine, width: number): StyledLine {
  if (lineWidth(line) <= width) return line;
  if (width <= 0) return [];
  const out: Segment[] = [];
  let room = width - 1;
  for (const s of line) {
    const chars = [...s.text];
    if (chars.length <= room) {
      out.push(s);
      room -= chars.length;
      continue;
    }
    out.push({ ...s, text: `${chars.slice(0, room).join('')}…` });
    return out;
  }
  return out;
}

/** Exactly `width` cells: cut, or padded with spaces. */
export function padLine(line: StyledLine, width: number): StyledLine {
  const cut = cutLine(line, width);
  const gap = width - lineWidth(cut);
  return gap > 0 ? [...cut, { text: ' '.repeat(gap) }] : cut;
}

/** Two columns of lines side by side, the left one padded to `leftWidth`. */
export function besideLines(left: readonly StyledLine[], right: readonly StyledLine[], leftWidth: number, gap: number, rightWidth: number): StyledLine[] {
  return Array.from({ length: Math.max(left.length, right.length) }, (_, i) => [
    ...padLine(left[i] ?? [], leftWidth),
    { text: ' '.repeat(gap) },
    ...cutLine(right[i] ?? [], rightWidth),
  ]);
}

/** Groups packed left to right into lines of `width`, `gap` spaces apart; a group never splits. */
export function flowLines(groups: readonly StyledLine[], width: number, gap = 2): StyledLine[] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  for (const group of groups) {
    if (line.length > 0 && lineWidth(line) + gap + lineWidth(group) > width) {
      lines.push(line);
      line = [];
    }
    if (line.length > 0) line.push({ text: ' '.repeat(gap) });
    line.push(...cutLine(group, width - lineWidth(line)));
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

const segmentColor = (s: Segment): string | undefined => s.color ?? (s.role === undefined ? undefined : roleColor(s.role));

function Pieces({ line }: { line: StyledLine }) {
  return (
    <>
      {line.map((s, j) => (
        <Text key={j} color={segmentColor(s)} bold={s.isBold === true}>
          {s.text}
        </Text>
      ))}
    </>
  );
}

export interface LineTextProps {
  segments: StyledLine;
  width: number;
  /** Pad to the full width (for a selection bar). */
  isPadded?: boolean;
  isInverse?: boolean;
}

/** One line, cut (or padded) to the width. */
export function LineText({ segments, width, isPadded = false, isInverse = false }: LineTextProps) {
  return (
    <Text inverse={isInverse} wrap="truncate">
      <Pieces line={isPadded ? padLine(segments, width) : cutLine(segments, width)} />
    </Text>
  );
}

export function StyledLines({ lines, width }: { lines: readonly StyledLine[]; width: number }) {
  return (
    <Box flexDirection="column" width={width}>
      {lines.map((line, i) => (
        // An empty <Text> takes no row; a space keeps the line.
        <Text key={i}>{lineWidth(line) === 0 ? ' ' : <Pieces line={cutLine(line, width)} />}</Text>
      ))}
    </Box>
  );
}
