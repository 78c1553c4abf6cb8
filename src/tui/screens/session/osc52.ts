// The terminal clipboard: OSC 52 carries base64, so whatever the text holds cannot act as a control
// sequence on the way. Terminals that do not support it ignore the sequence.

/** The OSC 52 sequence that sets the system clipboard ("c") to `text`. */
export function osc52(text: string): string {
  return `\u001b]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}
