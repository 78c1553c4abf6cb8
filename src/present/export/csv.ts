// CSV for spreadsheets and terminals alike. Every cell is plain text (plainLines: escape sequences,
// controls and invisible characters removed; line breaks kept as \n inside quotes, tabs kept): the
// same bytes whether the CSV goes to a file or scrolls past on a terminal, and all other text exact.
// Exact data with controls and all is what `--json` and `export --format json` are for.
import { plainLines } from '../sanitize.js';

// A text cell that a spreadsheet would read as a formula (=, +, -, @; tab and a line break too,
// which some strip before looking; a CR is a \n by now) gets a leading ' (OWASP's advice): a
// telemetry value never runs in a spreadsheet. Numbers are not text cells: -1.5 stays a number.
const formulaStart = /^[=+\-@\t\r\n]/;

function cell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = plainLines(value);
  const s = typeof value === 'string' && formulaStart.test(text) ? `'${text}` : text;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((r) => r.map(cell).join(',')).join('\n') + '\n';
}
