// `summary --by skill|mcp|agent|plugin`: cost and tokens by what the requests were made for
// (Claude Code 2.1.332 attributes), as JSON rows and as a table (an MCP server's tools under it).
import type { AttributionFigures, Summary } from '../../store/read/types.js';
import { formatCount, formatUsd } from '../../present/format.js';
import { renderTable } from './table.js';

export const attributionGroupings = ['skill', 'mcp', 'agent', 'plugin'] as const;
export type AttributionGrouping = (typeof attributionGroupings)[number];

/** The summary's rows for a grouping: `key, costUsd, tokens{…}, apiRequests` (an MCP server's also `tools`). */
export function attributionRows(s: Summary, by: AttributionGrouping): readonly AttributionFigures[] {
  switch (by) {
    case 'skill':
      return s.bySkill;
    case 'mcp':
      return s.byMcp;
    case 'agent':
      return s.byAgent;
    case 'plugin':
      return s.byPlugin;
    default: {
      const unreachable: never = by;
      return unreachable;
    }
  }
}

const nouns: Record<AttributionGrouping, string> = { skill: 'skill', mcp: 'MCP server', agent: 'agent type', plugin: 'plugin' };

export function attributionTable(s: Summary, by: AttributionGrouping): string {
  const rows = attributionRows(s, by);
  if (rows.length === 0) return `no request was made for a ${nouns[by]} in this range (Claude Code 2.1.332+ says so on its requests)\n`;
  const cells = (f: AttributionFigures, key: string) => [
    key,
    `${formatUsd(f.costUsd)}${f.unpricedRequests > 0 ? ` +${f.unpricedRequests} unpriced` : ''}`,
    formatCount(f.apiRequests),
    formatCount(f.tokens.input),
    formatCount(f.tokens.output),
    formatCount(f.tokens.cacheRead),
    formatCount(f.tokens.cacheCreation),
  ];
  const lines = rows.flatMap((f) => [cells(f, f.key), ...(by === 'mcp' ? toolsOf(s, f.key).map((t) => cells(t, `  ${t.key}`)) : [])]);
  return renderTable(
    [
      { header: nouns[by] },
      { header: 'Cost', align: 'right' },
      { header: 'Requests', align: 'right' },
      { header: 'In', align: 'right' },
      { header: 'Out', align: 'right' },
      { header: 'Cache read', align: 'right' },
      { header: 'Cache write', align: 'right' },
    ],
    lines,
  );
}

function toolsOf(s: Summary, server: string): readonly AttributionFigures[] {
  return s.byMcp.find((m) => m.key === server)?.tools ?? [];
}
