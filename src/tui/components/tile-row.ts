import { color } from '../theme.js';
import { lineWidth, padLine, textLength, type StyledLine } from './styled-line.js';

// Headline figures side by side, three lines each: label, value (with an optional detail beside
// it), and a note. Tiles share the width by need; when it runs short the widest gives way and is cut with "…".

export interface Tile {
  label: string;
  value: string;
  valueColor?: string | undefined;
  /** Beside the value, muted: "in 21,336 · out 1,098". */
  detail?: string;
  note?: string;
  noteColor?: string | undefined;
}

const gap = 2;

export function tileRow(tiles: readonly Tile[], width: number): StyledLine[] {
  const lines = tiles.map(tileLines);
  const widths = lines.map((l) => Math.max(...l.map(lineWidth)));
  const room = width - gap * (tiles.length - 1);
  let total = widths.reduce((n, w) => n + w, 0);
  while (total > room && Math.max(...widths) > 3) {
    const widest = widths.indexOf(Math.max(...widths));
    widths[widest] = (widths[widest] ?? 0) - 1;
    total -= 1;
  }
  // Left-over width is shared out, so the tiles spread over the line.
  const spare = Math.max(0, room - total);
  const sized = widths.map((w, i) => w + Math.floor(spare / tiles.length) + (i < spare % tiles.length ? 1 : 0));
  return [0, 1, 2].map((row) =>
    lines.flatMap((l, i) => {
      const cell = padLine(l[row] ?? [], sized[i] ?? 0);
      return i === lines.length - 1 ? cell : [...cell, { text: ' '.repeat(gap) }];
    }),
  );
}

function tileLines(tile: Tile): StyledLine[] {
  return [
    [{ text: tile.label, color: color('muted') }],
    [
      { text: tile.value, color: tile.valueColor, isBold: true },
      ...(tile.detail === undefined || textLength(tile.detail) === 0 ? [] : [{ text: `  ${tile.detail}`, color: color('muted') }]),
    ],
    [{ text: tile.note ?? '', color: tile.noteColor ?? color('muted') }],
  ];
}
