import { describe, expect, it } from 'vitest';
import { lineWidth, type StyledLine } from './styled-line.js';
import { tileRow, type Tile } from './tile-row.js';

const text = (line: StyledLine) => line.map((s) => s.text).join('');
const tiles: Tile[] = [
  { label: 'Total Cost', value: '$0.18', note: '+2 unpriced' },
  { label: 'Total Tokens', value: '22,434', detail: 'in 21,336 · out 1,098', note: 'cache read 96,000 · write 2,100' },
  { label: 'Sessions', value: '7' },
];

describe('tile row', () => {
  it('draws three lines: labels, values with their detail, notes; the spare width shared out', () => {
    const lines = tileRow(tiles, 80);
    // Needs 11, 31 and 8; the 26 spare go 9, 9, 8 (the first tiles take the remainder).
    expect(lines.map(text)).toEqual([
      'Total Cost            Total Tokens                              Sessions        ',
      '$0.18                 22,434  in 21,336 · out 1,098             7               ',
      '+2 unpriced           cache read 96,000 · write 2,100                           ',
    ]);
    expect(lines.map(lineWidth)).toEqual([80, 80, 80]);
  });

  it('when short of room, the widest tile gives way and is cut with "…"', () => {
    const lines = tileRow(tiles, 50).map(text);
    expect(lines.map((l) => [...l].length)).toEqual([50, 50, 50]);
    expect(lines[1]).toBe('$0.18        22,434  in 21,336 · out 1,…  7       ');
    expect(lines[0]).toMatch(/^Total Cost {2}/);
  });

  it('never cuts a tile below 3 cells, even when the line cannot hold them all', () => {
    const lines = tileRow(tiles, 5).map(text);
    expect(lines[0]).toBe('To…  To…  Se…');
  });
});
