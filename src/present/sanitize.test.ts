import { describe, expect, it } from 'vitest';
import { fit, plainText } from './sanitize.js';

describe('plainText', () => {
  it.each([
    ['\u001b[31mred\u001b[0m', 'red'],
    ['title\u001b]0;pwned\u0007 after', 'title after'],
    ['clip\u001b]52;c;aGk=\u001b\\ board', 'clip board'],
    ['bell\u0007 and nul\u0000', 'bell and nul'],
    ['two\nlines\tand tab', 'two lines and tab'],
    ['c1 \u009b31m csi', 'c1 31m csi'],
    ['rtl \u202eevil', 'rtl evil'],
    ['\u001bcreset', 'reset'],
    [42, '42'],
    [null, ''],
  ])('%j → %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });
});

describe('fit', () => {
  it.each([
    ['hello', 10, 'hello'],
    ['hello world', 5, 'hell…'],
    ['héllo', 5, 'héllo'],
    ['x', 0, ''],
  ])('fit(%j, %i) = %j', (text, width, expected) => {
    expect(fit(text, width)).toBe(expected);
  });
});
