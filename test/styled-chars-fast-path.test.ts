// The bundle's fast path in Ink's frame-to-text step (scripts/styled-chars-fast-path.mjs) must write
// exactly what @alcalzone/ansi-tokenize writes: both run on the same styled cells, made by the
// library's own tokenizer from lines as Ink draws them (runs of one style, colours, bold, inverse,
// resets, blanks).
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs of the build scripts, without types
import { patchStyledChars } from '../scripts/styled-chars-fast-path.mjs';

type Chars = { styles: unknown[] }[];
interface Library {
  tokenize(text: string): unknown[];
  styledCharsFromTokens(tokens: unknown[]): Chars;
  styledCharsToString(chars: Chars): string;
}

const require = createRequire(import.meta.url);
// It exports only for import: its build folder from its package.json.
const build = path.join(path.dirname(require.resolve('@alcalzone/ansi-tokenize/package.json')), 'build');
const library = (await import(pathToFileURL(path.join(build, 'index.js')).href)) as Library;
// The patched file beside copies of its imports, so its relative imports resolve the same way.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'styled-chars-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const source = fs.readFileSync(path.join(build, 'styledChars.js'), 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '').replace(/from "\.\/([\w.]+)"/g, (_m, file: string) => `from ${JSON.stringify(pathToFileURL(path.join(build, file)).href)}`);
fs.writeFileSync(path.join(dir, 'styledChars.mjs'), patchStyledChars(source) as string);
const patched = (await import(pathToFileURL(path.join(dir, 'styledChars.mjs')).href)) as Pick<Library, 'styledCharsToString'>;

const esc = (codes: string) => `\u001b[${codes}m`;
const lines = [
  'plain text and blanks      ',
  `${esc('1')}bold${esc('22')} then plain, ${esc('7')}inverse ${esc('27')}after`,
  `${esc('31')}red${esc('39')}${esc('32')}green${esc('39')} ${esc('38;5;208')}orange ${esc('1')}bold orange${esc('22')}${esc('39')}`,
  `${esc('2')}dim ${esc('1')}dim and bold${esc('22')} none`,
  `${esc('1')}${esc('31')}red bold${esc('0')} reset ${esc('44')}blue ground${esc('49')}`,
  `█████ ${esc('1')} 4,122${esc('22')}  ╭─╮ ● · — …`,
  `${esc('3')}${esc('4')}italic underline${esc('24')}${esc('23')}`,
  '',
];
// Cells as Ink's grid holds them: a line's characters, and blank cells (no style) around them.
const blank = () => ({ type: 'char', value: ' ', fullWidth: false, styles: [] });
const rows: Chars[] = lines.flatMap((line) => {
  const chars = library.styledCharsFromTokens(library.tokenize(line));
  return [chars, [blank(), ...chars, blank(), blank()], [...chars, ...chars]];
});

describe("the fast path in Ink's frame-to-text step", () => {
  it.each(rows.map((r, i) => [i, r] as const))('writes what the library writes (row %i)', (_i, chars) => {
    expect(patched.styledCharsToString(chars)).toBe(library.styledCharsToString(chars));
  });

  it('refuses a source it was not written for', () => {
    expect(() => patchStyledChars('export function styledCharsToString() {}')).toThrow(/not the one/);
  });
});
