import type { Summary } from '../../../store/read/types.js';
import { besideLines, type StyledLine } from '../../components/styled-line.js';
import { color } from '../../theme.js';
import { branchPanels } from './commit-figures.js';
import { dashboardPanels, panelHeight, panelLines, type Panel } from './dashboard-panels.js';
import { headlineLines, type DayFigures } from './dashboard-tiles.js';

// Where everything goes for a width and height: tiles on top, then the panels in one column, or
// in pairs from `twoColumnsFrom` columns. Charts grow to fill the height when everything fits;
// otherwise they keep a readable size and j/k scroll the panel area a panel row at a time.

export const twoColumnsFrom = 110;
const columnGap = 2;
const minChartRows = 4;
const maxChartRows = 10;
const scrollingChartRows = 5;

export interface DashboardLayout {
  /** Exactly `height` lines. */
  lines: StyledLine[];
  /** The largest useful scroll: from there the last panel row is in view. */
  maxScroll: number;
}

/** Anything at all recorded in the summary's range. */
export function hasData(s: Summary): boolean {
  const t = s.tokens;
  return (
    s.sessions + s.commits + s.pullRequests + s.unpricedRequests + s.apiRequests.total + s.toolCalls.total > 0 ||
    s.costUsd + t.input + t.output + t.cacheRead + t.cacheCreation > 0 ||
    s.activeTime.userSeconds + s.activeTime.cliSeconds + s.lines.added + s.lines.removed + s.decisions.accept + s.decisions.reject > 0
  );
}

export function dashboardLayout(s: Summary, width: number, height: number, scroll: number, day?: DayFigures): DashboardLayout {
  const head = [...headlineLines(s, width, day), []];
  const area = Math.max(0, height - head.length);
  const isTwoColumns = width >= twoColumnsFrom;
  const leftWidth = isTwoColumns ? Math.floor((width - columnGap) / 2) : width;
  const rightWidth = isTwoColumns ? width - columnGap - leftWidth : 0;
  // Bars are sized for the narrower column so both columns line up.
  const panelWidth = isTwoColumns ? rightWidth : width;
  const panels = [...dashboardPanels(s, panelWidth, day?.projects ?? null), ...branchPanels(day?.branches, panelWidth)];
  const rows: Panel[][] = isTwoColumns ? pairs(panels) : panels.map((p) => [p]);
  const heightOf = (row: Panel[], chartRows: number) => Math.max(...row.map((p) => panelHeight(p, chartRows)));
  const total = (chartRows: number) => rows.reduce((n, r) => n + heightOf(r, chartRows), 0) + rows.length - 1;

  let chartRows = maxChartRows;
  while (chartRows > minChartRows && total(chartRows) > area) chartRows -= 1;
  const isScrolling = total(chartRows) > area;
  if (isScrolling) chartRows = scrollingChartRows;

  const drawn = rows.map((row) => {
    const [left, right] = row.map((p) => panelLines(p, s, isTwoColumns ? rightWidth : width, chartRows));
    const lines = right === undefined ? (left ?? []) : besideLines(left ?? [], right, leftWidth, columnGap, rightWidth);
    return [...lines, ...blank(heightOf(row, chartRows) - lines.length)];
  });
  if (!isScrolling) return { lines: exactly([...head, ...drawn.flatMap((r, i) => (i === 0 ? r : [[], ...r]))], height), maxScroll: 0 };

  // One line is kept to say what is out of view.
  const viewport = Math.max(1, area - 1);
  const fromRow = (first: number) => drawn.slice(first).flatMap((r, i) => (i === 0 ? r : [[], ...r]));
  let maxScroll = 0;
  while (maxScroll < drawn.length - 1 && fromRow(maxScroll).length > viewport) maxScroll += 1;
  const first = Math.max(0, Math.min(scroll, maxScroll));
  const body = fromRow(first).slice(0, viewport);
  let shownLines = 0;
  let fullyShown = 0;
  for (const r of drawn.slice(first)) {
    shownLines += (fullyShown === 0 ? 0 : 1) + r.length;
    if (shownLines > viewport) break;
    fullyShown += 1;
  }
  const below = drawn.length - first - fullyShown;
  const hint = [first > 0 ? `↑ ${first} above (k)` : '', below > 0 ? `↓ ${below} more below (j)` : ''].filter((t) => t !== '').join('  ');
  return { lines: exactly([...head, ...body, ...blank(viewport - body.length), [{ text: hint, color: color('muted') }]], height), maxScroll };
}

function pairs<T>(items: readonly T[]): T[][] {
  return Array.from({ length: Math.ceil(items.length / 2) }, (_, i) => items.slice(i * 2, i * 2 + 2));
}

function blank(count: number): StyledLine[] {
  return Array.from({ length: Math.max(0, count) }, () => []);
}

function exactly(lines: readonly StyledLine[], height: number): StyledLine[] {
  return [...lines.slice(0, height), ...blank(height - lines.length)];
}
