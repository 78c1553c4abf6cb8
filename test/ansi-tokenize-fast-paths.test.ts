// The bundle's fast paths in Ink's per-frame text steps (scripts/ansi-tokenize-fast-paths.mjs) must
// give exactly what @alcalzone/ansi-tokenize gives: the patched and the original functions run on the
// same lines as Ink draws them (runs of one style, colours, bold, inverse, resets, links, blanks,
// wide and combining characters) and on the cells made from them.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs of the build scripts, without types
import { patchStyledChars, patchTokenize } from '../scripts/ansi-tokenize-fast-paths.mjs';

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
const repoRoot = path.join(path.dirname(new URL(import.meta.url).pathname), '..');
// The patched files in a temp folder, their relative imports pointed back at the library's own.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ansi-tokenize-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
async function patched<T>(file: string, patch: (source: string) => string): Promise<T> {
  const source = fs
    .readFileSync(path.join(build, file), 'utf8')
    .replace(/^\/\/# sourceMappingURL=.*$/m, '')
    .replace(/from "\.\/([\w.]+)"/g, (_m, name: string) => `from ${JSON.stringify(pathToFileURL(path.join(build, name)).href)}`)
    .replace(/from "([\w-]+)"/g, (_m, name: string) => `from ${JSON.stringify(pathToFileURL(createRequire(path.join(build, file)).resolve(name)).href)}`);
  fs.writeFileSync(path.join(dir, `${file}.mjs`), patch(source));
  return (await import(pathToFileURL(path.join(dir, `${file}.mjs`)).href)) as T;
}
const fast = {
  ...(await patched<Pick<Library, 'styledCharsToString'>>('styledChars.js', patchStyledChars as (s: string) => string)),
  ...(await patched<Pick<Library, 'tokenize'>>('tokenize.js', (s) =>
    (patchTokenize as (s: string, p: string) => string)(s, pathToFileURL(path.join(repoRoot, 'scripts', 'narrow-string-width.mjs')).href),
  )),
};

const esc = (codes: string) => `\u001b[${codes}m`;
const lines = [
  'plain text and blanks      ',
  `${esc('1')}bold${esc('22')} then plain, ${esc('7')}inverse ${esc('27')}after`,
  `${esc('31')}red${esc('39')}${esc('32')}green${esc('39')} ${esc('38;5;208')}orange ${esc('1')}bold orange${esc('22')}${esc('39')}`,
  `${esc('2')}dim ${esc('1')}dim and bold${esc('22')} none`,
  `${esc('1')}${esc('31')}red bold${esc('0')} reset ${esc('44')}blue ground${esc('49')}`,
  `█████ ${esc('1')} 4,122${esc('22')}  ╭─╮ ● · — … ▼`,
  `${esc('3')}${esc('4')}italic underline${esc('24')}${esc('23')}`,
  '\u001b]8;;https://example.com\u0007a link\u001b]8;;\u0007 after',
  `cost ${esc('1')}😀 世界${esc('22')} e\u0301 (c)\u00a9`,
  '',
];
// Cells as Ink's grid holds them: a line's characters, and blank cells (no style) around them.
const blank = () => ({ type: 'char', value: ' ', fullWidth: false, styles: [] });
const rows: Chars[] = lines.flatMap((line) => {
  const chars = library.styledCharsFromTokens(library.tokenize(line));
  return [chars, [blank(), ...chars, blank(), blank()], [...chars, ...chars]];
});

describe("the fast paths in Ink's frame steps", () => {
  it.each(lines.map((l, i) => [i, l] as const))('tokenize gives what the library gives (line %i)', (_i, line) => {
    expect(fast.tokenize(line)).toEqual(library.tokenize(line));
  });

  it.each(rows.map((r, i) => [i, r] as const))('styledCharsToString writes what the library writes (row %i)', (_i, chars) => {
    expect(fast.styledCharsToString(chars)).toBe(library.styledCharsToString(chars));
  });

  it('refuses a source it was not written for', () => {
    expect(() => patchStyledChars('export function styledCharsToString() {}')).toThrow(/not the one/);
    expect(() => patchTokenize('export function tokenize() {}')).toThrow(/not the one/);
  });
});
