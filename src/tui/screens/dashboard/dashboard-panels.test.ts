import { describe, expect, it } from 'vitest';
import { busySummary, emptySummary } from '../../../../test/helpers/summary.js';
import type { AttributionFigures, ModelFigures, Summary } from '../../../store/read/types.js';
import type { StyledLine } from '../../components/styled-line.js';
import { dashboardPanels, panelHeight, panelLines, type Panel } from './dashboard-panels.js';

const text = (line: StyledLine) => line.map((s) => s.text).join('');
const panel = (panels: Panel[], title: string | RegExp) => panels.find((p) => (typeof title === 'string' ? p.title === title : title.test(p.title)));
const referenceTitles = ['Token Usage', 'Cost Over Time', 'Active Time', 'Lines of Code', 'Tool Calls', 'Top Tools', 'API Requests', 'Decisions'];

const model = (name: string, costUsd: number): ModelFigures => ({
  model: name,
  costUsd,
  unpricedRequests: 0,
  apiRequests: 1,
  tokens: { input: 1, output: 1, cacheRead: 0, cacheCreation: 0, total: 2 },
});
const figures = (key: string, costUsd: number): AttributionFigures => ({
  key,
  costUsd,
  tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 },
  apiRequests: 1,
  unpricedRequests: 0,
});

describe('dashboard panels', () => {
  it("are the reference dashboard's eight, in its order, when nothing is attributed and no session has a project", () => {
    expect(dashboardPanels(busySummary, 60).map((p) => p.title)).toEqual(referenceTitles);
    expect(dashboardPanels(busySummary, 60, [{ project: null, sessions: 3, costUsd: 1, unpricedSessions: 0 }]).map((p) => p.title)).toEqual(referenceTitles);
  });

  it('show the exact figures in their legends', () => {
    const panels = dashboardPanels(busySummary, 60);
    expect(text(panel(panels, 'Token Usage')!.legend)).toBe('● input 24,000   ● output 1,200');
    expect(text(panel(panels, 'Cost Over Time')!.legend)).toBe('● claude-opus-4-8 $1.25');
    expect(text(panel(panels, 'Active Time')!.legend)).toBe('● user 12m00s   ● cli 4m00s');
    expect(text(panel(panels, 'Lines of Code')!.legend)).toBe('● added 24   ● removed 3');
    expect(text(panel(panels, 'Decisions')!.legend)).toBe('20 accepted · 4 rejected (83.3% accept rate)');
    expect(text(panel(panels, 'API Requests')!.legend)).toBe('24 requests');
  });

  it('say "—" for an accept rate with no decisions, and use the singular for one', () => {
    const one: Summary = {
      ...emptySummary,
      apiRequests: { total: 1, byModel: [{ name: 'm', count: 1 }] },
      toolCalls: { total: 1, byTool: [{ name: 'Bash', count: 1 }] },
    };
    const panels = dashboardPanels(one, 60);
    expect(text(panel(panels, 'Decisions')!.legend)).toBe('0 accepted · 0 rejected (— accept rate)');
    expect(text(panel(panels, 'API Requests')!.legend)).toBe('1 request');
    expect(text(panel(panels, 'Top Tools')!.legend)).toBe('1 tool used');
  });

  it('show the top five tools and say how many were used', () => {
    const byTool = ['Bash', 'Edit', 'Read', 'Write', 'Glob', 'Grep', 'Task'].map((name, i) => ({ name, count: 10 - i }));
    const top = panel(dashboardPanels({ ...busySummary, toolCalls: { total: 49, byTool } }, 60), 'Top Tools')!;
    expect(text(top.legend)).toBe('7 tools used, top 5');
    expect(top.bars?.map((l) => text(l).split(' ')[0])).toEqual(['Bash', 'Edit', 'Read', 'Write', 'Glob']);
  });

  it('say so when there are no tool calls or requests, rather than draw empty bars', () => {
    const panels = dashboardPanels(emptySummary, 60);
    expect(panel(panels, 'Top Tools')!.bars?.map(text)).toEqual(['no tool calls']);
    expect(panel(panels, 'API Requests')!.bars?.map(text)).toEqual(['no API requests']);
  });

  it('give each model its own cost series, most expensive first, past the palette the rest as "N other"', () => {
    const byModel = Array.from({ length: 8 }, (_, i) => model(`model-${i}`, 8 - i));
    const cost = panel(dashboardPanels({ ...emptySummary, byModel }, 200), 'Cost Over Time')!;
    expect(cost.series?.values).toHaveLength(6);
    expect(text(cost.legend)).toBe('● model-0 $8.00   ● model-1 $7.00   ● model-2 $6.00   ● model-3 $5.00   ● model-4 $4.00   ● 3 other $6.00');
    const six = panel(dashboardPanels({ ...emptySummary, byModel: byModel.slice(0, 6) }, 200), 'Cost Over Time')!;
    expect(text(six.legend)).not.toContain('other');
  });

  it('add cost by skill / MCP / agent, titled by the kinds that have any, the costliest six', () => {
    const s: Summary = {
      ...busySummary,
      bySkill: [figures('lab-review', 0.0064)],
      byMcp: [{ ...figures('lab', 0.0064), tools: [] }],
      byAgent: [figures('general-purpose', 0.0004)],
    };
    const attributed = panel(dashboardPanels(s, 60), /^Cost by/)!;
    expect(attributed.title).toBe('Cost by Skill / MCP / Agent');
    expect(text(attributed.legend)).toBe('1 skill · 1 MCP server · 1 agent');
    expect(attributed.bars?.map((l) => text(l).replace(/ +█+ +/, ' | '))).toEqual([
      'skill lab-review | $0.0064',
      'mcp lab | $0.0064',
      'agent general-purpose | $0.0004',
    ]);
    const many = panel(dashboardPanels({ ...busySummary, byPlugin: Array.from({ length: 9 }, (_, i) => figures(`p${i}`, i)) }, 60), /^Cost by/)!;
    expect(many.title).toBe('Cost by Plugin');
    expect(text(many.legend)).toBe('9 plugins');
    expect(many.bars?.map((l) => text(l).split(' ')[1])).toEqual(['p8', 'p7', 'p6', 'p5', 'p4', 'p3']);
  });

  it('add cost by project once a session has one, saying what unpriced sessions it leaves out', () => {
    const projects = [
      { project: 'claude-otel-tui', sessions: 2, costUsd: 0.5, unpricedSessions: 1 },
      { project: null, sessions: 1, costUsd: 0.1, unpricedSessions: 0 },
    ];
    const byProject = panel(dashboardPanels(busySummary, 60, projects), 'Cost by Project')!;
    expect(text(byProject.legend)).toBe('1 project · whole sessions in range · 1 unpriced left out');
    expect(byProject.bars?.map((l) => text(l).split(/ +/)[0])).toEqual(['claude-otel-tui', '(no']);
  });

  it('measure a panel as title, legend, chart rows and axis, or its bars', () => {
    const panels = dashboardPanels(busySummary, 60);
    const tokens = panel(panels, 'Token Usage')!;
    const decisions = panel(panels, 'Decisions')!;
    expect([panelHeight(tokens, 5), panelHeight(tokens, 10), panelHeight(decisions, 5)]).toEqual([2 + 5 + 1, 2 + 10 + 1, 2 + 2]);
    expect(panelLines(tokens, busySummary, 60, 5)).toHaveLength(panelHeight(tokens, 5));
    expect(panelLines(decisions, busySummary, 60, 5)).toHaveLength(panelHeight(decisions, 5));
    expect(text(panelLines(tokens, busySummary, 30, 5)[0]!)).toBe(`Token Usage ${'─'.repeat(18)}`);
  });
});
