// The dashboard's "Cost / Commit" tile and "Cost by Branch" panel, through ink-testing-library, on
// the real 2.1.332 commit capture plus one SYNTHETIC earlier commit in the same session (an edited
// copy of the real record) whose branch name carries terminal escapes.
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import type { RangeKey } from '../src/tui/range.js';
import { commitNowMs, deliverCommitCapture, deliverSyntheticCommit } from './helpers/commit-capture.js';
import { fixtureFeed, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter } from './helpers/ink.js';

let fixture: Fixture;
let withoutCommits: Fixture;
beforeAll(async () => {
  fixture = await fixtureFeed([]);
  await deliverCommitCapture(fixture.store);
  await deliverSyntheticCommit(fixture.store, {
    commitId: 'aaaaaaa1111111111111111111111111111111aa',
    sequence: 1001,
    timeMs: Date.parse('2026-11-29T23:53:24.600Z'),
    branch: '\u001b]0;evil\u0007feat/\u001b[31mred',
  });
  withoutCommits = await fixtureFeed(['json-delta-edit']);
});
afterAll(async () => {
  await fixture.stop();
  await withoutCommits.stop();
});

function app(feed: Fixture, width: number, height: number, range: RangeKey = 'all', nowMs = commitNowMs) {
  return render(
    <ClockContext.Provider value={fixedClock(nowMs)}>
      <App feed={feed.feed} status={feed.status} initialRange={range} size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

/** The tile's three lines: label, value, note (same column, lines below the label). */
function tile(frame: string, label: string): string[] {
  const lines = frame.split('\n');
  const row = lines.findIndex((l) => l.includes(label));
  const column = [...(lines[row] ?? '')].join('').indexOf(label);
  return [0, 1, 2].map((i) =>
    (
      [...(lines[row + i] ?? '')]
        .slice(column)
        .join('')
        .split(/\s{2,}(?!median)/)[0] ?? ''
    ).trim(),
  );
}

describe('dashboard: what a change cost', () => {
  it('shows the median and total cost per commit, and cost by branch split into committed and not committed', async () => {
    const ui = app(fixture, 120, 60);
    const frame = await frameAfter(ui, () => undefined, /Cost by Branch/);
    // Median of $0.005948 and $0.01324; total $0.019188.
    expect(tile(frame, 'Cost / Commit')).toEqual(['Cost / Commit', '$0.0096  median', 'total $0.02']);
    expect(frame).toContain('█ committed $0.02   ░ not committed $0.0073');
    // feature/lab-commit: $0.01324 committed and $0.007292 not; the synthetic branch $0.005948, all committed.
    expect(frame).toMatch(/feature\/lab-commit █{21}░{11} +\$0\.02\n/);
    expect(frame).toMatch(/feat\/red +█{9} +\$0\.0059\n/);
    expect(frame).not.toContain('\u001b');
    ui.unmount();
  });

  it('keeps the tile in the headline row at 80×24', async () => {
    const ui = app(fixture, 80, 24);
    const frame = await frameAfter(ui, () => undefined, /Cost \/ Commit/);
    expect(frame.split('\n').every((l) => [...l].length <= 80)).toBe(true);
    expect(tile(frame, 'Cost / Commit')[1]).toBe('$0.0096  median');
    ui.unmount();
  });

  it('shows neither when the range has no commit', async () => {
    const ui = app(withoutCommits, 120, 60);
    const frame = await frameAfter(ui, () => undefined, /Decisions/);
    expect(frame).not.toContain('Cost / Commit');
    expect(frame).not.toContain('Cost by Branch');
    ui.unmount();
  });
});
