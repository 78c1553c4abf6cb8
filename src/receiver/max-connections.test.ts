import { describe, expect, it } from 'vitest';
import { maxConnectionsFor } from './max-connections.js';

const limits = (soft: string, hard: string) =>
  `Limit                     Soft Limit           Hard Limit           Units     \nMax cpu time              unlimited            unlimited            seconds   \nMax open files            ${soft.padEnd(20)} ${hard.padEnd(20)} files     \n`;

describe('default max connections', () => {
  it.each([
    ['a 256-file limit leaves half for the database, transcripts and upstreams', limits('256', '256'), 128],
    ['a generous limit is capped', limits('20000', '20000'), 256],
    ['a tiny limit still allows a few', limits('20', '20'), 16],
    ['an unlimited one is capped', limits('unlimited', 'unlimited'), 256],
    ['no /proc (macOS): the cap', undefined, 256],
  ])('%s', (_name, text, expected) => {
    expect(maxConnectionsFor(text)).toBe(expected);
  });
});
