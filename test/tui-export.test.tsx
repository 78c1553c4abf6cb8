// `e` exports the current view: the sessions the list shows (its range, filter and sort) as CSV, or
// the open session's timeline as JSON, the same payload as `session --json`. The path, or why it
// failed, shows in the footer.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { runCli } from './helpers/cli.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';

let fixture: Fixture;
let dir: string;
beforeAll(async () => {
  fixture = await fixtureFeed();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tui-export-'));
});
afterAll(async () => {
  await fixture.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function app(exportDir: string, width = 120, height = 30) {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={fixture.feed} status={fixture.status} initialRange="all" exportDir={exportDir} size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

/** The footer line names the file; the fixture's clock is 2026-11-25 14:40 (TZ=UTC). */
function writtenPath(frame: string): string {
  return /exported to (\S+) \(/.exec(frame)![1]!;
}

function csvRows(text: string): string[][] {
  return text
    .trimEnd()
    .split('\n')
    .map((line) => line.split(','));
}

const db = () => ['--db', fixture.store.dbPath];

describe('e exports the current view', () => {
  it('the sessions shown, with the filter, as the CSV `sessions --csv` prints', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'filter-'));
    const ui = app(out);
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    await frameAfter(ui, () => press(ui, '/'), /\/█/);
    await frameAfter(ui, () => press(ui, 'opus'), /\/opus█/);
    await frameAfter(ui, () => press(ui, 'enter'), /filter: opus/);
    const frame = await frameAfter(ui, () => press(ui, 'e'), /exported to \S+ \(\d+ sessions?\)/);
    const cli = await runCli(['sessions', '--csv', '--since', 'all', '--filter', 'opus', ...db()]);
    ui.unmount();
    expect(writtenPath(frame)).toBe(path.join(out, 'claude-otel-tui-sessions-20261125-1440.csv'));
    expect(fs.readFileSync(writtenPath(frame), 'utf8')).toBe(cli.stdout);
    expect((fs.statSync(writtenPath(frame)).mode & 0o777).toString(8)).toBe('600');
  });

  it('in the order the list is sorted, and never over an earlier file', async () => {
    const out = fs.mkdtempSync(path.join(dir, 'sort-'));
    const ui = app(out);
    await frameAfter(ui, () => press(ui, '2'), /Start Time▼/);
    await frameAfter(ui, () => press(ui, 's'), /Cost▼/);
    const first = await frameAfter(ui, () => press(ui, 'e'), /exported to \S+ \(7 sessions\)/);
    const second = await frameAfter(ui, () => press(ui, 'e'), /-2\.csv/);
    ui.unmount();
    const [header, ...rows] = csvRows(fs.readFileSync(writtenPath(first), 'utf8'));
    const costs = rows.map((r) => Number(r[header!.indexOf('costUsd')]));
    expect(costs).toEqual([...costs].sort((a, b) => b - a));
    expect(writtenPath(second)).toBe(path.join(out, 'claude-otel-tui-sessions-20261125-1440-2.csv'));
    expect(fs.readFileSync(writtenPath(second), 'utf8')).toBe(fs.readFileSync(writtenPath(first), 'utf8'));
  });

  it("the open session's timeline as the JSON `session --json` prints", async () => {
    const out = fs.mkdtempSync(path.join(dir, 'session-'));
    const ui = app(out);
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    const opened = await frameAfter(ui, () => press(ui, 'enter'), /session [0-9a-f-]{8}/);
    const frame = await frameAfter(ui, () => press(ui, 'e'), /exported to \S+ \(session /);
    ui.unmount();
    const written = JSON.parse(fs.readFileSync(writtenPath(frame), 'utf8')) as { session: { sessionId: string } };
    const cli = await runCli(['session', written.session.sessionId, '--json', ...db()]);
    expect(opened).toContain(written.session.sessionId.slice(0, 8));
    expect(writtenPath(frame)).toBe(path.join(out, 'claude-otel-tui-session-20261125-1440.json'));
    expect(written).toEqual(JSON.parse(cli.stdout));
  });

  it('says in the footer why it could not write, and the notice goes with the next view', async () => {
    const missing = path.join(dir, 'no-such-folder');
    const ui = app(missing);
    await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    const failed = await frameAfter(ui, () => press(ui, 'e'), /export failed/);
    const next = await frameAfter(ui, () => press(ui, '1'), /^(?![\s\S]*export failed)/);
    ui.unmount();
    expect(failed).toContain(`export failed: ${missing}: no such folder (CLAUDE_OTEL_TUI_EXPORT_DIR sets the folder)`);
    expect(next).toMatch(/q\/ctrl\+c quit|q quit/);
  });

  it('is in the keymap, so the footer and ? show it', async () => {
    const ui = app(dir);
    const list = await frameAfter(ui, () => press(ui, '2'), /Start Time/);
    const help = await frameAfter(ui, () => press(ui, '?'), /Keys \(any key closes\)/);
    ui.unmount();
    expect(list).toMatch(/\be export\b/);
    expect(help).toContain('export the rows shown');
    expect(help).toContain("export the session's timeline");
  });
});
