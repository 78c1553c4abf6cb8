// POST /statusline on the running receiver: the status line's work on the receiver's own connection,
// for dist/statusline.sh. Anything the shell script must not get an answer for (another database,
// a bad budget) is a 4xx, and the script falls back to the Node entry, which says why on stderr.
import path from 'node:path';
import type { StatuslineRequest } from '../../receiver/server.js';
import type { Db } from '../../store/open.js';
import type { Budgets } from '../../present/budget.js';
import { resolveBudgets } from '../config.js';
import { parseStatuslineInput } from './parse-input.js';
import { renderStatusline } from './render.js';

function header(request: StatuslineRequest, name: string): string | undefined {
  const value = request.headers[name];
  const text = Array.isArray(value) ? value[0] : value;
  return text === undefined || text.trim() === '' ? undefined : text.trim();
}

export function statuslineAnswer(db: Db, dbPath: string, onRecorded: () => void, now: () => number = Date.now, env: NodeJS.ProcessEnv = process.env) {
  return (request: StatuslineRequest): { status: number; text: string } => {
    const asked = header(request, 'x-claude-otel-tui-db');
    if (asked !== undefined && path.resolve(asked) !== path.resolve(dbPath))
      return { status: 409, text: `this claude-otel-tui writes ${dbPath}, not ${asked}\n` };
    let budgets: Budgets;
    try {
      const budgetDaily = header(request, 'x-claude-otel-tui-budget-daily');
      const budgetSession = header(request, 'x-claude-otel-tui-budget-session');
      budgets = resolveBudgets({ ...(budgetDaily === undefined ? {} : { budgetDaily }), ...(budgetSession === undefined ? {} : { budgetSession }) }, env);
    } catch (error) {
      return { status: 400, text: `${error instanceof Error ? error.message : String(error)}\n` };
    }
    const nowMs = now();
    const input = parseStatuslineInput(request.body, nowMs);
    const line = renderStatusline(db, { input, budgets, nowMs, isColor: header(request, 'x-claude-otel-tui-no-color') === undefined, note: () => undefined });
    // The dashboard shows plan use from these snapshots.
    if (input.isParsed && input.snapshot !== null) onRecorded();
    return { status: 200, text: `${line}\n` };
  };
}
