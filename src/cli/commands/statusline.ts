// `statusline`: records what Claude Code pipes to a statusLine command and prints one line of spend.
// It runs on every refresh of Claude Code's status bar, so nothing here may fail it: a bad input, a
// busy or missing database and a broken wrapped command each cost their part of the line, and a
// one-line note on stderr, never the line itself. The exit code is always 0.
import { openForStatusline, type Db } from '../../store/open.js';
import type { Budgets } from '../../present/budget.js';
import { isColorEnabled } from '../../present/color.js';
import { resolveBudgets } from '../config.js';
import { databasePath } from '../paths.js';
import { parseStatuslineInput } from '../statusline/parse-input.js';
import { messageOf, renderStatusline } from '../statusline/render.js';
import { combineLines, runWrapped } from '../statusline/wrap.js';
import { plainText } from '../../present/sanitize.js';

export interface StatuslineOptions {
  db?: string;
  wrap?: string;
  budgetDaily?: string;
  budgetSession?: string;
}

export interface StatuslineIo {
  stdin: string;
  nowMs: number;
  env: NodeJS.ProcessEnv;
  stdout(text: string): void;
  stderr(text: string): void;
}

/** How long to wait for another writer (the receiver commits in a few ms) before skipping the snapshot. */
export const statuslineBusyTimeoutMs = 30;

export async function statuslineCommand(options: StatuslineOptions, io: StatuslineIo): Promise<void> {
  // Notes quote what came in (stdin that is not JSON, a file name, SQLite's words): plain text only.
  const note = (text: string) => io.stderr(`claude-otel-tui statusline: ${plainText(text)}\n`);
  const theirs = options.wrap ? runWrapped(options.wrap, io.stdin) : Promise.resolve('');
  let budgets: Budgets = {};
  try {
    budgets = resolveBudgets(options, io.env);
  } catch (error) {
    note(`${messageOf(error)}; budgets left out`);
  }
  const input = parseStatuslineInput(io.stdin, io.nowMs);
  if (!input.isParsed) note(`${input.reason}; nothing recorded`);
  let db: Db | null = null;
  try {
    const opened = openForStatusline(databasePath(options.db, io.env), statuslineBusyTimeoutMs);
    if ('skipped' in opened) note(`${opened.skipped}; nothing recorded`);
    else db = opened.db;
  } catch (error) {
    note(`${messageOf(error)}; nothing recorded`);
  }
  const line = renderStatusline(db, { input, budgets, nowMs: io.nowMs, isColor: isColorEnabled(io.env), note });
  db?.close();
  io.stdout(`${combineLines(line, await theirs)}\n`);
}
