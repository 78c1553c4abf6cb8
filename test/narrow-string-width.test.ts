// The bundle's fast path in front of string-width (scripts/narrow-string-width.mjs) must say exactly
// what string-width says, for each character it accepts, alone and in a row, against both versions
// the bundle holds (Ink's 8, and wrap-ansi's own 7); and it must leave everything else to them.
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs of the build scripts, without types
import { narrowRanges, narrowWidth } from '../scripts/narrow-string-width.mjs';

const require = createRequire(import.meta.url);
type StringWidth = (text: string, options?: object) => number;
const load = async (entry: string) => ((await import(pathToFileURL(entry).href)) as { default: StringWidth }).default;
const versions: [string, StringWidth][] = [
  ['string-width (Ink)', await load(require.resolve('string-width'))],
  ['string-width (wrap-ansi)', await load(path.join(path.dirname(require.resolve('wrap-ansi')), 'node_modules', 'string-width', 'index.js'))],
];
const narrow = narrowWidth as (text: unknown, options?: object) => number | undefined;
const accepted = (narrowRanges as [number, number][]).flatMap(([first, last]) =>
  Array.from({ length: last - first + 1 }, (_, i) => String.fromCharCode(first + i)),
);

describe('the narrow fast path of string-width', () => {
  it.each(versions)('says what %s says for each character it accepts: alone, in a row, in colour and bold', (_name, stringWidth) => {
    const inBold = (c: string) => `\u001b[1m${c}\u001b[22m \u001b[38;5;208m${c}\u001b[39m`;
    const disagreements = accepted.filter(
      (c) => narrow(c) !== stringWidth(c) || narrow(`a${c}${c}`) !== stringWidth(`a${c}${c}`) || narrow(inBold(c)) !== stringWidth(inBold(c)),
    );
    expect({ checked: accepted.length > 1000, disagreements: disagreements.map((c) => `U+${c.charCodeAt(0).toString(16)}`) }).toEqual({
      checked: true,
      disagreements: [],
    });
  });

  it.each([
    ['an emoji', 'cost 😀'],
    ['CJK', '世界'],
    ['a combining mark', 'e\u0301'],
    ['a link', '\u001b]8;;https://example.com\u0007link\u001b]8;;\u0007'],
    ['an escape sequence that is not a style', 'a\u001b[2Kb'],
    ['a tab', 'a\tb'],
    ['a soft hyphen', 'co\u00adst'],
    ['a wide shape', 'ok \u25fd'],
    ['a sign one string-width draws as an emoji', '(c) \u00a9'],
  ])('leaves %s to string-width', (_name, text) => {
    expect(narrow(text)).toBeUndefined();
  });

  it('leaves options it does not follow to string-width', () => {
    expect([narrow('→', { ambiguousIsNarrow: false }), narrow('abc', { countAnsiEscapeCodes: true }), narrow('abc', {})]).toEqual([undefined, undefined, 3]);
  });
});
