import { describe, expect, it } from 'vitest';
import { sameData } from './same-data.js';

describe('sameData', () => {
  it.each([
    [{ a: 1, b: [1, 2, { c: 'x' }] }, { b: [1, 2, { c: 'x' }], a: 1 }, true],
    [{ a: 1 }, { a: 1, b: undefined }, false],
    [[1, 2], [1, 2, 3], false],
    [{ a: Number.NaN }, { a: Number.NaN }, true],
    [{ a: null }, { a: 0 }, false],
    [new Map([['k', { v: 1 }]]), new Map([['k', { v: 1 }]]), true],
    [new Map([['k', { v: 1 }]]), new Map([['k', { v: 2 }]]), false],
    [new Set(['a', 'b']), new Set(['b', 'a']), true],
    [new Set(['a']), new Set(['b']), false],
    [new Date(5), new Date(5), true],
    [[1], { 0: 1, length: 1 }, false],
  ])('%j and %j: %s', (a, b, expected) => {
    expect(sameData(a, b)).toBe(expected);
  });

  it('compares instances of other classes by identity', () => {
    class Box {
      constructor(readonly v: number) {}
    }
    const box = new Box(1);
    expect([sameData(new Box(1), new Box(1)), sameData(box, box)]).toEqual([false, true]);
  });
});
