import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await fixtureFeed();
});
afterAll(async () => {
  await fixture.stop();
});

function app(width = 120, height = 30, from: Fixture = fixture) {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={from.feed} status={from.status} initialRange="24h" size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

describe('sessions view', () => {
  it('lists every session newest first with the reference columns and exact figures', async () => {
    const ui = app();
    const frame = await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    expect(frame).toMatch(/Start Time▼?\s+Project\s+User\s+Model\s+Prompts\s+Agents\s+Duration\s+Cost\s+Tools\s+Tokens\s+Errors/);
    expect(frame).toContain('7 sessions');
    expect(frame).toMatch(/claude-haiku-4-5\s+1\s+0\s+\d+s\s+\$0\.0034\s+0\s+2,124\s+0/);
    expect(frame).toMatch(/claude-opus-4-8\s+1\s+0\s+\d+s\s+\$0\.0079\s+0\s+1,058\s+1/);
    expect(frame).toMatch(/^● /m);
    ui.unmount();
  });

  it('filters with / and clears with esc', async () => {
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    await frameAfter(ui, () => press(ui, '/'), /\/█/);
    // Typed in one go, as a paste arrives.
    await frameAfter(ui, () => press(ui, 'haiku'), /\/haiku█/);
    const filtered = await frameAfter(ui, () => press(ui, 'enter'), /1 session ·/);
    expect(filtered).toContain('filter: haiku');
    expect(filtered).not.toContain('claude-opus-4-8');
    const cleared = await frameAfter(ui, () => press(ui, 'esc'), /7 sessions/);
    expect(cleared).toContain('claude-opus-4-8');
    ui.unmount();
  });

  it('s cycles the sort column', async () => {
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /Start Time▼/);
    const byCost = await frameAfter(ui, () => press(ui, 's'), /Cost▼/);
    expect(byCost).toContain('sorted by costUsd');
    ui.unmount();
  });

  it('enter opens the selected session', async () => {
    const ui = app();
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    await frameAfter(ui, () => press(ui, 'j'), /Start Time/);
    const frame = await frameAfter(ui, () => press(ui, 'enter'), /session [0-9a-f-]{36}/);
    expect(frame).not.toContain('Start Time');
    ui.unmount();
  });

  it('fits 80×24 without wrapping a row', async () => {
    const ui = app(80, 24);
    const frame = await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    expect(frame.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    expect(frame.split('\n')).toHaveLength(24);
    ui.unmount();
  });
});

describe('sessions by project, with the cross-check', () => {
  let withProjects: Fixture;
  beforeAll(async () => {
    // proto-delta-tools' transcript gains a request that never reached telemetry: that session is flagged.
    const lost = {
      type: 'assistant',
      sessionId: '0a000000-0000-4000-8000-000000000001',
      requestId: 'req_lost',
      timestamp: '2026-11-25T14:37:30.000Z',
      message: { model: 'claude-opus-4-8', usage: { input_tokens: 1000, output_tokens: 100 } },
    };
    withProjects = await fixtureFeed(
      ['json-delta-edit', 'proto-delta-tools', 'proto-delta-error'],
      [
        { caseName: 'json-delta-edit', cwd: '/home/dev/alpha' },
        { caseName: 'proto-delta-tools', cwd: '/home/dev/beta', extraLines: [lost] },
        // A session whose telemetry never arrived: only its transcript knows of it.
        { caseName: 'proto-gzip-cumulative-mixed', cwd: '/home/dev/gamma' },
      ],
    );
  });
  afterAll(async () => {
    await withProjects.stop();
  });

  const projectsApp = () => app(120, 30, withProjects);

  it("shows each session's project and marks the flagged one", async () => {
    const ui = projectsApp();
    const frame = await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    // The gutter: ● live, then ! flagged.
    expect(frame).toMatch(/^●!11-25 14:37 beta\s/m);
    expect(frame).toMatch(/^● 11-25 14:37 alpha\s/m);
    expect(frame).toMatch(/^● 11-25 14:37 —\s/m);
    expect(frame).toContain('3 sessions · sorted by startTime · 1 flagged (!): enter shows why');
    ui.unmount();
  });

  it('p groups the sessions under a heading per project, costliest first, and enter opens the highlighted one', async () => {
    const ui = projectsApp();
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    const grouped = await frameAfter(ui, () => press(ui, 'p'), /by project/);
    const headings = grouped.split('\n').filter((l) => l.startsWith('▾ '));
    expect(headings).toEqual(['▾ alpha · 1 session · $0.04', '▾ beta · 1 session · $0.04 · 1 flagged', '▾ (no project) · 1 session · $0.02']);
    await frameAfter(ui, () => press(ui, 'j'), /Start Time/);
    const opened = await frameAfter(ui, () => press(ui, 'enter'), /session 0a000000-0000-4000-8000-000000000001/);
    expect(opened).toContain('project beta on HEAD');
    expect(opened).toContain('! transcript has 1 request telemetry lacks (≈$0.0075 not in the totals)');
    const ungrouped = await frameAfter(ui, () => press(ui, 'esc'), /Start Time/);
    expect(ungrouped).toContain('by project');
    const flat = await frameAfter(ui, () => press(ui, 'p'), /sorted by startTime · 1 flagged/);
    expect(flat).not.toContain('▾ ');
    ui.unmount();
  });

  it('the dashboard counts sessions only transcripts know of, with an estimate, out of the totals', async () => {
    const ui = projectsApp();
    const frame = await frameAfter(ui, () => undefined, /transcripts only/);
    expect(frame).toContain('! transcripts only 1 session ≈$0.03 not in totals');
    const panel = await frameAfter(ui, () => press(ui, 'jjjj'), /Cost by Project/);
    expect(panel).toContain('2 projects · whole sessions in range');
    expect(panel).toMatch(/alpha\s+█+\s+\$0\.04/);
    expect(panel).toMatch(/\(no project\)\s+█+\s+\$0\.02/);
    expect(frame).toMatch(/Total Cost\s[\s\S]*\$0\.09/);
    ui.unmount();
  });

  it('shows the check in the drawer of a session that checks out', async () => {
    const ui = projectsApp();
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    await frameAfter(ui, () => press(ui, 'j'), /Start Time/);
    const frame = await frameAfter(ui, () => press(ui, 'enter'), /session 0a000000-0000-4000-8000-000000000002/);
    expect(frame).toContain('project alpha on HEAD');
    expect(frame).toMatch(/check ok — all 3 of the transcript's requests are in telemetry; metrics and events agree/);
    ui.unmount();
  });
});
