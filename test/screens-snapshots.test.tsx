// Every screen as a person sees it, at 80×24 and 120×40, kept as a text file under
// test/__snapshots__/screens/: a change to a frame shows as a diff to review (`npx vitest run -u`
// rewrites them; see the README's Development section), not as a regex that still happens to match.
// The frames come from the real captures through the real receiver, drawn with NO_COLOR, an injected
// clock and a fixed range; the header's endpoint and database path (a port and a temp dir that change
// every run) are replaced by fixed strings, so nothing in a frame depends on the machine or the day.
import fs from 'node:fs';
import path from 'node:path';
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSyncState } from '../src/store/sync-state.js';
import { resolveMachineName } from '../src/sync/machine-name.js';
import { exportPass, importPass } from '../src/sync/sync-pass.js';
import { App } from '../src/tui/app.js';
import type { HeaderStatus } from '../src/tui/components/header.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import type { RangeKey } from '../src/tui/range.js';
import { captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, key, openSession, settled } from './helpers/ink.js';
import { post, tempReceiver } from './helpers/temp-store.js';

const sizes = [
  [80, 24],
  [120, 40],
] as const;

const endpoint = 'http://127.0.0.1:4318';
/** What the fixture's status says, with the run's port and temp folder replaced by fixed strings. */
const fixedStatus = (status: HeaderStatus): HeaderStatus => ({
  ...status,
  endpoint,
  dbPath: '~/.local/share/claude-otel-tui/telemetry.db',
  setupLines: ['export CLAUDE_CODE_ENABLE_TELEMETRY=1', `export OTEL_EXPORTER_OTLP_ENDPOINT=${endpoint}`],
});

const toolsSession = '0a000000-0000-4000-8000-000000000001';
const cases2_1_332 = ['v2.1.332-proto-subagent-hooks-traces', 'v2.1.332-json-gzip-skill-traces', 'v2.1.332-proto-mcp-traces'];
/** Just after the 2.1.332 captures (2026-11-29 23:50–23:51 UTC); fixtureNowMs is just after 2.1.197's. */
const nowMs2_1_332 = Date.parse('2026-11-30T00:10:00Z');

interface Source {
  fixture: Fixture;
  nowMs: number;
}

let v2_1_197: Source;
let v2_1_332: Source;
let empty: Source;
let machines: Source;
const initialChalkLevel = chalk.level;

beforeAll(async () => {
  // Colour off however the machine's terminal is set up (FORCE_COLOR, a TTY): bold and inverse are
  // escape codes too, and the files hold plain text.
  chalk.level = 0;
  v2_1_197 = { fixture: await fixtureFeed(), nowMs: fixtureNowMs };
  v2_1_332 = { fixture: await fixtureFeed(cases2_1_332, [], captures2_1_332Dir), nowMs: nowMs2_1_332 };
  empty = { fixture: await fixtureFeed([]), nowMs: fixtureNowMs };
  // Two machines, as test/tui-machines.test.tsx sets them up: this one (laptop) and a synced desktop.
  const laptop = await fixtureFeed(['json-delta-edit', 'json-gzip-redacted-haiku']);
  const folder = path.join(laptop.store.dir, 'shared');
  fs.mkdirSync(folder);
  const desk = await tempReceiver();
  for (const r of capturedRequests('proto-delta-tools')) await post(`${desk.receiver.url}${r.path}`, r.body, r.headers);
  exportPass(desk.db, createSyncState(desk.db), { folder, machine: 'desktop' });
  await desk.stop();
  const state = createSyncState(laptop.store.db);
  resolveMachineName(state, 'laptop');
  await importPass(laptop.store.db, state, { folder, machine: 'laptop' });
  machines = { fixture: laptop, nowMs: fixtureNowMs };
});

afterAll(async () => {
  chalk.level = initialChalkLevel;
  for (const s of [v2_1_197, v2_1_332, empty, machines]) await s?.fixture.stop();
});

type Rendered = ReturnType<typeof render>;

function app(source: Source, width: number, height: number, range: RangeKey): Rendered {
  return render(
    <ClockContext.Provider value={fixedClock(source.nowMs)}>
      <App feed={source.fixture.feed} status={fixedStatus(source.fixture.status)} initialRange={range} size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

/**
 * The frame once the screen has settled: the one that matched, unless a render followed it.
 * Lines lose trailing blanks (an editor would strip them from the file; they show nothing).
 */
async function settledFrame(ui: Rendered): Promise<string> {
  await settled();
  return `${(ui.lastFrame() ?? '')
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')}\n`;
}

async function expectScreen(ui: Rendered, name: string, width: number, height: number): Promise<void> {
  const frame = await settledFrame(ui);
  ui.unmount();
  const lines = frame.slice(0, -1).split('\n');
  expect(lines).toHaveLength(height);
  expect(Math.max(...lines.map((l) => [...l].length))).toBeLessThanOrEqual(width);
  expect(frame).not.toContain('\u001b');
  await expect(frame).toMatchFileSnapshot(`./__snapshots__/screens/${name}-${width}x${height}.txt`);
}

describe.each(sizes)('screens at %i×%i', (width, height) => {
  it('dashboard, with data (2.1.197 captures, range all)', async () => {
    const ui = app(v2_1_197, width, height, 'all');
    await frameAfter(ui, () => undefined, /Token Usage/);
    await expectScreen(ui, 'dashboard', width, height);
  });

  it('dashboard, empty database: how to point Claude Code here', async () => {
    const ui = app(empty, width, height, '24h');
    await frameAfter(ui, () => undefined, /OTEL_EXPORTER_OTLP_ENDPOINT/);
    await expectScreen(ui, 'dashboard-empty', width, height);
  });

  // Every column is whole, the last one (Errors) included: a row cut at the edge would hide it.
  it('sessions (2.1.197 captures)', async () => {
    const ui = app(v2_1_197, width, height, 'all');
    expect(await key(ui, '2', /7 sessions · sorted by/)).toMatch(/Agents.*Tokens\s+Errors\s*$/m);
    await expectScreen(ui, 'sessions', width, height);
  });

  it('sessions with agents (2.1.332 captures: a subagent, a skill, an MCP server)', async () => {
    const ui = app(v2_1_332, width, height, 'all');
    expect(await key(ui, '2', /3 sessions · sorted by/)).toMatch(/Agents.*Tokens\s+Errors\s*$/m);
    await expectScreen(ui, 'sessions-agents', width, height);
  });

  it('sessions from two machines: the Machine column', async () => {
    const ui = app(machines, width, height, '24h');
    expect(await key(ui, '2', /3 sessions · sorted by/)).toMatch(/Machine.*Tokens\s+Errors\s*$/m);
    await expectScreen(ui, 'sessions-machines', width, height);
  });

  it('session drawer: the event list (2.1.197 tools session)', async () => {
    const ui = app(v2_1_197, width, height, 'all');
    await openSession(ui, toolsSession);
    await expectScreen(ui, 'session', width, height);
  });

  it('session drawer: start-up folded into one line (2.1.332 subagent session)', async () => {
    const ui = app(v2_1_332, width, height, 'all');
    await key(ui, '2', /3 sessions · sorted by/);
    await key(ui, 'enter', /▸ start-up/);
    await expectScreen(ui, 'session-startup', width, height);
  });

  it('session drawer: w, the waterfall of a traced turn (2.1.332 subagent session)', async () => {
    const ui = app(v2_1_332, width, height, 'all');
    await key(ui, '2', /3 sessions · sorted by/);
    await key(ui, 'enter', /── timeline/);
    await key(ui, 'j', /^› .*start-up/m);
    await key(ui, 'j', /^› ▾ survey the project with a subagent/m);
    await key(ui, 'w', /waterfall.{0,30} turn \d/);
    await expectScreen(ui, 'session-waterfall', width, height);
  });

  it('session drawer: an event as raw JSON (2.1.197 tools session)', async () => {
    const ui = app(v2_1_197, width, height, 'all');
    await openSession(ui, toolsSession);
    await key(ui, 'j', /^›\s+\+0\.00s\s+api_request/m);
    await key(ui, 'enter', /raw JSON · api_request/);
    await expectScreen(ui, 'session-raw', width, height);
  });

  it('help overlay (?)', async () => {
    const ui = app(v2_1_197, width, height, 'all');
    await frameAfter(ui, () => undefined, /Token Usage/);
    await key(ui, '?', /Everywhere/);
    await expectScreen(ui, 'help', width, height);
  });
});
