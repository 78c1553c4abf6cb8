// The waterfall in the session drawer, driven like a person through the whole app on real captures:
// Claude Code 2.1.332's subagent session with traces (its Agent tool, the subagent's lane, hooks, the
// permission waits), the same session without its traces, and a 2.1.197 session (no traces at all).
import chalk from 'chalk';
import { render } from 'ink-testing-library';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createChangeFeed, feedFromChanges } from '../src/store/changes.js';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, press } from './helpers/ink.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const subagentCase = 'v2.1.332-proto-subagent-hooks-traces';

let traced: Fixture;
let legacy: Fixture;
let failing: Fixture;
let retried: Fixture;
/** The subagent capture without its traces (logs and metrics only), as a session of a Claude Code set up without them. */
let untraced: TempReceiver;
let untracedChanges: ReturnType<typeof createChangeFeed>;
beforeAll(async () => {
  [traced, legacy, failing] = [
    await fixtureFeed([subagentCase], [], captures2_1_332Dir),
    await fixtureFeed(['proto-delta-tools']),
    await fixtureFeed(['proto-delta-fail']),
  ];
  retried = await fixtureFeed(['v2.1.332-proto-cumulative-error-traces'], [], captures2_1_332Dir);
  untracedChanges = createChangeFeed(0);
  untraced = await tempReceiver({ changes: untracedChanges });
  for (const r of capturedRequests(subagentCase, captures2_1_332Dir).filter((r) => r.signal !== 'traces'))
    expect((await post(`${untraced.receiver.url}${r.path}`, r.body, r.headers)).status).toBe(200);
});
afterAll(async () => {
  await traced.stop();
  await legacy.stop();
  await failing.stop();
  await retried.stop();
  untracedChanges.close();
  await untraced.stop();
});
const initialChalkLevel = chalk.level;
afterEach(() => {
  chalk.level = initialChalkLevel;
  vi.unstubAllEnvs();
});

type Rendered = ReturnType<typeof render>;

function app(fixture: Fixture, width: number, height: number): Rendered {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={fixture.feed} status={fixture.status} initialRange="all" size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

const key = (ui: Rendered, name: string, pattern: RegExp) => frameAfter(ui, () => press(ui, name), pattern);
const lines = (frame: string) => frame.split('\n');

/** The only session of the fixture, its first turn header, then j to the turn `title` names and w. */
async function openWaterfall(ui: Rendered, title: RegExp, moves: number): Promise<string> {
  await key(ui, '2', /Start Time/);
  await key(ui, 'enter', /── timeline/);
  for (let i = 1; i <= moves; i += 1) await key(ui, 'j', i === moves ? title : /── timeline/);
  // (Any colour codes between the words.)
  return key(ui, 'w', /waterfall.{0,30} turn \d/);
}

describe('the waterfall of a traced 2.1.332 turn (the subagent capture)', () => {
  const turnTitle = /^› ▾ survey the project with a subagent/m;

  it('at 120×40: the time line, a scale, a bar per request, tool and hook, the subagent in its lane under the Agent tool', async () => {
    const ui = app(traced, 120, 40);
    const frame = await openWaterfall(ui, turnTitle, 2);
    const body = lines(frame).slice(2);
    expect(body.slice(0, 16).map((l) => l.trimEnd())).toEqual([
      'waterfall turn 2/3  survey the project with a subagent                                                    1.6s · 12 rows',
      'time model 750ms (first token 344ms) · tools 123ms · waiting on you 50ms · hooks 341ms',
      '                                   |0       |200ms    |400ms    |600ms    |800ms    |1s       |1.2s     |1.4s',
      '› prompt                           ────────────────────────────────────────────────────────────────                 1.3s',
      '   claude-opus-5-5                                         ▒▒▒▒▒█████                                              180ms',
      '   PreToolUse:Agent                                               ▓▓▓▓                                              63ms',
      '   Agent                                                             ░████                                          73ms',
      '    general-purpose a21d4b1ee8dbc…                                            ───────────────────────────────────  708ms',
      '     claude-haiku-5-5                                                         ▒▒▒▒▒▒▒▒▒████                        260ms',
      '     PreToolUse:Write                                                                        ▓▓▓▓▓▓▓▓▓▓            180ms',
      '     Write                                                                                             ░░████      102ms',
      '     PostToolUse:Write                                                                                      ▓▓      14ms',
      '     claude-haiku-5-5                                                                                          ▒▒   31ms',
      '   PostToolUse:Agent                                                      ▓▓▓▓▓                                     84ms',
      '   claude-opus-5-5                                                                ▒▒▒▒███████████                  279ms',
      'prompt  +0.00s  1.3s',
    ]);
    expect(frame).toMatch(/^▒ to first token {2}█ model {2}█ tool running {2}░ waiting on you {2}▓ hook {2}╳ failed$/m);
    expect(lines(frame).at(-1)).toMatch(/^j down {2}k up {2}g top {2}G bottom {2}enter raw {2}w\/esc events/);
    ui.unmount();
  });

  it("j/k move between bars and the line below says the selected one's figures", async () => {
    const ui = app(traced, 120, 40);
    await openWaterfall(ui, turnTitle, 2);
    await key(ui, 'j', /^› {2}claude-opus-5-5/m);
    expect(await key(ui, 'j', /^› {2}PreToolUse:Agent/m)).toMatch(/^PreToolUse:Agent {2}\+0\.64s {2}63ms · ok$/m);
    const request = await key(ui, 'k', /^› {2}claude-opus-5-5/m);
    expect(request).toMatch(/^claude-opus-5-5 {2}\+0\.49s {2}180ms · first token 85ms · in 1,007 out 51 cache 2,000\/100 · \$0\.0059 · attempt 1$/m);
    await key(ui, 'j', /^› {2}PreToolUse:Agent/m);
    const tool = await key(ui, 'j', /^› {2}Agent/m);
    expect(tool).toMatch(/^Agent {2}\+0\.71s {2}73ms · waiting on you 8ms \(accept\) · running 64ms · ok$/m);
    const lane = await key(ui, 'j', /^› {3}general-purpose/m);
    expect(lane).toMatch(/^general-purpose {2}\+0\.87s {2}708ms · claude-haiku-5-5 · 2 requests \$0\.0004 · 1 tool use · async · a21d4b1ee8dbce6e4$/m);
    await key(ui, 'G', /^› {2}claude-opus-5-5 {10,}▒/m);
    await key(ui, 'g', /^› prompt/m);
    ui.unmount();
  });

  it("enter on a tool opens its spans' raw JSON (the tool, its permission wait, its run); esc comes back to the bar, w to the events", async () => {
    const ui = app(traced, 120, 40);
    await openWaterfall(ui, turnTitle, 2);
    for (const row of [/^› {2}claude-opus/m, /^› {2}PreToolUse:Agent/m, /^› {2}Agent/m]) await key(ui, 'j', row);
    const raw = await key(ui, 'enter', /^raw spans \(3: the tool, its permission wait, its run\) · tool Agent · d1c10c774faac75e$/m);
    expect(raw).toContain('"name": "claude_code.tool"');
    expect(raw).toMatch(/lines 1–\d+ of \d+ · j\/space for more/);
    await key(ui, 'pagedown', /lines \d+–\d+ of \d+/);
    const back = await key(ui, 'esc', /^waterfall turn 2\/3/m);
    expect(back).toMatch(/^› {2}Agent/m);
    const events = await key(ui, 'w', /── timeline/);
    expect(events).toMatch(turnTitle);
    ui.unmount();
  });

  it('enter on a hook opens the event it was drawn from', async () => {
    const ui = app(traced, 120, 40);
    await openWaterfall(ui, turnTitle, 2);
    await key(ui, 'j', /^› {2}claude-opus/m);
    await key(ui, 'j', /^› {2}PreToolUse:Agent/m);
    const raw = await key(ui, 'enter', /^raw JSON · hook_execution_complete #\d+/m);
    expect(raw).toContain('"hook_name"');
    ui.unmount();
  });

  it('at 80×24: never wider than the terminal, the lane and the figures still there', async () => {
    const ui = app(traced, 80, 24);
    const frame = await openWaterfall(ui, turnTitle, 2);
    expect(lines(frame)).toHaveLength(24);
    expect(lines(frame).filter((l) => [...l].length > 80)).toEqual([]);
    expect(
      lines(frame)
        .slice(2, 9)
        .map((l) => l.trimEnd()),
    ).toEqual([
      'waterfall turn 2/3  survey the project with a subagent            1.6s · 12 rows',
      'time model 750ms (ttft 344ms) · tools 123ms · waiting 50ms · hooks 341ms',
      '                         |0     |250ms  |500ms |750ms  |1s    |1.25s  |',
      '› prompt                 ───────────────────────────────────────            1.3s',
      '   claude-opus-5-5                      ▒▒▒███                             180ms',
      '   PreToolUse:Agent                         ▓▓▓                             63ms',
      '   Agent                                      ███                           73ms',
    ]);
    expect(frame).toMatch(/^ {4}general-purpose a21… {27}─{22} {2}708ms$/m);
    expect(frame).toMatch(/^prompt {2}\+0\.00s {2}1\.3s$/m);
    ui.unmount();
  });

  it('colours the bars by role, and not at all under NO_COLOR, where the glyphs still tell them apart', async () => {
    chalk.level = 1;
    vi.stubEnv('NO_COLOR', '');
    const coloured = app(traced, 120, 40);
    const frame = await openWaterfall(coloured, /survey the project/, 2);
    // cyan (36) model requests, yellow (33) the wait, green (32) the run, magenta (35) hooks.
    expect(frame).toMatch(/\u001b\[36m▒+█+/);
    expect(frame).toMatch(/\u001b\[33m░+\u001b\[32m█+/);
    expect(frame).toMatch(/\u001b\[35m▓+/);
    coloured.unmount();
    vi.stubEnv('NO_COLOR', '1');
    const plain = app(traced, 120, 40);
    const plainFrame = await openWaterfall(plain, /survey the project/, 2);
    expect(plainFrame).not.toMatch(/\u001b\[(3\d|9\d)m/);
    expect(plainFrame).toMatch(/░████/);
    plain.unmount();
  });
});

describe('a request retried after a 529 (2.1.332, traces on)', () => {
  it('draws its failed attempt and the wait before the retry apart from the attempt that answered, and says the attempt', async () => {
    const ui = app(retried, 80, 24);
    await openWaterfall(ui, /^› ▾ overloaded, then fine/m, 2);
    // The span is 760 ms; its api_request's 83 ms are the last attempt's: 677 ms went on retrying.
    const frame = await key(ui, 'j', /^› {2}claude-opus-5-5/m);
    expect(frame).toMatch(/^› {2}claude-opus-5-5 +╳{26}▒{3}█ {3}760ms$/m);
    // At 80 columns the figures take two lines rather than lose the cost and the attempt.
    expect(frame).toMatch(
      /^claude-opus-5-5 {2}\+0\.45s {2}760ms · first token 66ms\nin 1,014 out 52 cache 4,000\/100 · \$0\.0064 · attempt 2 \(retrying 677ms\)$/m,
    );
    ui.unmount();
  });
});

describe('the session drawer: a time line per turn', () => {
  it("says under each turn's header where its time went, and the cursor passes over it", async () => {
    const ui = app(traced, 120, 40);
    await key(ui, '2', /Start Time/);
    const frame = await key(ui, 'enter', /── timeline/);
    expect(frame).toMatch(
      /^ {2}▾ survey the project with a subagent.*\n {4}time model 750ms \(first token 344ms\) · tools 123ms · waiting on you 50ms · hooks 341ms\n {4}\+0\.64s {3}user_prompt/m,
    );
    expect(frame).toMatch(/^ {4}time model 28ms \(first token 14ms\) · tools 0ms · waiting on you 0ms · hooks 0ms$/m);
    await key(ui, 'j', /^› {3}\+0\.00s {3}▸ start-up/m);
    await key(ui, 'j', /^› ▾ survey the project/m);
    await key(ui, 'j', /^› {3}\+0\.64s {3}user_prompt/m);
    await key(ui, 'k', /^› ▾ survey the project/m);
    ui.unmount();
  });
});

describe('without traces', () => {
  it('a 2.1.197 turn (80×24): drawn from the events, and says so; enter shows the event it was drawn from', async () => {
    const ui = app(legacy, 80, 24);
    const frame = await openWaterfall(ui, /^› ▾ write hello\.py and show it/m, 3);
    expect(lines(frame)).toHaveLength(24);
    expect(lines(frame).filter((l) => [...l].length > 80)).toEqual([]);
    expect(
      lines(frame)
        .slice(2, 11)
        .map((l) => l.trimEnd()),
    ).toEqual([
      'waterfall turn 2/2  write hello.py and show it                    165ms · 5 rows',
      'time model 75ms (ttft —) · tools 52ms · waiting — · hooks —',
      "no traces: drawn from events' durations; `setup --traces` turns them on",
      '                         |0     |25ms  |50ms  |75ms   |100ms |125ms |',
      '› claude-opus-4-8        ██████                                             18ms',
      '  Write                         █████                                       14ms',
      '  claude-opus-4-8                        ████████████                       38ms',
      '  Bash                                             ████████████             38ms',
      '  claude-opus-4-8                                                  ██████   19ms',
    ]);
    expect(frame).toMatch(/^claude-opus-4-8 {2}\+0\.00s {2}18ms · in 1,014 out 52 cache 4,000\/100 · \$0\.0090$/m);
    await key(ui, 'j', /^› Write/m);
    const raw = await key(ui, 'enter', /^raw JSON · tool_result #\d+/m);
    expect(raw).toContain('"tool_name": "Write"');
    await key(ui, 'esc', /^› Write/m);
    await key(ui, 'esc', /── timeline/);
    ui.unmount();
  });

  it("a 2.1.332 turn without its traces: the subagent's bars still in a lane under the Agent tool", async () => {
    const ui = app({ ...traced, feed: feedFromChanges(untraced.db, untracedChanges) }, 80, 24);
    const frame = await openWaterfall(ui, /^› ▾ survey the project with a subagent/m, 2);
    expect(frame).toContain("no traces: drawn from events' durations; `setup --traces` turns them on");
    expect(
      lines(frame)
        .slice(6, 16)
        .map((l) => l.trimEnd().replace(/ {2,}\S+$/, '')),
    ).toEqual([
      '› claude-opus-5-5        ▒▒▒▒████',
      '  PreToolUse:Agent            ▓▓▓▓',
      '  Agent                           ████',
      '   general-purpose a21d…                  ───────────────────────────────',
      '    claude-haiku-5-5                      ▒▒▒▒▒▒▒▒███',
      '    PreToolUse:Write                                   ▓▓▓▓▓▓▓▓▓',
      '    Write                                                         ███',
      '    PostToolUse:Write                                                ▓',
      '    claude-haiku-5-5                                                   ▒▒',
      '  PostToolUse:Agent                   ▓▓▓▓▓',
    ]);
    ui.unmount();
  });

  it('a rejected request (an api_error) is a failed bar, told apart by its glyph too, and its figures say so', async () => {
    const ui = app(failing, 80, 24);
    const frame = await openWaterfall(ui, /^› ▾ this request is rejected/m, 3);
    expect(frame).toMatch(/^› claude-opus-4-8\[1m\] {4}╳{48} {3}21ms$/m);
    expect(frame).toMatch(/^claude-opus-4-8\[1m\] {2}\+0\.00s {2}21ms · attempt 1 · failed$/m);
    ui.unmount();
  });
});
