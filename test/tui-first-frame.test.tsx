// The dashboard's first frame is the least it can show: the header, the tiles and the key line, from
// the range's summary and the day's figures; the panels (charts, projects, branches) are neither
// read nor drawn until that frame is out, and fill in with the next one.
import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { countingFeed, type CountingFeed } from './helpers/counting-feed.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter } from './helpers/ink.js';

let fixture: Fixture;
let counting: CountingFeed;
beforeAll(async () => {
  fixture = await fixtureFeed();
  counting = countingFeed(fixture.store.dbPath, fixture.feed);
});
afterAll(async () => {
  counting.feed.close();
  await fixture.stop();
});

describe("the dashboard's first frame", () => {
  it('holds the header, the tiles and the key line; the panels fill in right after', async () => {
    const ui = render(
      <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
        <App feed={counting.feed} status={fixture.status} initialRange="all" size={{ width: 120, height: 40 }} />
      </ClockContext.Provider>,
    );
    const first = ui.frames[0] ?? '';
    const readsBeforeFirst = counting.statements.length;
    const full = await frameAfter(ui, () => undefined, /Decisions/);
    expect({
      header: /receiving on/.test(first),
      tiles: /Total Cost/.test(first),
      keys: /q quit/.test(first),
      panels: /Token Usage|Decisions|Top Tools/.test(first),
    }).toEqual({
      header: true,
      tiles: true,
      keys: true,
      panels: false,
    });
    expect({ tiles: /Total Cost/.test(full), panels: /Token Usage/.test(full), readsAfter: counting.statements.length > readsBeforeFirst }).toEqual({
      tiles: true,
      panels: true,
      readsAfter: true,
    });
    ui.unmount();
  });
});
