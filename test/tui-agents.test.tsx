// The TUI on Claude Code 2.1.332's real captures (subagent, skill, MCP): the Agents column, the drawer's
// folded start-up line (unfolded on enter), an agent's result as its turn's title, the subagent's
// figures and the cache writes by lifetime; the dashboard's cost by skill / MCP / agent.
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { captures2_1_332Dir } from './helpers/captures.js';
import { fixtureFeed, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';

const cases = ['v2.1.332-proto-subagent-hooks-traces', 'v2.1.332-json-gzip-skill-traces', 'v2.1.332-proto-mcp-traces'];
/** Just after the captures (2026-11-29 23:50–23:51 UTC). */
const nowMs = Date.parse('2026-11-30T00:10:00Z');

let fixture: Fixture;
beforeAll(async () => {
  fixture = await fixtureFeed(cases, [], captures2_1_332Dir);
});
afterAll(async () => {
  await fixture.stop();
});

type Rendered = ReturnType<typeof render>;

function app(width = 120, height = 40): Rendered {
  return render(
    <ClockContext.Provider value={fixedClock(nowMs)}>
      <App feed={fixture.feed} status={fixture.status} initialRange="24h" size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

const key = (ui: Rendered, name: string, pattern: RegExp) => frameAfter(ui, () => press(ui, name), pattern);

describe('sessions view on 2.1.332', () => {
  it('has an Agents column: the subagent session ran one, the others none', async () => {
    const ui = app();
    const frame = await key(ui, '2', /Start Time/);
    expect(frame).toMatch(/Model\s+Prompts\s+Agents\s+Duration\s+Cost/);
    expect(frame).toContain('3 sessions');
    // Newest first: the subagent session (1 prompt a person typed, 1 agent), then MCP and skill.
    const rows = frame.split('\n').filter((l) => l.includes('claude-opus-5-5'));
    expect(rows.map((l) => /claude-opus-5-5\s+(\d+)\s+(\d+)\s+\d+s\s+(\$[\d.]+)/.exec(l)?.slice(1))).toEqual([
      ['1', '1', '$0.02'],
      ['1', '0', '$0.01'],
      ['1', '0', '$0.01'],
    ]);
    ui.unmount();
  });

  it('fits 80×24 with the Agents column', async () => {
    const ui = app(80, 24);
    const frame = await key(ui, '2', /Agents/);
    expect(frame.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    ui.unmount();
  });
});

describe('the drawer on 2.1.332', () => {
  it("folds start-up into one line, unfolds it on enter; an agent's result titles its turn", async () => {
    const ui = app();
    await key(ui, '2', /Start Time/);
    const frame = await key(ui, 'enter', /── timeline/);
    expect(frame).toMatch(/cache read 30,000 cache write 500 \(5m 0 · 1h 0\)/);
    expect(frame).toMatch(/prompts 1\s+agents 1/);
    expect(frame).toMatch(/agent general-purpose a21d4b1ee… {2}claude-haiku-5-5 {2}2 requests \$0\.0004 {2}2,148 tokens {2}1 tool use {2}878ms {2}async/);
    expect(frame).toMatch(/\+0\.00s\s+▸ start-up\s+managed settings none · 4 plugins \(cc-plugin-agents-md, cc-plugin-telemetry, cc-plugin…$/m);
    expect(frame).not.toContain('plugin_loaded');
    expect(frame).toMatch(/hook_execution_co…\s+PreToolUse:Agent {2}ok {2}63ms/);
    await key(ui, 'j', /^›\s+\+0\.00s\s+▸ start-up/m);
    const unfolded = await key(ui, 'enter', /▾ start-up/);
    expect(unfolded.match(/ {2}plugin_loaded\s+cc-plugin-\S+ \(builtin\)/g)).toHaveLength(4);
    expect(unfolded).toMatch(/ {2}hook_registered\s+PreToolUse {2}command \(userSettings\) {2}matches \*/);
    expect(unfolded).toMatch(/ {2}managed_setting…\s+startup {2}no managed settings/);
    const folded = await key(ui, 'enter', /▸ start-up/);
    expect(folded).not.toContain('plugin_loaded');
    const last = await key(ui, 'G', /^›\s+\+\d\.\d\ds\s+assistant_response/m);
    expect(last).toMatch(/▾ agent result a21d4b1ee8dbce6e4 {2}Subagent: wrote sub\.py\.\s+3 events · \$0\.0077/);
    expect(last).toMatch(/user_prompt\s+agent result {2}a21d4b1ee8dbce6e4 {2}completed {2}"Subagent: wrote sub\.py\."/);
    ui.unmount();
  });
});

describe('dashboard on 2.1.332', () => {
  it('shows cost by skill / MCP / agent, whichever has data', async () => {
    const ui = app(120, 80);
    const frame = await frameAfter(ui, () => undefined, /Cost by Skill \/ MCP \/ Agent/);
    expect(frame).toContain('1 skill · 1 MCP server · 1 agent');
    expect(frame).toMatch(/skill lab-review\s+█+\s+\$0\.0064/);
    expect(frame).toMatch(/mcp lab\s+█+\s+\$0\.0064/);
    expect(frame).toMatch(/agent general-purpose\s+█+\s+\$0\.0004/);
    expect(frame).toContain('subagent $0.0004');
    ui.unmount();
  });
});
