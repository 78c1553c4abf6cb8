import { describe, expect, it } from 'vitest';
import { toCsv } from './csv.js';

const row = (...cells: unknown[]) => toCsv(['a'], [cells]).split('\n').slice(1).join('\n');

describe('CSV cells', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"\n`],
    ['+1+cmd|calc', "'+1+cmd|calc\n"],
    ['-2+3', "'-2+3\n"],
    ['@SUM(A1)', "'@SUM(A1)\n"],
    ['\t=1', "'\t=1\n"],
    ['\r=1', `"'\n=1"\n`],
    // Stripping comes first: an invisible character cannot hide a formula from the check.
    ['\u200b=1+1', "'=1+1\n"],
    ['\u001b[31m=1', "'=1\n"],
  ])('a text cell %j that a spreadsheet would run is quoted', (value, expected) => {
    expect(row(value)).toBe(expected);
  });

  it('leaves numbers, also negative ones, as numbers', () => {
    expect(row(-1.5, 0, 42)).toBe('-1.5,0,42\n');
  });

  it('removes escape sequences, controls and invisible characters, and keeps the rest exact', () => {
    const hostile = 'title\u001b]0;pwned\u0007 clip\u001b]52;c;aGk=\u0007 reset\u001bc clear\u001b[2J c1\u009b2J rlo\u202e zw\u200b tag\u{e0041} ok';
    expect(row(hostile)).toBe('title clip reset clear c1 rlo zw tag ok\n');
    expect(row('héllo, 世界 "quoted" $1.50 😀')).toBe('"héllo, 世界 ""quoted"" $1.50 😀"\n');
  });

  it('keeps line breaks inside the quoted cell, as \\n only, and tabs', () => {
    expect(row('one\r\ntwo\rthree\u2028four\tfive')).toBe('"one\ntwo\nthree\nfour\tfive"\n');
  });

  it('writes empty cells for null and undefined', () => {
    expect(row(null, undefined, '')).toBe(',,\n');
  });
});
