// Fast paths in the two steps of each frame that Ink leaves to @alcalzone/ansi-tokenize, given to the
// bundle (bundle.mjs). Ink tokenizes every line it draws and, at the end, turns its grid of styled
// characters (the whole terminal, 4,800 cells at 120×40) back into text.
// - tokenize walks each line by grapheme with an Intl.Segmenter. For text made only of one-column
//   characters and style sequences (narrow-string-width.mjs says which), every code unit is a
//   grapheme of its own, so it walks the code units instead; other text takes the segmenter.
// - styledCharsToString works out the escape codes between each two neighbouring cells by building
//   three Sets and several arrays, even when the two have the same style, as nearly all do (runs of
//   text, and the blank cells around them). Between cells of the same style that difference is
//   empty, so it is skipped, and so is the reset after an unstyled last cell.
// Each patch refuses a source it was not written for; test/ansi-tokenize-fast-paths.test.ts runs the
// patched and the original functions on the same lines and cells.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';

const narrowWidth = fileURLToPath(new URL('./narrow-string-width.mjs', import.meta.url));

function replaceOnce(source, from, to, what) {
  if (!source.includes(from))
    throw new Error(`@alcalzone/ansi-tokenize: ${what} is not the one ansi-tokenize-fast-paths.mjs patches; update the patch or drop it`);
  return source.replace(from, to);
}

/** build/tokenize.js, walking narrow lines by code unit; `narrowWidthPath` is where narrow-string-width.mjs is. */
export function patchTokenize(source, narrowWidthPath = narrowWidth) {
  const walk = replaceOnce(
    source,
    'for (const { segment, index } of segmenter.segment(str)) {',
    'for (const { segment, index } of segmentsOf(str)) {',
    'tokenize',
  );
  return `${walk}
import { narrowWidth as __narrowWidth } from ${JSON.stringify(narrowWidthPath)};
function segmentsOf(str) {
    if (__narrowWidth(str) === undefined) return segmenter.segment(str);
    const segments = new Array(str.length);
    for (let index = 0; index < str.length; index++) segments[index] = { segment: str[index], index };
    return segments;
}
`;
}

/** build/styledChars.js, skipping the difference between cells of the same style. */
export function patchStyledChars(source) {
  const between = replaceOnce(
    source,
    `        else {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }`,
    `        else if (!sameStyles(chars[i - 1].styles, char.styles)) {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }`,
    'styledCharsToString',
  );
  const end = replaceOnce(
    between,
    '        if (i === chars.length - 1) {',
    '        if (i === chars.length - 1 && char.styles.length > 0) {',
    'styledCharsToString',
  );
  return `${end}
function sameStyles(a, b) {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
    return true;
}
`;
}

/** The esbuild plugin. */
export const ansiTokenizeFastPaths = {
  name: 'ansi-tokenize-fast-paths',
  setup(build) {
    build.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/](tokenize|styledChars)\.js$/ }, (args) => {
      const source = fs.readFileSync(args.path, 'utf8');
      return { contents: args.path.endsWith('tokenize.js') ? patchTokenize(source) : patchStyledChars(source), loader: 'js' };
    });
  },
};
