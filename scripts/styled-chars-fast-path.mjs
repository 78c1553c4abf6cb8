// A fast path for Ink's last step of every frame, given to the bundle (bundle.mjs): Ink turns its grid
// of styled characters (the whole terminal, 4,800 cells at 120×40) into text with
// @alcalzone/ansi-tokenize's styledCharsToString, which works out the escape codes between each two
// neighbouring cells by building three Sets and several arrays, even when the two have the same
// style, as nearly all do (runs of text, and the blank cells around them). Between cells of the same
// style that difference is empty, so it is skipped; everything else is computed as before.
// test/styled-chars-fast-path.test.ts runs the patched and the original function on the same cells.

const original = `        else {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }`;
const patched = `        else if (!sameStyles(chars[i - 1].styles, char.styles)) {
            ret += ansiCodesToString(diffAnsiCodes(chars[i - 1].styles, char.styles));
        }`;
const originalEnd = `        if (i === chars.length - 1) {`;
const patchedEnd = `        if (i === chars.length - 1 && char.styles.length > 0) {`;
const helper = `
function sameStyles(a, b) {
    if (a === b) return true;
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i].code !== b[i].code || a[i].endCode !== b[i].endCode) return false;
    return true;
}
`;

/** build/styledChars.js of @alcalzone/ansi-tokenize, with the fast path; throws if its source is not the one this was written for. */
export function patchStyledChars(source) {
  if (!source.includes(original) || !source.includes(originalEnd)) {
    throw new Error('@alcalzone/ansi-tokenize: styledCharsToString is not the one styled-chars-fast-path.mjs patches; update the patch or drop it');
  }
  return `${source.replace(original, patched).replace(originalEnd, patchedEnd)}${helper}`;
}

/** The esbuild plugin. */
export const styledCharsFastPath = {
  name: 'styled-chars-fast-path',
  setup(build) {
    build.onLoad({ filter: /[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]styledChars\.js$/ }, async (args) => {
      const fs = await import('node:fs');
      return { contents: patchStyledChars(fs.readFileSync(args.path, 'utf8')), loader: 'js' };
    });
  },
};
