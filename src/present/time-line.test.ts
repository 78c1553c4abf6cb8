import { describe, expect, it } from 'vitest';
import { timeLineText, timePhrases } from './time-line.js';

const known = { modelMs: 778, ttftMs: 358, toolMs: 123, waitingOnUserMs: 50, hooksMs: 341 };

describe('time line', () => {
  it('says where the time went, long and short (80 columns)', () => {
    expect(timeLineText(known)).toBe('model 778ms (first token 358ms) · tools 123ms · waiting on you 50ms · hooks 341ms');
    expect(
      timePhrases(known, true)
        .map((p) => p.text)
        .join(''),
    ).toBe('model 778ms (ttft 358ms) · tools 123ms · waiting 50ms · hooks 341ms');
  });

  it('says "—" for what is unknown (no traces, no hook events), never 0', () => {
    expect(timeLineText({ modelMs: 84, ttftMs: null, toolMs: 0, waitingOnUserMs: null, hooksMs: null })).toBe(
      'model 84ms (first token —) · tools 0ms · waiting on you — · hooks —',
    );
  });

  it('marks a known wait on the person, and only a known one', () => {
    const tone = (waitingOnUserMs: number | null) =>
      timePhrases({ ...known, waitingOnUserMs }).find((p, i, all) => all[i - 1]?.text === ' · waiting on you ')?.tone;
    expect(tone(50)).toBe('warn');
    expect(tone(null)).toBeUndefined();
  });
});
