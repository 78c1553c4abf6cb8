import { describe, expect, it } from 'vitest';
import { barList } from './bar-list.js';
import { lineWidth, type StyledLine } from './styled-line.js';

const text = (line: StyledLine) => line.map((s) => s.text).join('');

describe('bar list', () => {
  it('draws bars in proportion to the largest, names and figures aligned, exactly the width', () => {
    const lines = barList(
      [
        { name: 'Write', value: 4 },
        { name: 'Bash', value: 2 },
        { name: 'Read', value: 1_000, display: '$1,000' },
      ],
      30,
      'none',
    );
    // 17 cells of bar: 4 and 2 of 1,000 round to none, but a value that is not 0 gets one cell.
    expect(lines.map(text)).toEqual(['Write █                      4', 'Bash  █                      2', 'Read  █████████████████ $1,000']);
    expect(lines.map(lineWidth)).toEqual([30, 30, 30]);
  });

  it('gives 0 no cell, and all-zero values no bars', () => {
    expect(
      barList(
        [
          { name: 'accept', value: 10 },
          { name: 'reject', value: 0 },
        ],
        20,
        '',
      ).map(text),
    ).toEqual(['accept ██████████ 10', 'reject             0']);
    expect(barList([{ name: 'a', value: 0 }], 10, '').map(text)).toEqual(['a        0']);
  });

  it('keeps names to 40 % of the width, cut with "…", and strips escapes from them', () => {
    const [line] = barList([{ name: 'mcp__a_very_long_server_name__tool', value: 1 }], 30, '');
    expect(text(line!)).toBe(`mcp__a_very… ${'█'.repeat(15)} 1`);
    expect(text(barList([{ name: 'x\u001b[31my', value: 1 }], 20, '')[0]!)).not.toContain('\u001b');
  });

  it('says the empty text when there is nothing to show', () => {
    expect(barList([], 30, 'no tool calls').map(text)).toEqual(['no tool calls']);
  });
});
