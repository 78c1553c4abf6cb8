import { describe, expect, it } from 'vitest';
import { formatCount, formatDuration, formatMs, formatOffset, formatPercent, formatShortTime, formatUsd, shortCommitId } from './format.js';

describe('format', () => {
  it.each([
    [null, 'unpriced'],
    [0, '$0.00'],
    // Below a cent, four decimals: a haiku request is not "$0.00".
    [0.0034, '$0.0034'],
    [0.007935000000000001, '$0.0079'],
    [0.006396000000000001, '$0.0064'],
    [0.01, '$0.01'],
    [0.178, '$0.18'],
    [2.5, '$2.50'],
    [999.99, '$999.99'],
    [1234.5, '$1,235'],
    [1_000_000, '$1,000,000'],
  ])('formatUsd(%j) is %s', (value, expected) => {
    expect(formatUsd(value)).toBe(expected);
  });

  it.each([
    [null, '—'],
    [0, '0'],
    [1.6, '2'],
    [22_434, '22,434'],
    [9_999_999, '9,999,999'],
    [10_000_000, '10.0M'],
    [123_456_789, '123.5M'],
  ])('formatCount(%j) is %s', (value, expected) => {
    expect(formatCount(value)).toBe(expected);
  });

  it.each([
    [0, '0s'],
    [14_000, '14s'],
    [59_499, '59s'],
    [59_500, '1m00s'],
    [185_000, '3m05s'],
    [3_599_000, '59m59s'],
    [3_600_000, '1h00m'],
    [3_661_000, '1h01m'],
  ])('formatDuration(%i) is %s', (ms, expected) => {
    expect(formatDuration(ms)).toBe(expected);
  });

  it.each([
    [null, '—'],
    [0, '0ms'],
    [84, '84ms'],
    [126.4, '126ms'],
    [1_234, '1.2s'],
    [59_000, '59.0s'],
    [60_000, '1m00s'],
    [185_000, '3m05s'],
    [3_600_000, '1h00m'],
  ])('formatMs(%j) is %s', (ms, expected) => {
    expect(formatMs(ms)).toBe(expected);
  });

  it.each([
    [0, '+0.00s'],
    [80, '+0.08s'],
    [12_400, '+12.40s'],
    [59_999, '+60.00s'],
    [60_000, '+1m00s'],
    [185_000, '+3m05s'],
    [-50, '-0.05s'],
  ])('formatOffset(%i) is %s', (ms, expected) => {
    expect(formatOffset(ms)).toBe(expected);
  });

  it.each([
    [null, '—'],
    [0, '0.0%'],
    [0.804, '80.4%'],
    [1, '100.0%'],
  ])('formatPercent(%j) is %s', (ratio, expected) => {
    expect(formatPercent(ratio)).toBe(expected);
  });

  it('shows a time as month-day hour:minute in the local zone (UTC under test)', () => {
    expect(process.env['TZ']).toBe('UTC');
    expect(formatShortTime('2026-11-25T14:37:26.292Z')).toBe('11-25 14:37');
    expect(formatShortTime('2026-01-02T03:04:59.999Z')).toBe('01-02 03:04');
  });

  it('abbreviates a commit to seven hex digits, as git does', () => {
    expect(shortCommitId('64c0e33a1f85b63ee0cfd11cfa11db0e14772aea')).toBe('64c0e33');
  });
});
