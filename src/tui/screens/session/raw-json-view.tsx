import { Box, Text } from 'ink';
import type { TimelineEvent } from '../../../store/read/types.js';
import { LineText } from '../../components/styled-line.js';
import { formatCount } from '../../../present/format.js';
import { fit, jsonText, plainText } from '../../../present/sanitize.js';
import { color } from '../../theme.js';

/** A record (an event, a span, or a tool's spans) as the clipboard gets it: the whole stored record, pretty-printed, exact (controls as \u escapes). */
export function rawJsonText(raw: unknown): string {
  return jsonText(raw, 2);
}

/** The same, one screen line per JSON line. jsonText already escapes every control; plainText is the guarantee. */
export function rawJsonLines(raw: unknown): string[] {
  return rawJsonText(raw).split('\n').map(plainText);
}

/** Lines of JSON that fit between the title and the status line. */
export function rawPageHeight(height: number): number {
  return Math.max(1, height - 2);
}

/** The title of an event's raw JSON: its name, sequence and time. */
export function rawEventTitle(event: TimelineEvent): string {
  return `raw JSON · ${plainText(event.name)}${event.sequence === null ? '' : ` #${event.sequence}`} · ${plainText(event.time)}`;
}

export interface RawJsonViewProps {
  /** Already plain text (rawEventTitle, or the screen's own for spans). */
  title: string;
  lines: readonly string[];
  scroll: number;
  /** Bytes just copied to the clipboard, or null. */
  copiedBytes: number | null;
  width: number;
  height: number;
}

export function RawJsonView({ title, lines, scroll, copiedBytes, width, height }: RawJsonViewProps) {
  const page = rawPageHeight(height);
  const top = Math.max(0, Math.min(scroll, lines.length - page));
  const visible = lines.slice(top, top + page);
  const last = Math.min(lines.length, top + page);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <LineText segments={[{ text: title, role: 'accent', isBold: true }]} width={width} />
      {visible.map((line, i) => (
        <Text key={top + i}>{fit(line, width)}</Text>
      ))}
      {Array.from({ length: page - visible.length }, (_, i) => (
        <Text key={`blank-${i}`}> </Text>
      ))}
      {copiedBytes === null ? (
        <Text color={color('muted')}>{fit(`lines ${top + 1}–${last} of ${lines.length}${last < lines.length ? ' · j/space for more' : ''}`, width)}</Text>
      ) : (
        <Text color={color('good')}>{fit(`copied ${formatCount(copiedBytes)} bytes to the clipboard (OSC 52)`, width)}</Text>
      )}
    </Box>
  );
}
