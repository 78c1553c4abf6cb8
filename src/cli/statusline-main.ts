// The status line's own entry (dist/statusline.cjs): Node's argument parser instead of commander,
// and none of the dashboard's code, because Claude Code waits for it on every status bar refresh.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { statuslineCommand, type StatuslineOptions } from './commands/statusline.js';
import { printErr } from './format/print.js';

/** stdin as text; '' on a terminal (someone trying it by hand), where reading would wait for ^D. */
async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  try {
    return fs.readFileSync(0, 'utf8');
  } catch {
    // A non-blocking pipe (EAGAIN): read it as a stream instead.
    let text = '';
    for await (const chunk of process.stdin) text += String(chunk);
    return text;
  }
}

/** Runs `statusline` with commander's options already parsed (the main CLI) or from argv (the fast entry). */
export async function runStatusline(options: StatuslineOptions): Promise<void> {
  const stdin = await readStdin();
  await statuslineCommand(options, {
    stdin,
    nowMs: Date.now(),
    env: process.env,
    // The line itself is ours (figures, and our own colours, which Claude Code draws) plus the
    // wrapped command's output, passed on as that command would have printed it to Claude Code.
    stdout: (text) => process.stdout.write(text),
    stderr: printErr,
  });
}

export async function statuslineMain(argv: readonly string[]): Promise<void> {
  const args = argv.slice(2);
  const { values } = parseArgs({
    args: args[0] === 'statusline' ? args.slice(1) : args,
    options: { db: { type: 'string' }, wrap: { type: 'string' }, 'budget-daily': { type: 'string' }, 'budget-session': { type: 'string' } },
    strict: false,
  });
  const text = (v: unknown) => (typeof v === 'string' ? v : undefined);
  const options: StatuslineOptions = {};
  const db = text(values['db']);
  const wrap = text(values['wrap']);
  const budgetDaily = text(values['budget-daily']);
  const budgetSession = text(values['budget-session']);
  if (db !== undefined) options.db = db;
  if (wrap !== undefined) options.wrap = wrap;
  if (budgetDaily !== undefined) options.budgetDaily = budgetDaily;
  if (budgetSession !== undefined) options.budgetSession = budgetSession;
  await runStatusline(options);
}
