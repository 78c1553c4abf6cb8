import { describe, expect, it } from 'vitest';
import { lineChart, resample } from './line-chart.js';
import { lineWidth } from './styled-line.js';

describe('resample', () => {
  it.each([
    { values: [6, 0, 0], columns: 6, expected: [6, 6, 0, 0, 0, 0] },
    { values: [1, 3, 5, 7], columns: 2, expected: [2, 6] },
    { values: [4, 4, 4, 4, 4], columns: 3, expected: [4, 4, 4] },
    { values: [], columns: 3, expected: [] },
  ])('$values into $columns columns', ({ values, columns, expected }) => {
    expect(resample(values, columns)).toEqual(expected);
  });
});

describe('lineChart', () => {
  const chart = (width: number, values: number[][]) =>
    lineChart({
      series: values.map((v, i) => ({ values: v, color: ['red', 'blue'][i] })),
      startMs: Date.parse('2026-11-25T14:00:00Z'),
      bucketMs: 60_000,
      width,
      rows: 5,
      label: (v) => v.toFixed(1),
    });

  it.each([40, 59, 80, 120])('fills exactly %i columns with the plot rows and a time axis', (width) => {
    const lines = chart(width, [
      [0, 3, 9, 2, 0, 0, 1, 5],
      [1, 1, 1, 0, 0, 2, 2, 2],
    ]);
    expect(lines).toHaveLength(6);
    expect(lines.map(lineWidth)).toEqual([width, width, width, width, width, width]);
    expect(
      lines
        .flat()
        .map((s) => s.text)
        .join(''),
    ).not.toMatch(/[\u001b\ue000-\ue0ff]/);
  });

  it('colours each plotted cell by its series, through segments', () => {
    const lines = chart(30, [
      [0, 9, 9],
      [0, 0, 0],
    ]);
    expect(lines[0]?.some((s) => s.color === 'red' && s.text.includes('─'))).toBe(true);
    expect(lines[4]?.some((s) => s.color === 'blue' && s.text.includes('─'))).toBe(true);
  });

  it('draws a flat line for all zeros', () => {
    const lines = chart(30, [[0, 0, 0]]);
    expect(lines).toHaveLength(6);
    expect(lines[4]?.map((s) => s.text).join('')).toMatch(/┼─+$/);
  });
});
