// Claude Code 2.1.332 starts every session with a burst of events: the managed settings it resolved,
// each plugin it loaded (four built-in ones at least), each hook it registered. They matter once, so
// a timeline folds each run of them into one "start-up" line (the TUI unfolds it on enter; `--json`
// keeps every event). Shared by the TUI and plain `session`, so both fold alike.
import type { TimelineEvent } from '../store/read/types.js';
import { formatCount } from './format.js';
import type { Phrase } from './event-sentence.js';
import { plainText } from './sanitize.js';

const startupKinds: ReadonlySet<TimelineEvent['kind']> = new Set(['managed_settings_resolved', 'plugin_loaded', 'hook_registered']);

export function isStartupEvent(event: TimelineEvent): boolean {
  return startupKinds.has(event.kind);
}

/** One line of a timeline: an event, or a run of start-up events; `index` is the first event's place in the turn. */
export type TimelineItem = { kind: 'event'; event: TimelineEvent; index: number } | { kind: 'startup'; events: TimelineEvent[]; index: number };

/** A turn's events with each run of consecutive start-up events folded into one item. */
export function foldStartup(events: readonly TimelineEvent[]): TimelineItem[] {
  const items: TimelineItem[] = [];
  events.forEach((event, index) => {
    const last = items[items.length - 1];
    if (!isStartupEvent(event)) items.push({ kind: 'event', event, index });
    else if (last?.kind === 'startup') last.events.push(event);
    else items.push({ kind: 'startup', events: [event], index });
  });
  return items;
}

const distinct = (values: readonly (string | null)[]): string[] => [...new Set(values.filter((v): v is string => v !== null).map(plainText))];

/** What a run of start-up events set up: managed settings, plugins by name, hooks by event. */
export function startupSentence(events: readonly TimelineEvent[]): Phrase[] {
  const parts: Phrase[][] = [];
  const settings = events.flatMap((e) => (e.kind === 'managed_settings_resolved' ? [e] : []));
  if (settings.length > 0) {
    const sources = distinct(settings.flatMap((e) => e.sources ?? []));
    parts.push([{ text: 'managed settings ' }, { text: sources.length === 0 ? 'none' : sources.join(', '), tone: 'muted' }]);
  }
  const plugins = events.flatMap((e) => (e.kind === 'plugin_loaded' ? [e] : []));
  if (plugins.length > 0) {
    const names = distinct(plugins.map((e) => e.pluginName));
    parts.push([
      { text: `${formatCount(plugins.length)} plugin${plugins.length === 1 ? '' : 's'}`, tone: 'accent' },
      ...(names.length === 0 ? [] : [{ text: ` (${names.join(', ')})`, tone: 'muted' as const }]),
    ]);
  }
  const hooks = events.flatMap((e) => (e.kind === 'hook_registered' ? [e] : []));
  if (hooks.length > 0) {
    const names = distinct(hooks.map((e) => e.hookEvent));
    parts.push([
      { text: `${formatCount(hooks.length)} hook${hooks.length === 1 ? '' : 's'}`, tone: 'accent' },
      ...(names.length === 0 ? [] : [{ text: ` (${names.join(', ')})`, tone: 'muted' as const }]),
    ]);
  }
  return parts.flatMap((p, i) => (i === 0 ? p : [{ text: ' · ', tone: 'muted' as const }, ...p]));
}

/** The plain-text sentence, for surfaces without colour. */
export function startupSentenceText(events: readonly TimelineEvent[]): string {
  return startupSentence(events)
    .map((p) => p.text)
    .join('');
}
