import { UserError } from '../../errors.js';
import { openDatabase } from '../../store/open.js';
import { session, sessionIdsWithPrefix } from '../../store/read/session.js';
import type { SessionDetail, TimelineEvent } from '../../store/read/types.js';
import { writeJson } from '../format/json.js';
import { plainText } from '../../present/sanitize.js';
import { eventSentenceText } from '../../present/event-sentence.js';
import { formatCount, formatDuration, formatUsd } from '../../present/format.js';
import { sessionJson } from '../../present/export/session-json.js';
import { timeLineText } from '../../present/time-line.js';
import { formatTime } from '../format/table.js';
import { databasePath } from '../paths.js';
import { printOut } from '../format/print.js';

export interface SessionOptions {
  json?: boolean;
  db?: string;
}

export function sessionCommand(idOrPrefix: string, options: SessionOptions): void {
  const db = openDatabase(databasePath(options.db), { readonly: true });
  try {
    const matches = sessionIdsWithPrefix(db, idOrPrefix, 6);
    if (matches.length === 0) throw new UserError(`no session starts with "${idOrPrefix}"`, 'list them with `claude-otel-tui sessions --since all`');
    const exact = matches.includes(idOrPrefix) ? idOrPrefix : undefined;
    if (exact === undefined && matches.length > 1) {
      throw new UserError(`"${idOrPrefix}" matches ${matches.length > 5 ? 'more than 5' : matches.length} sessions: ${matches.slice(0, 5).join(', ')}`, 'give more of the id');
    }
    const detail = session(db, exact ?? matches[0]!);
    if (detail === null) throw new UserError(`session ${idOrPrefix} has no data`);
    if (options.json) {
      writeJson(sessionJson(detail));
      return;
    }
    printOut(renderSession(detail));
  } finally {
    db.close();
  }
}

/** A telemetry value on one line of plain text; unknown is "—". */
const shown = (value: string | null): string => (value === null ? '—' : plainText(value));

function renderSession({ session: s, turns, time }: SessionDetail): string {
  const lines = [
    `session ${plainText(s.sessionId)}`,
    `user ${shown(s.user)}  model ${shown(s.model)}  version ${shown(s.appVersion)}  terminal ${shown(s.terminalType)}  os ${shown(s.os)}`,
    `project ${shown(s.project)}${s.projectPath !== null && s.projectPath !== s.project ? ` (${plainText(s.projectPath)})` : ''}  branch ${shown(s.gitBranch)}`,
    `${formatTime(s.startTime)} → ${formatTime(s.endTime)} (${formatDuration(s.durationMs)})`,
    `cost ${formatUsd(s.costUsd)}  tokens in ${formatCount(s.tokens.input)} out ${formatCount(s.tokens.output)} cache read ${formatCount(s.tokens.cacheRead)} cache write ${formatCount(s.tokens.cacheCreation)}`,
    `prompts ${formatCount(s.prompts)}  API requests ${formatCount(s.apiRequests)}  tool calls ${formatCount(s.toolCalls)}  errors ${formatCount(s.errors)}  lines +${s.linesAdded} -${s.linesRemoved}`,
    `time ${timeLineText(time)}`,
    `check: ${s.integrity.status} — ${plainText(s.integrity.reason)}`,
    '',
  ].map(plainText);
  for (const turn of turns) {
    const head = turn.promptId === null ? '(outside a prompt)' : turn.prompt === null ? 'prompt: redacted' : `prompt: ${turn.prompt}`;
    lines.push(plainText(`▸ ${formatTime(turn.startTime)}  ${head}`).slice(0, 200));
    for (const event of turn.events) lines.push(`    ${plainText(describeEvent(event)).slice(0, 200)}`);
  }
  return lines.join('\n') + '\n';
}

/** `#7 tool_result Bash  ok  38ms`: the event's sequence, name and sentence (the TUI's words). */
function describeEvent(e: TimelineEvent): string {
  const seq = e.sequence === null ? '' : `#${e.sequence} `;
  return `${seq}${e.name} ${eventSentenceText(e)}`.trimEnd();
}
