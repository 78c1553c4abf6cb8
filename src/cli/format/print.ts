// The CLI's one way to print: every line passes plainLines() on its way out, so a value we did not
// write (telemetry, transcripts, an upstream's answer, stdin, a file name) cannot drive the terminal
// however it got into the line. Formatters still clean the values they place (table cells, CSV
// cells); this is the choke point behind them. test/output-paths.test.ts keeps other writes out of
// src/cli. JSON is written by writeJson (format/json.ts): escaped, exact.
import { plainLines } from '../../present/sanitize.js';

export function printOut(text: string): void {
  process.stdout.write(plainLines(text));
}

export function printErr(text: string): void {
  process.stderr.write(plainLines(text));
}

/**
 * A progress line redrawn in place on a terminal's stderr: our own CR and erase-line, around text
 * that the caller builds from numbers only.
 */
export function printProgress(text: string, { clear = false }: { clear?: boolean } = {}): void {
  process.stderr.write(clear ? '\r\u001b[K' : `\r${plainLines(text)}`);
}
