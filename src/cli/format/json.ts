import { jsonText } from '../../present/sanitize.js';
import { printData } from './print.js';

/**
 * Only the payload goes to stdout, pretty-printed, with a final newline. The data stays exact (no
 * stripping: it is for programs), and every control or invisible character in it is a \u escape,
 * so it is also safe to print on a terminal.
 */
export function writeJson(value: unknown): void {
  printData(`${jsonText(value, 2)}\n`);
}
