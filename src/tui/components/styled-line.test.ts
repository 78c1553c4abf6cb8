import { describe, expect, it } from 'vitest';
import { besideLines, cutLine, flowLines, lineWidth, padLine, textLength, type StyledLine } from './styled-line.js';

const text = (line: StyledLine) => line.map((s) => s.text).join('');
const line: StyledLine = [{ text: 'cost ', role: 'muted' }, { text: '$0.18', isBold: true }, { text: ' ✓' }];

describe('styled lines', () => {
  it('measure code points, so a wide glyph or an emoji counts once, as fit() counts it', () => {
    expect(textLength('█▒░')).toBe(3);
    expect(textLength('a😀b')).toBe(3);
    expect(lineWidth(line)).toBe(12);
  });

  it.each([
    [12, 'cost $0.18 ✓'],
    [11, 'cost $0.18…'],
    [6, 'cost …'],
    [1, '…'],
    [0, ''],
  ])('cut to %i cells: %j', (width, expected) => {
    expect(text(cutLine(line, width))).toBe(expected);
    expect(lineWidth(cutLine(line, width))).toBeLessThanOrEqual(width);
  });

  it('keep each piece its style when cut', () => {
    expect(cutLine(line, 8)).toEqual([
      { text: 'cost ', role: 'muted' },
      { text: '$0…', isBold: true },
    ]);
  });

  it('pad to exactly the width, or cut', () => {
    expect(text(padLine(line, 15))).toBe('cost $0.18 ✓   ');
    expect(text(padLine(line, 9))).toBe('cost $0.…');
    expect(padLine(line, 12)).toBe(line);
  });

  it('set two columns side by side, the left padded, the right cut, as many lines as the longer', () => {
    const left: StyledLine[] = [[{ text: 'Token Usage' }], [{ text: '● input 21,336' }]];
    const right: StyledLine[] = [[{ text: 'Cost Over Time' }]];
    expect(besideLines(left, right, 14, 2, 8).map(text)).toEqual(['Token Usage     Cost Ov…', '● input 21,336  ']);
  });

  it('flow groups into lines, never splitting one, a group wider than the line cut', () => {
    const groups: StyledLine[] = [[{ text: 'aaaa' }], [{ text: 'bbb' }], [{ text: 'cc' }], [{ text: 'dddddddddddd' }]];
    expect(flowLines(groups, 10).map(text)).toEqual(['aaaa  bbb', 'cc', 'ddddddddd…']);
    expect(flowLines(groups, 11).map(text)).toEqual(['aaaa  bbb', 'cc', 'dddddddddd…']);
    expect(flowLines(groups.slice(0, 3), 13).map(text)).toEqual(['aaaa  bbb  cc']);
    expect(flowLines([], 10)).toEqual([]);
  });
});
