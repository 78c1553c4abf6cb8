import { describe, expect, it } from 'vitest';
import { combineLines } from './wrap.js';

describe('ours and theirs', () => {
  it.each([
    ['', 'ours'],
    ['\n', 'ours'],
    ['theirs', 'ours │ theirs'],
    ['theirs\n', 'ours │ theirs'],
    ['one\r\ntwo\n', 'ours │ one\ntwo'],
    ['\nsecond', 'ours\nsecond'],
  ])('%j', (theirs, expected) => {
    expect(combineLines('ours', theirs)).toBe(expected);
  });
});
