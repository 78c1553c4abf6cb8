// Telemetry text (prompts, tool output, error messages) reaches the terminal only through here, so
// it cannot move the cursor, change colours, set the title or write the clipboard.

// ESC-introduced sequences: CSI (ESC [ … final), OSC (ESC ] … BEL or ST), DCS/SOS/PM/APC (… ST),
// and every other ESC + one character (ESC c resets the terminal, ESC 7/8 move the cursor).
// eslint-disable-next-line no-control-regex
const escapeSequences = /\u001b(?:\[[0-?]*[ -/]*[@-~]|\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|[PX^_][^\u001b]*(?:\u001b\\)?|[ -~])/g;
// C0 and C1 controls, DEL, and bidirectional overrides that can disguise text.
// eslint-disable-next-line no-control-regex
const controls = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: escape sequences removed, line breaks and tabs as spaces, other controls dropped. */
export function plainText(value: unknown): string {
  const text = typeof value === 'string' ? value : value === null || value === undefined ? '' : String(value);
  return text.replace(escapeSequences, '').replace(/[\r\n\t]+/g, ' ').replace(controls, '');
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
