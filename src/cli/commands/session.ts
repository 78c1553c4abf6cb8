import { UserError } from '../../errors.js';
import { openDatabase } from '../../store/open.js';
import { session, sessionIdsWithPrefix } from '../../store/read/session.js';
import type { SessionDetail, Subagent, TimelineEvent, Turn } from '../../store/read/types.js';
import { writeJson } from '../format/json.js';
import { plainText } from '../../present/sanitize.js';
import { eventSentenceText } from '../../present/event-sentence.js';
import { formatCount, formatDuration, formatMs, formatUsd } from '../../present/format.js';
import { foldStartup, startupSentenceText } from '../../present/startup-fold.js';
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
      throw new UserError(
        `"${idOrPrefix}" matches ${matches.length > 5 ? 'more than 5' : matches.length} sessions: ${matches.slice(0, 5).join(', ')}`,
        'give more of the id',
      );
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

function renderSession({ session: s, turns, subagents, cacheWrites, time }: SessionDetail): string {
  const split =
    cacheWrites.fiveMinuteTokens === null && cacheWrites.oneHourTokens === null
      ? ''
      : ` (5m ${formatCount(cacheWrites.fiveMinuteTokens)}, 1h ${formatCount(cacheWrites.oneHourTokens)})`;
  const lines = [
    `session ${plainText(s.sessionId)}`,
    `user ${shown(s.user)}  model ${shown(s.model)}  version ${shown(s.appVersion)}  terminal ${shown(s.terminalType)}  os ${shown(s.os)}`,
    `project ${shown(s.project)}${s.projectPath !== null && s.projectPath !== s.project ? ` (${plainText(s.projectPath)})` : ''}  branch ${shown(s.gitBranch)}`,
    `${formatTime(s.startTime)} → ${formatTime(s.endTime)} (${formatDuration(s.durationMs)})`,
    `cost ${formatUsd(s.costUsd)}  tokens in ${formatCount(s.tokens.input)} out ${formatCount(s.tokens.output)} cache read ${formatCount(s.tokens.cacheRead)} cache write ${formatCount(s.tokens.cacheCreation)}${split}`,
    `prompts ${formatCount(s.prompts)}  agents ${formatCount(s.agents)}  API requests ${formatCount(s.apiRequests)}  tool calls ${formatCount(s.toolCalls)}  errors ${formatCount(s.errors)}  lines +${s.linesAdded} -${s.linesRemoved}`,
    ...subagents.map(describeSubagent),
    `time ${timeLineText(time)}`,
    `check: ${s.integrity.status} — ${plainText(s.integrity.reason)}`,
    '',
  ].map(plainText);
  for (const turn of turns) {
    lines.push(plainText(`▸ ${formatTime(turn.startTime)}  ${turnHead(turn)}`).slice(0, 200));
    for (const item of foldStartup(turn.events)) {
      const text = item.kind === 'event' ? describeEvent(item.event) : describeStartup(item.events);
      lines.push(`    ${plainText(text).slice(0, 200)}`);
    }
  }
  return lines.join('\n') + '\n';
}

function turnHead(turn: Turn): string {
  if (turn.promptId === null) return '(outside a prompt)';
  const r = turn.agentResult;
  // Not a prompt a person typed: an asynchronous agent's result coming back.
  if (r !== null) return `agent result: ${[r.agentId, r.status, r.result ?? r.summary].filter((p) => p !== null).join(' — ')}`;
  return turn.prompt === null ? 'prompt: redacted' : `prompt: ${turn.prompt}`;
}

/** `agent general-purpose a21d4b1ee8dbce6e4: claude-haiku-5-5, 2 requests, $0.0004, …`; the figures sum its requests. */
function describeSubagent(a: Subagent): string {
  const t = a.tokens;
  const figures = [
    a.model ?? '—',
    `${formatCount(a.apiRequests)} request${a.apiRequests === 1 ? '' : 's'}`,
    formatUsd(a.costUsd),
    `tokens in ${formatCount(t.input)} out ${formatCount(t.output)} cache read ${formatCount(t.cacheRead)} cache write ${formatCount(t.cacheCreation)}`,
    `${formatCount(a.toolUses)} tool use${a.toolUses === 1 ? '' : 's'}`,
    a.durationMs === null ? 'running' : formatMs(a.durationMs),
    ...(a.isAsync === null ? [] : [a.isAsync ? 'async' : 'sync']),
  ];
  return `agent ${a.agentType ?? '—'} ${a.agentId}: ${figures.join(', ')}`;
}

/** `#0-#6 start-up managed settings none · 4 plugins (…) · 2 hooks (…)`: a run of start-up events as one line. */
function describeStartup(events: readonly TimelineEvent[]): string {
  const first = events[0]?.sequence ?? null;
  const last = events[events.length - 1]?.sequence ?? null;
  const seq = first === null ? '' : last === null || last === first ? `#${first} ` : `#${first}-#${last} `;
  return `${seq}start-up ${startupSentenceText(events)}`;
}

/** `#7 tool_result Bash  ok  38ms`: the event's sequence, name and sentence (the TUI's words). */
function describeEvent(e: TimelineEvent): string {
  const seq = e.sequence === null ? '' : `#${e.sequence} `;
  return `${seq}${e.name} ${eventSentenceText(e)}`.trimEnd();
}
