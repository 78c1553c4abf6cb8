// The CLI's one way to print: text we did not write (telemetry, transcripts, an upstream's answer,
// stdin, a file name) cannot drive the terminal however it got into what is printed. Formatters
// still clean the values they place (table cells, CSV cells, JSON strings); this is the choke point
// behind them. test/output-paths.test.ts keeps every other write out of src/cli.
import { plainLines, plainText } from '../../present/sanitize.js';

/** Each of our lines made plain text: a foreign CR, tab, U+2028 or NEL inside one is a space, never a new line. */
function eachLine(text: string): string {
  return text.split('\n').map(plainText).join('\n');
}

/** A report for people (tables, summaries, status). */
export function printOut(text: string): void {
  process.stdout.write(eachLine(text));
}

/** Notes, warnings and errors. */
export function printErr(text: string): void {
  process.stderr.write(eachLine(text));
}

/**
 * Data for programs (CSV, JSON) on stdout: plainLines, which keeps tabs and the line breaks inside
 * quoted CSV cells, so the bytes are what `export --out` writes to a file.
 */
export function printData(text: string): void {
  process.stdout.write(plainLines(text));
}

/**
 * A progress line redrawn in place on a terminal's stderr: our own CR and erase-line, around text
 * that the caller builds from numbers only.
 */
export function printProgress(text: string, { clear = false }: { clear?: boolean } = {}): void {
  process.stderr.write(clear ? '\r\u001b[K' : `\r${plainText(text)}`);
}
