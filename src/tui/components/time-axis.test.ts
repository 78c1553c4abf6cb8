import { describe, expect, it } from 'vitest';
import { lineWidth } from './styled-line.js';
import { axisLabel, barSegments, scaleText, timeAxis } from './time-axis.js';

const text = (segments: readonly { text: string }[]) => segments.map((s) => s.text).join('');
const model = { glyph: '█', role: 'model' } as const;

describe('time axis', () => {
  it.each([
    [0, '0'],
    [5, '5ms'],
    [250, '250ms'],
    [1000, '1s'],
    [1500, '1.5s'],
    [60_000, '1m'],
    [90_000, '1m30s'],
    [3_600_000, '1h'],
    [5_400_000, '1h30m'],
  ])('labels %i ms "%s"', (ms, label) => {
    expect(axisLabel(ms)).toBe(label);
  });

  it.each([
    // The subagent turn (1.58 s) at 80 and 120 columns, a short turn, a long one.
    [1581, 48, 250],
    [1581, 76, 200],
    [131, 48, 20],
    [20 * 60_000, 48, 300_000],
    [8 * 3_600_000, 48, 3_600_000],
  ])('picks a step for %i ms over %i columns: %i ms', (spanMs, columns, stepMs) => {
    expect(timeAxis(spanMs, columns).stepMs).toBe(stepMs);
  });

  it('draws the scale exactly as wide as the columns, a tick and its label per step', () => {
    expect(scaleText(timeAxis(1581, 48))).toBe('|0     |250ms  |500ms |750ms  |1s    |1.25s  |  ');
    expect([...scaleText(timeAxis(1581, 48))]).toHaveLength(48);
    expect(scaleText(timeAxis(1000, 14))).toBe('|0     |500ms ');
  });

  it('leaves out a label that would not fit before the right edge, rather than cut it or widen the line', () => {
    expect(scaleText({ spanMs: 1000, columns: 16, stepMs: 400 })).toBe('|0    |400ms|   ');
  });

  it('survives a zero span and a single column', () => {
    expect(timeAxis(0, 0)).toMatchObject({ spanMs: 1, columns: 1 });
    expect(scaleText(timeAxis(0, 0))).toBe('|');
    expect(text(barSegments(timeAxis(0, 0), 0, 0, [], model))).toBe('█');
  });
});

describe('bars on the axis', () => {
  const axis = timeAxis(1000, 20);

  it('places a bar by its start and end, blank around it, exactly the axis wide', () => {
    const segments = barSegments(axis, 250, 500, [], model);
    expect(text(segments)).toBe('     █████          ');
    expect(segments[1]).toEqual({ text: '█████', role: 'model' });
  });

  it('gives a bar too short for a cell one cell, never none', () => {
    expect(text(barSegments(axis, 500, 501, [], model))).toBe('          █         ');
    expect(text(barSegments(axis, 1000, 1000, [], model))).toBe('                   █');
  });

  it('tells the parts apart: time to first token, then the stream', () => {
    const segments = barSegments(axis, 0, 500, [{ fromMs: 0, toMs: 200, glyph: '▒', role: 'model' }], model);
    expect(text(segments)).toBe('▒▒▒▒██████          ');
  });

  it("a tool: the permission wait, a gap (the tool's own time), the run", () => {
    const parts = [
      { fromMs: 100, toMs: 300, glyph: '░', role: 'wait' },
      { fromMs: 400, toMs: 600, glyph: '█', role: 'tool' },
    ] as const;
    const segments = barSegments(axis, 100, 650, parts, { glyph: '─', role: 'muted' });
    expect(text(segments)).toBe('  ░░░░──████─       ');
    expect(segments.map((s) => s.role)).toEqual([undefined, 'wait', 'muted', 'tool', 'muted', undefined]);
  });

  it('gives a cell shared half and half to the earlier part, and any part a tie with the rest', () => {
    const parts = [
      { fromMs: 0, toMs: 25, glyph: '░', role: 'wait' },
      { fromMs: 25, toMs: 50, glyph: '█', role: 'tool' },
    ] as const;
    expect(text(barSegments(axis, 0, 50, parts, { glyph: '─', role: 'muted' }))).toBe('░                   ');
    expect(text(barSegments(axis, 0, 50, [{ fromMs: 25, toMs: 50, glyph: '█', role: 'tool' }], { glyph: '─', role: 'muted' }))).toBe('█                   ');
  });

  it('clips a bar that runs past the axis at its right edge', () => {
    const segments = barSegments(axis, 900, 1400, [], model);
    expect(text(segments)).toBe('                  ██');
    expect(lineWidth(segments)).toBe(20);
  });
});
