import { UserError } from '../../errors.js';
import { openDatabase } from '../../store/open.js';
import { commitDetail, type CommitDetail } from '../../store/read/commit-detail.js';
import { commitIdsWithPrefix } from '../../store/read/commits.js';
import type { TimelineEvent } from '../../store/read/types.js';
import { sessionJson } from '../../present/export/session-json.js';
import { eventSentenceText } from '../../present/event-sentence.js';
import { formatCount, formatUsd } from '../../present/format.js';
import { plainText } from '../../present/sanitize.js';
import { writeJson } from '../format/json.js';
import { printOut } from '../format/print.js';
import { formatTime } from '../format/table.js';
import { databasePath } from '../paths.js';
import { formatLines } from '../format/commit-lines.js';

export interface CommitOptions {
  json?: boolean;
  db?: string;
}

export function commitCommand(idOrPrefix: string, options: CommitOptions, nowMs = Date.now()): void {
  if (!/^[0-9a-f]{1,64}$/i.test(idOrPrefix))
    throw new UserError(`"${idOrPrefix}" is not a commit id`, 'give its first hex digits, as `claude-otel-tui commits` lists them', 2);
  const db = openDatabase(databasePath(options.db), { readonly: true });
  try {
    const matches = commitIdsWithPrefix(db, idOrPrefix, 6);
    if (matches.length === 0)
      throw new UserError(`no commit by Claude Code starts with "${idOrPrefix}"`, 'list them with `claude-otel-tui commits --since all`');
    if (matches.length > 1)
      throw new UserError(
        `"${idOrPrefix}" matches ${matches.length > 5 ? 'more than 5' : matches.length} commits: ${matches
          .slice(0, 5)
          .map((m) => m.slice(0, 12))
          .join(', ')}`,
        'give more of the id',
      );
    const detail = commitDetail(db, matches[0]!, nowMs);
    if (detail === null) throw new UserError(`commit ${idOrPrefix} has no data`);
    if (options.json) {
      const timeline = detail.session === null ? { session: null, turns: [] } : sessionJson(detail.session);
      writeJson({ commit: detail.commit, session: timeline.session, prompts: detail.prompts, turns: timeline.turns });
      return;
    }
    printOut(renderCommit(detail));
  } finally {
    db.close();
  }
}

/** A telemetry value on one line of plain text; unknown is "—". */
const shown = (value: string | null): string => (value === null ? '—' : plainText(value));

function renderCommit({ commit: c, session: detail, prompts }: CommitDetail): string {
  const session = detail?.session ?? null;
  const lines = [
    `commit ${c.commitId}  branch ${shown(c.branch)}`,
    `message ${shown(c.message)}`,
    `project ${shown(c.project)}  session ${plainText(c.sessionId)}${session === null ? '' : `  model ${shown(session.model)}`}`,
    `${c.sinceTime === null ? 'session start' : `previous commit ${formatTime(c.sinceTime)}`} → ${formatTime(c.time)}`,
    `cost ${formatUsd(c.costUsd)}${c.unpricedRequests > 0 ? ` (${c.unpricedRequests} unpriced requests)` : ''}  tokens in ${formatCount(c.tokens.input)} out ${formatCount(c.tokens.output)} cache read ${formatCount(c.tokens.cacheRead)} cache write ${formatCount(c.tokens.cacheCreation)}`,
    `API requests ${formatCount(c.apiRequests)}  prompts ${formatCount(c.prompts)}  lines ${formatLines(c.lines)}`,
    '',
    prompts.length === 0 ? 'no prompt typed in this interval' : 'prompts:',
    ...prompts.map((p) => `  ${formatTime(p.time)}  ${p.prompt === null ? 'redacted' : plainText(p.prompt)}`.slice(0, 200)),
    '',
  ].map(plainText);
  for (const turn of detail?.turns ?? []) {
    const head = turn.promptId === null ? '(outside a prompt)' : turn.prompt === null ? 'prompt: redacted' : `prompt: ${turn.prompt}`;
    lines.push(plainText(`▸ ${formatTime(turn.startTime)}  ${head}`).slice(0, 200));
    for (const event of turn.events) lines.push(`    ${plainText(describeEvent(event)).slice(0, 200)}`);
  }
  return lines.join('\n') + '\n';
}

/** `#14 tool_result Bash  ok  49ms  commit 64c0e33 on main`: as `session` prints an event. */
function describeEvent(e: TimelineEvent): string {
  const seq = e.sequence === null ? '' : `#${e.sequence} `;
  return `${seq}${e.name} ${eventSentenceText(e)}`.trimEnd();
}
