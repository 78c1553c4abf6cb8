// Text we did not write (telemetry, transcripts, upstream answers, stdin, file names) reaches the
// terminal only through here, so it cannot move the cursor, change colours, set the title, write the
// clipboard, reset the terminal, or disguise itself (reordered, hidden or zero-width characters).

// ESC-introduced sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (… ST),
// and every other ESC + one character (ESC c resets the terminal, ESC 7/8 move the cursor); then
// the same sequences with their 8-bit C1 introducers (CSI U+009B, OSC U+009D, DCS/SOS/PM/APC), which
// some terminals obey in UTF-8 too. Whatever of a sequence is left unmatched is dropped as controls.
const escapeSequences =
  /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -~])|\u009b[0-?]*[ -/]*[@-~]|\u009d[^\u0007\u001b\u009c]*(?:\u0007|\u009c|\u001b\\)?|[\u0090\u0098\u009e\u009f][^\u001b\u009c]*(?:\u009c|\u001b\\)?/g;

// Line and paragraph breaks of every kind: CR LF, CR, LF, NEL (U+0085), LINE and PARAGRAPH
// SEPARATOR (U+2028, U+2029), which some terminals and editors draw as a new line.
const lineBreaks = /\r\n|[\r\n\u0085\u2028\u2029]/g;
const breaksAndTabs = /[\r\n\t\u0085\u2028\u2029]+/g;

// What is not text but moves, hides or reorders it:
// - C0 and C1 controls and DEL;
// - format characters (Cf): BiDi marks, embeddings, overrides and isolates (U+200E/F, U+202A–E,
//   U+2066–9, U+061C), zero-width space and joiners (U+200B–D), word joiner and invisible operators
//   (U+2060–4), the byte order mark (U+FEFF), the Mongolian vowel separator (U+180E), interlinear
//   annotations (U+FFF9–B), tag characters (U+E0001, U+E0020–7F), soft hyphen;
// - the other default-ignorable code points, which draw as nothing: variation selectors (also the
//   U+E0100 block used to smuggle text past readers), Hangul fillers, the combining grapheme joiner;
// - lone surrogates (half a character; a terminal shows garbage or nothing).
// Emoji sequences lose their joiners and variation selectors and show as their parts: legible, and
// one terminal cell per code point as fit() counts them.
const invisible = /[\u0000-\u001f\u007f-\u009f\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;
// A quick first look, since most text has nothing to remove and the property classes cost ~10×
// more per character in V8: a coarse superset by range (Latin-1 signs, Arabic letters and some Khmer
// and Mongolian take the full path for nothing), with every surrogate, so astral text does too. The ranges are
// few on purpose: V8 matches a class of many small ranges several times slower. sanitize.test.ts
// checks them against Node's Unicode data.
const unsafeAboveAscii =
  '\\u007f-\\u00ad\\u034f\\u0600-\\u070f\\u0890-\\u08e2\\u115f\\u1160\\u17b4-\\u180f\\u200b-\\u200f\\u2028-\\u202e\\u2060-\\u206f\\u3164\\ufe00-\\ufe0f\\ufeff\\uffa0\\ufff0-\\ufffb\\ud800-\\udfff';
const anyUnsafe = new RegExp(`[\\u0000-\\u001f${unsafeAboveAscii}]`);
// The same look for text that keeps its tabs and line feeds (plainLines: a printed report, JSON with
// its indentation), which would otherwise always take the slow path; and for JSON, where
// JSON.stringify has already escaped every C0 control.
const anyUnsafeInLines = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${unsafeAboveAscii}]`);
const anyUnsafeInJson = new RegExp(`[${unsafeAboveAscii}]`);
const invisibleExceptTabAndNewline = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/gu;

function textOf(value: unknown): string {
  return typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
}

/** One line of plain text: escape sequences removed, line breaks and tabs as spaces, controls and invisible characters dropped. */
export function plainText(value: unknown): string {
  const text = textOf(value);
  if (!anyUnsafe.test(text)) return text;
  return text.replace(escapeSequences, '').replace(breaksAndTabs, ' ').replace(invisible, '');
}

/**
 * Plain text that may span lines (a whole printed report, a CSV cell): as plainText, but every kind
 * of line break becomes "\n" (never a bare CR, which would let a line overwrite the one before) and
 * tabs stay.
 */
export function plainLines(value: unknown): string {
  const text = textOf(value);
  if (!anyUnsafeInLines.test(text)) return text;
  return text.replace(escapeSequences, '').replace(lineBreaks, '\n').replace(invisibleExceptTabAndNewline, '');
}

// JSON.stringify escapes C0 controls and lone surrogates, but leaves DEL, C1 controls, U+2028/9 and
// every format character raw. Escaped as \uXXXX they mean the same string to any JSON reader.
const unsafeInJson = /[\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}]/gu;

/**
 * JSON for --json and exports: exact data for programs (nothing is removed or changed), yet safe on
 * a terminal, since every control and invisible character is written as a \uXXXX escape.
 */
export function jsonText(value: unknown, indent?: number): string {
  const json = JSON.stringify(value, null, indent) ?? 'null';
  if (!anyUnsafeInJson.test(json)) return json;
  return json.replace(unsafeInJson, (c) => Array.from({ length: c.length }, (_, i) => `\\u${c.charCodeAt(i).toString(16).padStart(4, '0')}`).join(''));
}

/** Cut to `width` terminal cells with "…"; never wraps. */
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  const chars = [...text];
  if (chars.length <= width) return text;
  return `${chars.slice(0, Math.max(0, width - 1)).join('')}…`;
}

export function padEnd(text: string, width: number): string {
  const cut = fit(text, width);
  return cut + ' '.repeat(Math.max(0, width - [...cut].length));
}

export function padStart(text: string, width: number): string {
  const cut = fit(text, width);
  return ' '.repeat(Math.max(0, width - [...cut].length)) + cut;
}
