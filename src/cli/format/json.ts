/** Only the payload goes to stdout, pretty-printed, with a final newline. */
export function writeJson(value: unknown, out: NodeJS.WritableStream = process.stdout): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}
