import { describe, expect, it } from 'vitest';
import { fit, jsonText, plainLines, plainText } from './sanitize.js';

const cp = (code: number) => String.fromCodePoint(code);

describe('plainText', () => {
  it.each([
    ['\u001b[31mred\u001b[0m', 'red'],
    ['title\u001b]0;pwned\u0007 after', 'title after'],
    ['clip\u001b]52;c;aGk=\u001b\\ board', 'clip board'],
    ['clear\u001b[2J\u001b[H screen', 'clear screen'],
    ['bell\u0007 and nul\u0000', 'bell and nul'],
    ['two\nlines\tand tab', 'two lines and tab'],
    ['a run\r\n\n\tof breaks', 'a run of breaks'],
    ['over\rwrite', 'over write'],
    ['c1 \u009b31m csi', 'c1  csi'],
    ['8-bit osc \u009d0;pwned\u0007title', '8-bit osc title'],
    ['8-bit dcs \u0090q#0\u009c end', '8-bit dcs  end'],
    ['nel\u0085line', 'nel line'],
    ['lone c1 \u0085\u0080\u009f\u007f', 'lone c1  '],
    ['rtl \u202eevil', 'rtl evil'],
    ['\u001bcreset', 'reset'],
    [42, '42'],
    [null, ''],
    [undefined, ''],
  ])('%j → %j', (input, expected) => {
    expect(plainText(input)).toBe(expected);
  });

  it('turns line and paragraph separators into spaces, like line breaks', () => {
    expect(plainText('one\u2028two\u2029three')).toBe('one two three');
  });

  // Each class, every code point of it: nothing of it is left.
  const classes: Record<string, number[]> = {
    'zero-width space, non-joiner, joiner (U+200B–D)': [0x200b, 0x200c, 0x200d],
    'BiDi marks, embeddings, overrides, isolates': [0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069, 0x061c],
    'byte order mark / zero-width no-break space (U+FEFF)': [0xfeff],
    'word joiner and invisible operators (U+2060–4)': [0x2060, 0x2061, 0x2062, 0x2063, 0x2064],
    'Mongolian vowel separator (U+180E)': [0x180e],
    'interlinear annotations (U+FFF9–B)': [0xfff9, 0xfffa, 0xfffb],
    'tag characters (U+E0000–7F)': [0xe0001, ...Array.from({ length: 0x60 }, (_, i) => 0xe0020 + i)],
    'variation selectors, also the supplement used to hide text': [0xfe00, 0xfe0f, 0xe0100, 0xe01ef],
    'Hangul fillers, soft hyphen, combining grapheme joiner': [0x3164, 0xffa0, 0x115f, 0x1160, 0x00ad, 0x034f],
    // Tab and line breaks become spaces; ESC and the 8-bit sequence introducers take what follows (above).
    'C0 controls and DEL': [...Array.from({ length: 0x20 }, (_, i) => i).filter((c) => ![0x09, 0x0a, 0x0d, 0x1b].includes(c)), 0x7f],
    'C1 controls': Array.from({ length: 0x20 }, (_, i) => 0x80 + i).filter((c) => ![0x85, 0x90, 0x98, 0x9b, 0x9d, 0x9e, 0x9f].includes(c)),
  };
  it.each(Object.entries(classes))('removes %s', (_name, codes) => {
    for (const code of codes) expect(plainText(`a${cp(code)}b`), `U+${code.toString(16).toUpperCase()}`).toBe('ab');
  });

  it("removes every format and default-ignorable character in Node's Unicode data (the quick look misses none)", () => {
    const property = /^[\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
    const missed: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (property.test(cp(code)) && plainText(`a${cp(code)}b`) !== 'ab') missed.push(`U+${code.toString(16).toUpperCase()}`);
    }
    expect(missed).toEqual([]);
  });

  it('removes lone surrogates but keeps whole astral characters', () => {
    expect(plainText('a\ud800b\udc00c')).toBe('abc');
    expect(plainText('smile 😀 ok')).toBe('smile 😀 ok');
  });

  it('keeps ordinary text of every script exactly', () => {
    const text = 'héllo 世界 مرحبا שלום Привет ñ € — · … "quoted" \'single\' $1.50 =not-a-formula';
    expect(plainText(text)).toBe(text);
  });

  it('never lets an ESC through, however the sequence is cut or nested', () => {
    for (const input of ['\u001b', '\u001b[', '\u001b]0;x', '\u001b\u001b[2J', '\u200b\u001b[2J', '\u001b\u200b[2J', 'x\u001bP1;2|x']) {
      expect(plainText(input)).not.toMatch(/[\u001b\u009b\u200b]/);
    }
  });
});

describe('plainLines', () => {
  it('keeps line breaks as \\n and tabs, and strips the rest as plainText does', () => {
    expect(plainLines('a\tb\r\nc\rd\u2028e\u2029f\u0085g\n')).toBe('a\tb\nc\nd\ne\nf\ng\n');
    expect(plainLines('x\u001b]0;t\u0007\u202e\u200by\u009b2J')).toBe('xy');
  });

  it('cleans a line that follows a line feed or a tab, for every control and invisible code point (its quick look misses none)', () => {
    const unsafe = /^[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
    const missed: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (!unsafe.test(cp(code)) || code === 0x0d || code === 0x85) continue;
      // An escape introducer takes what follows with it (ESC c resets a terminal), so only the start is fixed.
      const out = plainLines(`a\n\tb${cp(code)}c`);
      if (out.includes(cp(code)) || !out.startsWith('a\n\tb')) missed.push(`U+${code.toString(16).toUpperCase()}`);
    }
    expect(missed).toEqual([]);
  });
});

describe('jsonText', () => {
  const hostile = `esc\u001b[2J c1\u009b del\u007f ls\u2028ps\u2029 rlo\u202e zw\u200b bom\ufeff tag${cp(0xe0041)} lone\ud800`;

  it('is exact: it parses back to the same value', () => {
    expect(JSON.parse(jsonText({ hostile, n: 1, list: [hostile] }, 2))).toEqual({ hostile, n: 1, list: [hostile] });
  });

  it('holds no raw control, separator or invisible character', () => {
    const json = jsonText({ hostile }, 2);
    expect(json).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/u);
    expect(json).toContain('\\u009b');
    expect(json).toContain('\\u202e');
    expect(json).toContain('\\udb40\\udc41');
  });

  it('escapes every control, separator and invisible code point (its quick look misses none)', () => {
    const unsafe = /^[\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}]$/u;
    const missed: string[] = [];
    for (let code = 0; code <= 0x10ffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      if (unsafe.test(cp(code)) && jsonText({ a: [`x${cp(code)}`] }, 2).includes(cp(code))) missed.push(`U+${code.toString(16).toUpperCase()}`);
    }
    expect(missed).toEqual([]);
  });

  it('writes what JSON.stringify writes when there is nothing to escape', () => {
    const value = { a: 'héllo 世界 😀', b: [1, null, true] };
    expect(jsonText(value, 2)).toBe(JSON.stringify(value, null, 2));
    expect(jsonText(undefined)).toBe('null');
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
