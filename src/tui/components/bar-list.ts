import { formatCount } from '../../present/format.js';
import { padEnd, padStart, plainText } from '../../present/sanitize.js';
import { color } from '../theme.js';
import { textLength, type StyledLine } from './styled-line.js';

// Categorical figures as horizontal bars: "Write  ████████  4". Names are telemetry: plainText().

export interface BarItem {
  name: string;
  value: number;
  /** The figure shown; formatCount(value) when absent. */
  display?: string;
  color?: string | undefined;
}

export function barList(items: readonly BarItem[], width: number, empty: string): StyledLine[] {
  if (items.length === 0) return [[{ text: empty, color: color('muted') }]];
  const names = items.map((i) => plainText(i.name));
  const figures = items.map((i) => i.display ?? formatCount(i.value));
  const nameWidth = Math.min(Math.max(...names.map(textLength)), Math.max(4, Math.floor(width * 0.4)));
  const figureWidth = Math.max(...figures.map(textLength));
  const barWidth = Math.max(1, width - nameWidth - figureWidth - 2);
  const max = Math.max(...items.map((i) => i.value));
  return items.map((item, i) => {
    // Any non-zero value gets at least one cell, so it never looks like none.
    const cells = max > 0 ? Math.max(item.value > 0 ? 1 : 0, Math.round((item.value / max) * barWidth)) : 0;
    return [
      { text: `${padEnd(names[i] ?? '', nameWidth)} ` },
      { text: '█'.repeat(cells), color: item.color ?? color('accent') },
      { text: ' '.repeat(barWidth - cells) },
      { text: ` ${padStart(figures[i] ?? '', figureWidth)}`, isBold: true },
    ];
  });
}
