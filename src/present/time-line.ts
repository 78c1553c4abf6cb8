// Where the time went, as one line, the same in plain `session` and in the TUI's session header:
// model time (and of it, time to first token), tools, waiting on the person, hooks. "—" is unknown
// (no traces for the wait; no hook events), never a guessed 0.
import type { TimeFigures } from '../store/read/types.js';
import type { Phrase } from './event-sentence.js';
import { formatMs } from './format.js';

/** `isShort`: "ttft" and "waiting", for a line that must fit 80 columns beside a label. */
export function timePhrases(time: TimeFigures, isShort = false): Phrase[] {
  const label = (text: string): Phrase => ({ text, tone: 'muted' });
  return [
    label('model '),
    { text: formatMs(time.modelMs), tone: 'accent' },
    label(isShort ? ' (ttft ' : ' (first token '),
    { text: formatMs(time.ttftMs) },
    label(') · tools '),
    { text: formatMs(time.toolMs) },
    label(isShort ? ' · waiting ' : ' · waiting on you '),
    { text: formatMs(time.waitingOnUserMs), ...(time.waitingOnUserMs === null ? {} : { tone: 'warn' as const }) },
    label(' · hooks '),
    { text: formatMs(time.hooksMs) },
  ];
}

/** `model 778ms (first token 358ms) · tools 123ms · waiting on you 50ms · hooks 341ms` */
export function timeLineText(time: TimeFigures): string {
  return timePhrases(time)
    .map((p) => p.text)
    .join('');
}
