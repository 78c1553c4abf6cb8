import { openDatabase } from '../../store/open.js';
import { commits } from '../../store/read/commits.js';
import { writeJson } from '../format/json.js';
import { formatCount, formatUsd } from '../../present/format.js';
import { formatTime, renderTable } from '../format/table.js';
import { databasePath } from '../paths.js';
import { parseSince } from '../since.js';
import { printOut } from '../format/print.js';
import { formatLines } from '../format/commit-lines.js';

export interface CommitsOptions {
  since?: string;
  project?: string;
  branch?: string;
  json?: boolean;
  db?: string;
}

export function commitsCommand(options: CommitsOptions, nowMs = Date.now()): void {
  const sinceMs = parseSince(options.since, nowMs);
  const db = openDatabase(databasePath(options.db), { readonly: true });
  try {
    const rows = commits(db, {
      ...(sinceMs === undefined ? {} : { sinceMs }),
      ...(options.project ? { project: options.project } : {}),
      ...(options.branch ? { branch: options.branch } : {}),
    });
    if (options.json) return writeJson(rows);
    if (rows.length === 0) {
      printOut('no commits by Claude Code in this range (it reports them with OTEL_LOG_TOOL_DETAILS=1, from 2.1.332)\n');
      return;
    }
    // Telemetry text (branch, project, message) is made plain text by renderTable.
    printOut(
      renderTable(
        [
          { header: 'Commit' },
          { header: 'Branch', maxWidth: 24 },
          { header: 'Project', maxWidth: 16 },
          { header: 'Time' },
          { header: 'Cost', align: 'right' },
          { header: 'Tokens', align: 'right' },
          { header: 'Prompts', align: 'right' },
          { header: 'Lines', align: 'right' },
          { header: 'Message', maxWidth: 32 },
        ],
        rows.map((r) => [
          r.shortId,
          r.branch ?? '—',
          r.project ?? '—',
          formatTime(r.time),
          formatUsd(r.costUsd),
          formatCount(r.tokens.total),
          formatCount(r.prompts),
          formatLines(r.lines),
          r.message ?? '—',
        ]),
      ),
    );
  } finally {
    db.close();
  }
}
