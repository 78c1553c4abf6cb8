import { Box, Text } from 'ink';
import type { CacheWrites, SessionDetail, SessionMetadata, TimeFigures } from '../../../store/read/types.js';
import type { AgentResult } from '../../../vocabulary/task-notification.js';
import { cutLine, flowLines, LineText, type Segment, type StyledLine } from '../../components/styled-line.js';
import { formatCount, formatMs, formatOffset, formatShortTime, formatUsd } from '../../../present/format.js';
import { fit, plainText } from '../../../present/sanitize.js';
import { timePhrases } from '../../../present/time-line.js';
import { color } from '../../theme.js';
import { eventLine, startupLine } from './event-line.js';
import type { TimeRow, TimelineRow, TurnRow } from './timeline-rows.js';

export interface SessionViewProps {
  sessionId: string;
  /** null: no such session in the database. */
  detail: SessionDetail | null;
  rows: readonly TimelineRow[];
  cursor: number;
  width: number;
  height: number;
}

const label = (text: string): Segment => ({ text, role: 'muted' });
const value = (v: string | null, cap = 40): Segment => ({ text: v === null ? '—' : fit(plainText(v), cap) });

function metadataGroups(s: SessionMetadata): Segment[][] {
  return [
    [label('project '), value(s.project, 32), ...(s.gitBranch === null ? [] : [label(' on '), value(s.gitBranch, 24)])],
    [label('user '), value(s.user, 32)],
    [label('model '), value(s.model)],
    [label('version '), value(s.appVersion)],
    [label('terminal '), value(s.terminalType)],
    [label('os '), value(s.os)],
  ];
}

/** " (5m 0 · 1h 0)" after the cache writes, when the session's events split them (2.1.332+). */
function cacheWriteSplit(c: CacheWrites): Segment[] {
  if (c.fiveMinuteTokens === null && c.oneHourTokens === null) return [];
  return [label(` (5m ${formatCount(c.fiveMinuteTokens)} · 1h ${formatCount(c.oneHourTokens)})`)];
}

/** One line per subagent: type, id, model, requests, cost, tool uses, duration, async. */
function subagentLines(detail: SessionDetail, width: number): StyledLine[] {
  const shown = detail.subagents.slice(0, 3);
  const lines = shown.map((a): Segment[] => [
    label('agent '),
    { text: plainText(a.agentType ?? 'agent'), role: 'accent' },
    label(` ${fit(plainText(a.agentId), 10)}  `),
    { text: a.model === null ? '—' : plainText(a.model) },
    label(`  ${a.apiRequests} request${a.apiRequests === 1 ? '' : 's'} `),
    { text: formatUsd(a.costUsd), role: a.costUsd === null ? 'warn' : 'accent' },
    label(`  ${formatCount(a.tokens.input + a.tokens.output)} tokens  ${a.toolUses} tool use${a.toolUses === 1 ? '' : 's'}  `),
    { text: a.durationMs === null ? 'running' : formatMs(a.durationMs) },
    ...(a.isAsync === null ? [] : [label(a.isAsync ? '  async' : '  sync')]),
  ]);
  const rest = detail.subagents.length - shown.length;
  return [...lines, ...(rest > 0 ? [[label(`+${rest} more agents (session --json lists them all)`)]] : [])].map((l) => cutLine(l, width));
}

function statGroups(s: SessionMetadata, cacheWrites: CacheWrites): Segment[][] {
  const count = (name: string, n: number | null, role?: Segment['role']): Segment[] => [
    label(`${name} `),
    { text: formatCount(n), ...(role === undefined ? {} : { role }) },
  ];
  return [
    [
      label('cost '),
      { text: formatUsd(s.costUsd), role: s.costUsd === null ? 'warn' : 'accent', isBold: true },
      ...(s.unpricedRequests > 0 ? [label(` (${s.unpricedRequests} unpriced)`)] : []),
    ],
    [label('tokens in '), { text: formatCount(s.tokens.input), role: 'input' }, label(' out '), { text: formatCount(s.tokens.output), role: 'output' }],
    [
      label('cache read '),
      { text: formatCount(s.tokens.cacheRead), role: 'cache' },
      label(' cache write '),
      { text: formatCount(s.tokens.cacheCreation), role: 'cache' },
      ...cacheWriteSplit(cacheWrites),
    ],
    count('API requests', s.apiRequests),
    count('prompts', s.prompts),
    ...(s.agents !== null && s.agents > 0 ? [count('agents', s.agents)] : []),
    count('tool calls', s.toolCalls),
    count('errors', s.errors, s.errors !== null && s.errors > 0 ? 'bad' : undefined),
    [label('duration '), { text: formatMs(s.durationMs) }],
    [label('lines '), { text: `+${formatCount(s.linesAdded)}`, role: 'good' }, { text: ' ' }, { text: `-${formatCount(s.linesRemoved)}`, role: 'bad' }],
    ...(s.source === 'metrics' ? [[label('(figures from metrics: no events)')]] : []),
  ];
}

/** Where the time went (present/time-line.ts), its phrases as segments; short ones below 100 columns. */
export function timeSegments(time: TimeFigures, width: number): Segment[] {
  return [label('time '), ...timePhrases(time, width < 100).map(({ text, tone }): Segment => ({ text, role: tone }))];
}

/** Under a turn's header: where that turn's time went. */
function timeRowLine(row: TimeRow, width: number): Segment[] {
  return [{ text: '    ' }, ...timeSegments(row.time, width)];
}

/** The cross-check with the transcript: a flag says why; the rest say what was checked, quietly. */
function integrityLine(s: SessionMetadata): Segment[] {
  const i = s.integrity;
  switch (i.status) {
    case 'flagged':
      return [
        { text: '! ', role: 'bad', isBold: true },
        { text: plainText(i.reason), role: 'bad' },
      ];
    case 'pending':
      return [label('check '), { text: 'pending', role: 'warn' }, label(` — ${i.reason}`)];
    case 'ok':
      return [label('check '), { text: 'ok', role: 'good' }, label(` — ${i.reason}`)];
    case 'unchecked':
      return [label(`check — ${i.reason}`)];
    default: {
      const unreachable: never = i.status;
      return unreachable;
    }
  }
}

const cellsOf = (segments: readonly Segment[]): number => segments.reduce((n, s) => n + [...s.text].length, 0);

/** The left part cut to leave room for the right part, which sits against the right edge. */
function withRight(left: readonly Segment[], right: readonly Segment[], width: number): Segment[] {
  const rightWidth = cellsOf(right);
  if (rightWidth + 16 > width) return [...left];
  const cut = cutLine(left, width - rightWidth - 2);
  return [...cut, { text: ' '.repeat(width - cellsOf(cut) - rightWidth) }, ...right];
}

/** A turn opened by an asynchronous agent's result (not a person's prompt): whose, and what it says. */
function agentTitle(r: AgentResult): Segment[] {
  const said = r.result ?? r.summary ?? r.status;
  return [
    { text: 'agent result', role: 'accent', isBold: true },
    ...(r.agentId === null ? [] : [label(` ${plainText(r.agentId)}`)]),
    ...(said === null ? [] : [{ text: `  ${plainText(said)}` }]),
  ];
}

/** A turn's title as a person reads it: the prompt, the agent's result, or why there is neither. */
export function titleSegments(title: TurnRow['title']): Segment[] {
  return title.kind === 'prompt'
    ? [{ text: plainText(title.text), isBold: true }]
    : title.kind === 'agent'
      ? agentTitle(title.result)
      : [{ text: title.kind === 'redacted' ? 'redacted' : title.kind === 'outside' ? '(outside a prompt)' : '(prompt not received)', role: 'muted' }];
}

function turnSegments(row: TurnRow, isSelected: boolean, width: number): Segment[] {
  const left: Segment[] = [
    { text: isSelected ? '›' : ' ', role: 'selected' },
    { text: row.isCollapsed ? ' ▸ ' : ' ▾ ', role: 'accent' },
    ...titleSegments(row.title),
  ];
  const right: Segment[] = [
    label(`${row.eventCount} event${row.eventCount === 1 ? '' : 's'} · `),
    { text: formatUsd(row.costUsd), role: row.costUsd === null ? 'warn' : undefined },
    label(`  ${formatOffset(row.offsetMs)}`),
  ];
  return withRight(left, right, width);
}

export function SessionView({ sessionId, detail, rows, cursor, width, height }: SessionViewProps) {
  if (detail === null) {
    return <Text color={color('warn')}>{fit(`no session "${plainText(sessionId)}" in the database; esc goes back to the list`, width)}</Text>;
  }
  const s = detail.session;
  const heading: Segment[] = [
    label('session '),
    { text: plainText(s.sessionId), role: 'accent', isBold: true },
    label(`  ${formatShortTime(s.startTime)} → ${formatShortTime(s.endTime)}`),
  ];
  const info = [
    ...flowLines(metadataGroups(s), width),
    ...flowLines(statGroups(s, detail.cacheWrites), width),
    ...subagentLines(detail, width),
    cutLine(timeSegments(detail.time, width), width),
    cutLine(integrityLine(s), width),
  ];
  const eventCount = detail.turns.reduce((n, t) => n + t.events.length, 0);
  const rule = `── timeline · ${detail.turns.length} turn${detail.turns.length === 1 ? '' : 's'} · ${eventCount} event${eventCount === 1 ? '' : 's'} `;
  const listHeight = Math.max(1, height - 2 - info.length);
  // Keep the cursor in view: scroll so it sits near the middle of the window.
  const top = Math.max(0, Math.min(cursor - Math.floor(listHeight / 2), rows.length - listHeight));
  const visible = rows.slice(top, top + listHeight);
  return (
    <Box flexDirection="column" width={width} height={height} overflow="hidden">
      <LineText segments={heading} width={width} />
      {info.map((line, i) => (
        <LineText key={i} segments={line} width={width} />
      ))}
      <Text color={color('muted')}>{fit(rule + '─'.repeat(Math.max(0, width - [...rule].length)), width)}</Text>
      {rows.length === 0 && <Text color={color('muted')}>{fit('no events for this session yet (only metrics have arrived)', width)}</Text>}
      {visible.map((row, i) => {
        const isSelected = top + i === cursor;
        const segments =
          row.kind === 'turn'
            ? turnSegments(row, isSelected, width)
            : row.kind === 'time'
              ? timeRowLine(row, width)
              : row.kind === 'startup'
                ? startupLine(row, isSelected, width)
                : eventLine(row, isSelected, width);
        return <LineText key={row.key} segments={segments} width={width} isPadded isInverse={isSelected} />;
      })}
    </Box>
  );
}
