import { sessions } from '../../store/read/sessions.js';
import { openDatabase } from '../../store/open.js';
import { sessionsCsv } from '../../present/export/sessions-csv.js';
import { writeJson } from '../format/json.js';
import { formatCount, formatDuration, formatUsd } from '../../present/format.js';
import { formatTime, renderTable } from '../format/table.js';
import { databasePath } from '../paths.js';
import { parseSince } from '../since.js';
import { resolveBudgets } from '../config.js';
import { budgetLevel, budgetMarker, budgetPct } from '../../present/budget.js';
import { printData, printOut } from '../format/print.js';
import { plainText } from '../../present/sanitize.js';

export interface SessionsOptions {
  since?: string;
  json?: boolean;
  csv?: boolean;
  db?: string;
  filter?: string;
  project?: string;
  budgetSession?: string;
}

/** The check column: a flag stands out, the rest stay quiet. */
const checkMarks = { ok: 'ok', flagged: 'FLAG', pending: '…', unchecked: '' } as const;

export function sessionsCommand(options: SessionsOptions, nowMs = Date.now()): void {
  const sinceMs = parseSince(options.since, nowMs);
  const sessionBudgetUsd = resolveBudgets({ ...(options.budgetSession === undefined ? {} : { budgetSession: options.budgetSession }) }).sessionUsd;
  const db = openDatabase(databasePath(options.db), { readonly: true });
  try {
    const rows = sessions(db, {
      ...(sinceMs === undefined ? {} : { sinceMs }),
      ...(options.filter ? { filter: options.filter } : {}),
      ...(options.project ? { project: options.project } : {}),
      nowMs,
    });
    // With a session budget, each row says how much of it the session used.
    if (options.json)
      return writeJson(
        sessionBudgetUsd === undefined
          ? rows
          : rows.map((r) => ({ ...r, budgetPct: budgetPct(r.costUsd, sessionBudgetUsd), budgetLevel: budgetLevel(r.costUsd, sessionBudgetUsd) })),
      );
    if (options.csv) {
      printData(sessionsCsv(rows));
      return;
    }
    if (rows.length === 0) {
      printOut('no sessions in this range\n');
      return;
    }
    // The Machine column once there is more than one (sync): one machine's list stays as it was.
    const hasMachines = new Set(rows.map((r) => r.machine)).size > 1;
    printOut(
      renderTable(
        [
          { header: 'Start' },
          { header: 'Session', maxWidth: 8 },
          ...(hasMachines ? [{ header: 'Machine', maxWidth: 12 }] : []),
          { header: 'Project', maxWidth: 16 },
          { header: 'User', maxWidth: 16 },
          { header: 'Model', maxWidth: 20 },
          { header: 'Prompts', align: 'right' },
          { header: 'Agents', align: 'right' },
          { header: 'Duration', align: 'right' },
          { header: 'Cost', align: 'right' },
          { header: 'Tools', align: 'right' },
          { header: 'Tokens', align: 'right' },
          { header: 'Errors', align: 'right' },
          { header: 'Check' },
        ],
        rows.map((r) => [
          formatTime(r.startTime),
          r.sessionId,
          ...(hasMachines ? [r.machine ?? '—'] : []),
          r.project ?? '—',
          r.user ?? '—',
          r.model ?? '—',
          formatCount(r.prompts),
          formatCount(r.agents),
          formatDuration(r.durationMs),
          `${formatUsd(r.costUsd)}${budgetMarker(budgetLevel(r.costUsd, sessionBudgetUsd))}`,
          formatCount(r.toolCalls),
          formatCount(r.tokens.total),
          formatCount(r.errors),
          checkMarks[r.integrity.status],
        ]),
      ),
    );
    const flagged = rows.filter((r) => r.integrity.status === 'flagged');
    for (const r of flagged) printOut(`FLAG ${plainText(r.sessionId).slice(0, 8)}: ${plainText(r.integrity.reason)}\n`);
  } finally {
    db.close();
  }
}
