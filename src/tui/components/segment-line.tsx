// One terminal line built from coloured pieces, cut to width with "…" as a whole so it never wraps.
import { Text } from 'ink';
import { fit } from '../plain-text.js';
import { color, type Role } from '../theme.js';

export interface Segment {
  /** Already plain text (callers pass telemetry through plainText()). */
  text: string;
  role?: Role;
  isBold?: boolean;
}

const cells = (text: string): number => [...text].length;

/** The segments cut so their total is at most `width` cells, the last cut one ending in "…". */
export function fitSegments(segments: readonly Segment[], width: number): Segment[] {
  const out: Segment[] = [];
  let used = 0;
  const total = segments.reduce((n, s) => n + cells(s.text), 0);
  if (total <= width) return segments.filter((s) => s.text !== '');
  for (const segment of segments) {
    const room = width - used;
    if (room <= 0) break;
    const size = cells(segment.text);
    // The "…" must fit too, so a segment that fills the line exactly still gets cut.
    const text = size < room ? segment.text : fit(`${segment.text}…`, room);
    out.push({ ...segment, text });
    used += cells(text);
  }
  return out.filter((s) => s.text !== '');
}

/** Groups of segments packed left to right into lines of `width`, `gap` spaces apart; a group never splits. */
export function flowLines(groups: readonly (readonly Segment[])[], width: number, gap = 2): Segment[][] {
  const lines: Segment[][] = [];
  let line: Segment[] = [];
  let used = 0;
  for (const group of groups) {
    const size = group.reduce((n, s) => n + cells(s.text), 0);
    if (line.length > 0 && used + gap + size > width) {
      lines.push(line);
      line = [];
      used = 0;
    }
    if (line.length > 0) {
      line.push({ text: ' '.repeat(gap) });
      used += gap;
    }
    line.push(...fitSegments(group, width - used));
    used += Math.min(size, width - used);
  }
  if (line.length > 0) lines.push(line);
  return lines;
}

export interface SegmentLineProps {
  segments: readonly Segment[];
  width: number;
  /** Pad to the full width (for a selection bar). */
  isPadded?: boolean;
  isInverse?: boolean;
}

export function SegmentLine({ segments, width, isPadded = false, isInverse = false }: SegmentLineProps) {
  const cut = fitSegments(segments, width);
  const used = cut.reduce((n, s) => n + cells(s.text), 0);
  const padding = isPadded ? ' '.repeat(Math.max(0, width - used)) : '';
  return (
    <Text inverse={isInverse} wrap="truncate">
      {cut.map((s, i) => (
        <Text key={i} color={s.role === undefined ? undefined : color(s.role)} bold={s.isBold ?? false}>
          {s.text}
        </Text>
      ))}
      {padding}
    </Text>
  );
}
