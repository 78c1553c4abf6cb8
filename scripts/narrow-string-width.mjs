// string-width's answer for text made only of characters one column wide each: ASCII, Latin-1 and
// Latin Extended-A letters, punctuation, arrows, maths, box drawing, blocks, shapes and braille (what
// the dashboard draws), with the colour and weight sequences (SGR) that Ink writes around them. The
// bundle (bundle.mjs) puts this in front of every string-width: for such text it counts code units
// outside the SGR sequences; for anything else (an emoji, CJK, a combining mark, another escape
// sequence) it says undefined and the real string-width answers. The real one builds a Unicode emoji regex and
// an Intl.Segmenter when it loads, and runs both on every character: tens of milliseconds before the
// first frame, and a large part of each frame's cost. test/narrow-string-width.test.ts checks every
// character this accepts against both versions of string-width the bundle holds.

/** [first, last] code points, inclusive, sorted; each is one column wide, alone or in a row. */
const narrowRanges = [
  [0x20, 0x7e],
  [0xa0, 0xa8],
  [0xaa, 0xac],
  [0xaf, 0x17f],
  [0x2010, 0x2027],
  [0x2030, 0x203b],
  [0x203d, 0x2048],
  [0x204a, 0x205e],
  [0x20a0, 0x20c0],
  [0x2190, 0x2193],
  [0x219a, 0x21a8],
  [0x21ab, 0x21ff],
  [0x2200, 0x22ff],
  [0x2500, 0x25a9],
  [0x25ac, 0x25b5],
  [0x25b7, 0x25bf],
  [0x25c1, 0x25fa],
  [0x2800, 0x28ff],
];

function isNarrow(code) {
  if (code <= 0x7e) return code >= 0x20;
  for (const [first, last] of narrowRanges) {
    if (code < first) return false;
    if (code <= last) return true;
  }
  return false;
}

const sgr = /\u001b\[[\d;]*m/g;
const hasEscape = (text) => text.includes('\u001b') || text.includes('\u009b');

/** The width in columns, or undefined when the real string-width must say. */
export function narrowWidth(string, options) {
  if (typeof string !== 'string') return undefined;
  if (options !== undefined && (options.ambiguousIsNarrow === false || options.countAnsiEscapeCodes === true)) return undefined;
  // string-width strips every escape sequence first; SGR ones are all this takes out itself.
  const text = hasEscape(string) ? string.replace(sgr, '') : string;
  for (let i = 0; i < text.length; i++) if (!isNarrow(text.charCodeAt(i))) return undefined;
  return text.length;
}

export { narrowRanges };
