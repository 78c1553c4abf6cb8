import type { ProjectCost } from '../../../store/read/projects.js';
import type { Summary, SummaryBucket } from '../../../store/read/types.js';
import { barList } from '../../components/bar-list.js';
import { lineChart, type ChartSeries } from '../../components/line-chart.js';
import { textLength, type Segment, type StyledLine } from '../../components/styled-line.js';
import { formatCount, formatDuration, formatPercent, formatUsd } from '../../../present/format.js';
import { plainText } from '../../../present/sanitize.js';
import { isColorEnabled } from '../../../present/color.js';
import { color, seriesColors } from '../../theme.js';

// The reference dashboard's panels, each as lines for a given width: a title, a legend with the
// exact figures, and a chart (time series) or bars (categories).

export interface Panel {
  title: string;
  legend: StyledLine;
  series?: { values: readonly ChartSeries[]; label: (value: number) => string };
  bars?: StyledLine[];
}

type NumericKey = { [K in keyof SummaryBucket]: SummaryBucket[K] extends number ? K : never }[keyof SummaryBucket];

/**
 * Panels in the reference's order; the top tools follow Tool Calls as their own panel, and cost by
 * project comes last, once any session has a project (from its transcript or a resource attribute).
 */
export function dashboardPanels(s: Summary, width: number, projects: readonly ProjectCost[] | null = null): Panel[] {
  const column = (key: NumericKey) => s.buckets.map((b) => b[key]);
  const models = modelSeries(s);
  const colorOf = (model: string) => models.find((m) => m.key === model)?.color ?? color('accent');
  const decided = s.decisions.accept + s.decisions.reject;
  const topTools = s.toolCalls.byTool.slice(0, 5);
  return [
    {
      title: 'Token Usage',
      legend: legend([
        ['input', formatCount(s.tokens.input), color('input')],
        ['output', formatCount(s.tokens.output), color('output')],
      ]),
      series: {
        values: [
          { values: column('inputTokens'), color: color('input') },
          { values: column('outputTokens'), color: color('output') },
        ],
        label: compactCount,
      },
    },
    {
      title: 'Cost Over Time',
      legend: legend(models.map((m) => [m.model, formatUsd(m.costUsd), m.color])),
      series: { values: models.map((m) => ({ values: m.values, color: m.color })), label: compactUsd },
    },
    {
      title: 'Active Time',
      legend: legend([
        ['user', formatDuration(s.activeTime.userSeconds * 1000), seriesColor(0)],
        ['cli', formatDuration(s.activeTime.cliSeconds * 1000), seriesColor(1)],
      ]),
      series: {
        values: [
          { values: column('activeUserSeconds'), color: seriesColor(0) },
          { values: column('activeCliSeconds'), color: seriesColor(1) },
        ],
        label: (v) => `${compactCount(v)}s`,
      },
    },
    {
      title: 'Lines of Code',
      legend: legend([
        ['added', formatCount(s.lines.added), color('good')],
        ['removed', formatCount(s.lines.removed), color('bad')],
      ]),
      series: {
        values: [
          { values: column('linesAdded'), color: color('good') },
          { values: column('linesRemoved'), color: color('bad') },
        ],
        label: compactCount,
      },
    },
    {
      title: 'Tool Calls',
      legend: legend([['calls', formatCount(s.toolCalls.total), color('accent')]]),
      series: { values: [{ values: column('toolCalls'), color: color('accent') }], label: compactCount },
    },
    {
      title: 'Top Tools',
      legend: note(
        `${formatCount(s.toolCalls.byTool.length)} tool${s.toolCalls.byTool.length === 1 ? '' : 's'} used${s.toolCalls.byTool.length > topTools.length ? `, top ${topTools.length}` : ''}`,
      ),
      bars: barList(
        topTools.map((t, i) => ({ name: t.name, value: t.count, color: seriesColor(i) })),
        width,
        'no tool calls',
      ),
    },
    {
      title: 'API Requests',
      legend: note(`${formatCount(s.apiRequests.total)} request${s.apiRequests.total === 1 ? '' : 's'}`),
      bars: barList(
        s.apiRequests.byModel.map((m) => ({ name: m.name, value: m.count, color: colorOf(m.name) })),
        width,
        'no API requests',
      ),
    },
    {
      title: 'Decisions',
      legend: note(
        `${formatCount(s.decisions.accept)} accepted · ${formatCount(s.decisions.reject)} rejected (${formatPercent(decided > 0 ? s.decisions.accept / decided : null)} accept rate)`,
      ),
      bars: barList(
        [
          { name: 'accept', value: s.decisions.accept, color: color('good') },
          { name: 'reject', value: s.decisions.reject, color: color('bad') },
        ],
        width,
        '',
      ),
    },
    ...attributionPanel(s, width),
    ...(projects !== null && projects.some((p) => p.project !== null) ? [projectPanel(projects, width)] : []),
  ];
}

const attributionTitles = [
  ['skill', 'Skill'],
  ['mcp', 'MCP'],
  ['agent', 'Agent'],
  ['plugin', 'Plugin'],
] as const;

/**
 * Cost by what the requests were made for (Claude Code 2.1.332 attributes): the costliest skills,
 * MCP servers, agent types and plugins in one panel, titled by the kinds that have any; none when
 * no request in range named one.
 */
function attributionPanel(s: Summary, width: number): Panel[] {
  const byKind = { skill: s.bySkill, mcp: s.byMcp, agent: s.byAgent, plugin: s.byPlugin };
  const present = attributionTitles.filter(([kind]) => byKind[kind].length > 0);
  if (present.length === 0) return [];
  const entries = present
    .flatMap(([kind]) => byKind[kind].map((f) => ({ kind, f })))
    .sort((a, b) => b.f.costUsd - a.f.costUsd)
    .slice(0, 6);
  return [
    {
      title: `Cost by ${present.map(([, title]) => title).join(' / ')}`,
      // How many of each kind had requests; a request made for two (a plugin's skill) is under both.
      legend: note(
        present
          .map(
            ([kind, title]) =>
              `${formatCount(byKind[kind].length)} ${title === 'MCP' ? 'MCP server' : title.toLowerCase()}${byKind[kind].length === 1 ? '' : 's'}`,
          )
          .join(' · '),
      ),
      bars: barList(
        entries.map((e, i) => ({ name: `${e.kind} ${plainText(e.f.key)}`, value: e.f.costUsd, color: seriesColor(i), display: formatUsd(e.f.costUsd) })),
        width,
        '',
      ),
    },
  ];
}

function projectPanel(projects: readonly ProjectCost[], width: number): Panel {
  const shown = projects.slice(0, 6);
  const unpriced = projects.reduce((n, p) => n + p.unpricedSessions, 0);
  const named = projects.filter((p) => p.project !== null).length;
  return {
    title: 'Cost by Project',
    legend: note(
      `${formatCount(named)} project${named === 1 ? '' : 's'} · whole sessions in range${unpriced > 0 ? ` · ${formatCount(unpriced)} unpriced left out` : ''}`,
    ),
    bars: barList(
      shown.map((p, i) => ({ name: plainText(p.project ?? '(no project)'), value: p.costUsd, color: seriesColor(i), display: formatUsd(p.costUsd) })),
      width,
      '',
    ),
  };
}

export function panelHeight(panel: Panel, chartRows: number): number {
  return 2 + (panel.series === undefined ? 0 : chartRows + 1) + (panel.bars?.length ?? 0);
}

export function panelLines(panel: Panel, s: Summary, width: number, chartRows: number): StyledLine[] {
  const title: StyledLine = [
    { text: panel.title, color: color('accent'), isBold: true },
    { text: ` ${'─'.repeat(Math.max(0, width - textLength(panel.title) - 1))}`, color: color('muted') },
  ];
  const chart =
    panel.series === undefined
      ? []
      : lineChart({
          series: panel.series.values,
          startMs: s.buckets[0]?.startMs ?? 0,
          bucketMs: s.range.bucketMs,
          width,
          rows: chartRows,
          label: panel.series.label,
        });
  return [title, panel.legend, ...chart, ...(panel.bars ?? [])];
}

interface ModelSeries {
  /** The model as stored, to match other figures by. */
  key: string;
  model: string;
  costUsd: number;
  values: number[];
  color: string | undefined;
}

/** One series per model, most expensive first; past the palette, the rest add up to "other". */
function modelSeries(s: Summary): ModelSeries[] {
  const shown = s.byModel.length > seriesColors.length ? s.byModel.slice(0, seriesColors.length - 1) : s.byModel;
  const series = shown.map((m, i) => ({
    key: m.model,
    model: plainText(m.model),
    costUsd: m.costUsd,
    values: s.buckets.map((b) => b.costByModel[m.model] ?? 0),
    color: seriesColor(i),
  }));
  if (shown.length === s.byModel.length) return series;
  const rest = s.byModel.slice(shown.length);
  return [
    ...series,
    {
      key: '',
      model: `${rest.length} other`,
      costUsd: rest.reduce((n, m) => n + m.costUsd, 0),
      values: s.buckets.map((b) => rest.reduce((n, m) => n + (b.costByModel[m.model] ?? 0), 0)),
      color: seriesColor(shown.length),
    },
  ];
}

function seriesColor(index: number): string | undefined {
  return isColorEnabled() ? seriesColors[index % seriesColors.length] : undefined;
}

function legend(entries: readonly (readonly [name: string, figure: string, color: string | undefined])[]): StyledLine {
  return entries.flatMap(([name, figure, c], i): Segment[] => [
    { text: `${i === 0 ? '' : '   '}● `, color: c },
    { text: `${plainText(name)} ` },
    { text: figure, isBold: true },
  ]);
}

function note(text: string): StyledLine {
  return [{ text, color: color('muted') }];
}

function compactCount(value: number): string {
  if (value >= 1_000_000) return `${(value / 1_000_000).toFixed(1)}M`;
  if (value >= 1000) return `${(value / 1000).toFixed(1)}k`;
  if (value >= 10) return String(Math.round(value));
  return value.toFixed(1);
}

function compactUsd(value: number): string {
  if (value === 0) return '$0';
  return `$${value < 1 ? value.toFixed(3) : value.toFixed(2)}`;
}
