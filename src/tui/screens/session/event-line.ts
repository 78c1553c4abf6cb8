// One event row of the timeline: the cursor mark, the time since the session began, the event's
// name, then its sentence (present/event-sentence.ts) coloured by tone. A failure reads red as a whole.
import type { Segment } from '../../components/styled-line.js';
import { eventSentence, isFailure, type Phrase } from '../../../present/event-sentence.js';
import { formatOffset } from '../../../present/format.js';
import { padEnd, plainText } from '../../../present/sanitize.js';
import { startupSentence } from '../../../present/startup-fold.js';
import type { EventRow, StartupRow } from './timeline-rows.js';

/** A phrase as a segment; every tone is a theme role, so this fails to compile if one is not. */
const segment = ({ text, tone, isBold }: Phrase): Segment => ({ text, role: tone, ...(isBold === undefined ? {} : { isBold }) });

export function eventLine(row: EventRow, isSelected: boolean, width: number): Segment[] {
  const isBad = isFailure(row.event);
  const details = eventSentence(row.event).map((p) => (isBad ? { ...segment(p), role: 'bad' as const } : segment(p)));
  return [
    { text: isSelected ? '›' : ' ', role: 'selected' },
    { text: `   ${padEnd(formatOffset(row.offsetMs), 8)} `, role: 'muted' },
    {
      text: `${padEnd(`${row.isNested === true ? '  ' : ''}${plainText(row.event.name)}`, width >= 100 ? 18 : 13)}  `,
      ...(isBad ? { role: 'bad' as const, isBold: true } : {}),
    },
    ...details,
  ];
}

/** A folded (▸) or unfolded (▾) run of start-up events: what was set up, in one line. */
export function startupLine(row: StartupRow, isSelected: boolean, width: number): Segment[] {
  return [
    { text: isSelected ? '›' : ' ', role: 'selected' },
    { text: `   ${padEnd(formatOffset(row.offsetMs), 8)} `, role: 'muted' },
    { text: `${padEnd(`${row.isExpanded ? '▾' : '▸'} start-up`, width >= 100 ? 18 : 13)}  `, role: 'accent' },
    ...startupSentence(row.events).map(segment),
  ];
}
