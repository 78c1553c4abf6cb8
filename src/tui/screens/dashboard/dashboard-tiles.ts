import type { Summary } from '../../../store/read/types.js';
import { lineWidth, type StyledLine } from '../../components/styled-line.js';
import { tileRow } from '../../components/tile-row.js';
import { formatCount, formatPercent, formatUsd } from '../../format.js';
import { color } from '../../theme.js';

// The top of the dashboard: the reference's five headline tiles, then what it lacks (burn rate,
// the session in progress, cache hit ratio, cost split) as one line, or two when narrow.

export function headlineLines(s: Summary, width: number): StyledLine[] {
  return [
    ...tileRow(
      [
        {
          label: 'Total Cost',
          value: formatUsd(s.costUsd),
          valueColor: color('accent'),
          // The total leaves these out: say so rather than pass it off as complete.
          note: s.unpricedRequests > 0 ? `+${formatCount(s.unpricedRequests)} unpriced` : '',
          noteColor: color('warn'),
        },
        {
          label: 'Total Tokens',
          value: formatCount(s.tokens.total),
          detail: `in ${formatCount(s.tokens.input)} · out ${formatCount(s.tokens.output)}`,
          note: `cache read ${formatCount(s.tokens.cacheRead)} · write ${formatCount(s.tokens.cacheCreation)}`,
        },
        { label: 'Sessions', value: formatCount(s.sessions) },
        { label: 'Commits', value: formatCount(s.commits) },
        { label: 'Pull Requests', value: formatCount(s.pullRequests) },
      ],
      width,
    ),
    ...packed(extras(s), width),
  ];
}

function extras(s: Summary): StyledLine[] {
  const muted = color('muted');
  const figure = (text: string) => ({ text, isBold: true });
  const live = s.currentSession;
  return [
    [{ text: 'burn ', color: muted }, figure(`${formatUsd(s.burnRateUsdPerHour)}/h`), { text: ' last 15 min', color: muted }],
    live === null
      ? [{ text: 'no session in progress', color: muted }]
      : [
          { text: 'this session ', color: muted },
          figure(live.usdPerHour === null ? 'unpriced' : `${formatUsd(live.usdPerHour)}/h`),
          { text: live.costUsd === null ? '' : ` (${formatUsd(live.costUsd)} so far)`, color: muted },
        ],
    [{ text: 'cache hit ', color: muted }, figure(formatPercent(s.cacheHitRatio))],
    [
      { text: 'cost main ', color: muted },
      figure(formatUsd(s.costSplit.main)),
      { text: ' · subagent ', color: muted },
      figure(formatUsd(s.costSplit.subagent)),
      { text: ' · auxiliary ', color: muted },
      figure(formatUsd(s.costSplit.auxiliary)),
    ],
  ];
}

const separator = '   ';

/** Items side by side while they fit, then on the next line; an item wider than a line is cut later. */
function packed(items: readonly StyledLine[], width: number): StyledLine[] {
  const lines: StyledLine[] = [];
  let current: StyledLine = [];
  for (const item of items) {
    if (current.length > 0 && lineWidth(current) + separator.length + lineWidth(item) <= width) current = [...current, { text: separator }, ...item];
    else {
      if (current.length > 0) lines.push(current);
      current = item;
    }
  }
  if (current.length > 0) lines.push(current);
  return lines;
}
