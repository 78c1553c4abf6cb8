import { jsonText } from '../../present/sanitize.js';

/**
 * Only the payload goes to stdout, pretty-printed, with a final newline. The data stays exact (no
 * stripping: it is for programs), and every control or invisible character in it is a \u escape,
 * so it is also safe to print on a terminal.
 */
export function writeJson(value: unknown): void {
  process.stdout.write(`${jsonText(value, 2)}\n`);
}
