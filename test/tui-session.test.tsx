import { render } from 'ink-testing-library';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { session } from '../src/store/read/session.js';
import { App } from '../src/tui/app.js';
import { ClockContext, fixedClock } from '../src/tui/hooks/use-now.js';
import { osc52 } from '../src/tui/screens/session/osc52.js';
import { SessionScreen } from '../src/tui/screens/session/session-screen.js';
import { initialSessionState } from '../src/tui/screens/session/session-state.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { frameAfter, key, openSession } from './helpers/ink.js';
import { post } from './helpers/temp-store.js';

const failSession = '0a000000-0000-4000-8000-000000000006';
const toolsSession = '0a000000-0000-4000-8000-000000000001';
const haikuSession = '0a000000-0000-4000-8000-000000000005';
const hostileSession = '0e5c0000-0000-4000-8000-00000000000e';

let fixture: Fixture;
beforeAll(async () => {
  fixture = await fixtureFeed();
});
afterAll(async () => {
  await fixture.stop();
});

type Rendered = ReturnType<typeof render>;

function app(width = 120, height = 30): Rendered {
  return render(
    <ClockContext.Provider value={fixedClock(fixtureNowMs)}>
      <App feed={fixture.feed} status={fixture.status} initialRange="24h" size={{ width, height }} />
    </ClockContext.Provider>,
  );
}

const lines = (frame: string) => frame.split('\n');

describe('session drawer', () => {
  it('shows the metadata, exact stats and the turn-by-turn timeline of the failing session', async () => {
    const ui = app();
    const frame = await openSession(ui, failSession);
    expect(frame).toContain(`session ${failSession}`);
    expect(frame).toMatch(/user 07a157554b0273dc5bc2.*model claude-opus-4-8\s+version 2\.1\.197\s+terminal xterm\s+os linux 6\.18\.44/);
    expect(frame).toMatch(/cost \$0\.0079\s+tokens in 1,007 out 51\s+cache read 2,000 cache write 100\s+API requests 1\s+prompts 1\s+tool calls 0/);
    expect(frame).toMatch(/errors 1\s+duration 126ms\s+lines \+0 -0/);
    // 2.1.197 sends no traces, no time to first token and no hook events: those are unknown, not 0.
    expect(frame).toMatch(/^time model 84ms \(first token —\) · tools 0ms · waiting on you — · hooks —\s*$/m);
    expect(frame).toMatch(/── timeline · 2 turns · 4 events ─+/);
    expect(frame).toMatch(/^› ▾ \(outside a prompt\)\s+2 events · \$0\.0079\s+\+0\.00s$/m);
    expect(frame).toMatch(/^ {2}▾ this request is rejected\s+2 events · \$0\.00\s+\+0\.05s$/m);
    expect(frame).toMatch(/\+0\.00s\s+api_request\s+claude-opus-4-8\s+\$0\.0079\s+84ms\s+in 1,007 out 51 cache 2,000\/100\s+generate_session_title/);
    expect(frame).toMatch(/\+0\.05s\s+user_prompt\s+"this request is rejected"/);
    expect(frame).toMatch(/\+0\.12s\s+api_error\s+400\s+prompt is too long\s+claude-opus-4-8\[1m\]\s+attempt 1\s+21ms/);
    ui.unmount();
  });

  it('moves over turn headers and events; enter folds a turn and unfolds it', async () => {
    const ui = app();
    await openSession(ui, toolsSession);
    await key(ui, 'j', /^›\s+\+0\.00s\s+api_request/m);
    await key(ui, 'j', /^›\s+\+0\.00s\s+assistant_response/m);
    const atTurn = await key(ui, 'j', /^› ▾ write hello\.py and show it\s+10 events · \$0\.03/m);
    expect(atTurn).toMatch(/tool_result\s+Write\s+ok\s+14ms/);
    expect(atTurn).toMatch(/tool_decision\s+Bash\s+accept \(config\)/);
    const folded = await key(ui, 'enter', /^› ▸ write hello\.py and show it/m);
    expect(folded).not.toContain('tool_result');
    expect(folded).not.toContain('user_prompt');
    expect(folded).toContain('"Lab session"');
    const unfolded = await key(ui, 'enter', /^› ▾ write hello\.py and show it/m);
    expect(unfolded).toMatch(/user_prompt\s+"write hello\.py and show it"/);
    expect(unfolded).toMatch(/tool_result\s+Bash\s+ok\s+38ms/);
    await key(ui, 'G', /^›\s+\+0\.33s\s+assistant_response\s+"Done: wrote hello\.py and showed it\."/m);
    await key(ui, 'g', /^› ▾ \(outside a prompt\)/m);
    ui.unmount();
  });

  it('enter on an event shows its raw JSON, j and pagedown scroll it, esc goes back to the timeline and then the list', async () => {
    const ui = app();
    await openSession(ui, failSession);
    await key(ui, 'j', /^›\s+\+0\.00s\s+api_request/m);
    const raw = await key(ui, 'enter', /raw JSON · api_request #0 · 2026-11-25T14:37:37\.687Z/);
    expect(raw).toContain('"request_id": "req_lab_1"');
    expect(raw).toContain('"cost_usd": 0.007935000000000001');
    expect(raw).toContain('lines 1–25 of 36');
    expect(lines(raw)[3]).toBe('{');
    const scrolled = await key(ui, 'j', /lines 2–26 of 36/);
    expect(lines(scrolled)[3]).toBe('  "timeUnixNano": "1795617457687000000",');
    const bottom = await key(ui, 'pagedown', /lines 12–36 of 36/);
    expect(bottom).toContain('"name": "com.anthropic.claude_code.events"');
    await key(ui, 'pageup', /lines 1–25 of 36/);
    const timeline = await key(ui, 'esc', /── timeline/);
    expect(timeline).toMatch(/^›\s+\+0\.00s\s+api_request/m);
    const list = await key(ui, 'esc', /Start Time/);
    expect(list).toContain(`filter: ${failSession}`);
    ui.unmount();
  });

  it('encodes the clipboard as OSC 52 with base64', () => {
    expect(osc52('{"a":1}')).toBe('\u001b]52;c;eyJhIjoxfQ==\u0007');
    expect(Buffer.from(osc52('“é” \u001b[31m').slice(7, -1), 'base64').toString('utf8')).toBe('“é” \u001b[31m');
  });

  it('y copies the raw JSON with OSC 52 and says so', async () => {
    const ui = app();
    await openSession(ui, failSession);
    await key(ui, 'j', /^›\s+\+0\.00s\s+api_request/m);
    await key(ui, 'enter', /raw JSON · api_request/);
    await key(ui, 'y', /copied 1,058 bytes to the clipboard \(OSC 52\)/);
    const raw = session(fixture.feed.db, failSession)?.turns[0]?.events[0]?.raw;
    expect(ui.frames).toContain(osc52(JSON.stringify(raw, null, 2)));
    await key(ui, 'j', /lines 2–26 of 36/);
    ui.unmount();
  });

  it('shows "redacted" for a redacted prompt', async () => {
    const ui = app();
    const frame = await openSession(ui, haikuSession);
    expect(frame).toMatch(/^ {2}▾ redacted\s+3 events · \$0\.0018/m);
    expect(frame).toMatch(/user_prompt\s+18 chars, redacted/);
    expect(frame).toMatch(/assistant_response\s+28 chars, redacted/);
    ui.unmount();
  });

  it('shows telemetry without its escape sequences, in the timeline and the raw JSON', async () => {
    const attr = (k: string, v: string | number) => ({ key: k, value: typeof v === 'number' ? { intValue: String(v) } : { stringValue: v } });
    const record = (name: string, sequence: number, attributes: ReturnType<typeof attr>[]) => ({
      timeUnixNano: String(BigInt(Date.parse('2026-11-25T14:38:00Z') + sequence) * 1_000_000n),
      body: { stringValue: `claude_code.${name}` },
      attributes: [attr('session.id', hostileSession), attr('prompt.id', 'p-esc'), attr('event.name', name), attr('event.sequence', sequence), ...attributes],
    });
    const body = {
      resourceLogs: [
        {
          resource: { attributes: [attr('service.name', 'claude-code'), attr('service.version', '2.1.197')] },
          scopeLogs: [
            {
              scope: { name: 'com.anthropic.claude_code.events' },
              logRecords: [
                record('user_prompt', 0, [attr('prompt', '\u001b[31mred\u001b]0;title\u0007'), attr('prompt_length', 3)]),
                record('api_error', 1, [attr('error', '\u001b[2Jboom\u001b]52;c;AAAA\u0007'), attr('status_code', 529), attr('model', '\u001b[1mopus')]),
                record('tool_result', 2, [attr('tool_name', '\u001b[31mBash\u009b2J'), attr('success', 'false'), attr('duration_ms', '5')]),
              ],
            },
          ],
        },
      ],
    };
    const res = await post(`${fixture.store.receiver.url}/v1/logs`, JSON.stringify(body), { 'content-type': 'application/json' });
    expect(res.status).toBe(200);
    const ui = app();
    const frame = await openSession(ui, hostileSession);
    expect(frame).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(frame).toMatch(/^› ▾ red\s+3 events/m);
    expect(frame).toMatch(/user_prompt\s+"red"/);
    expect(frame).toMatch(/api_error\s+529\s+boom\s+opus/);
    // The 8-bit CSI (U+009B) goes with its parameters, as the 7-bit one does.
    expect(frame).toMatch(/tool_result\s+Bash\s+failed\s+5ms/);
    await key(ui, 'j', /^›\s+\+0\.00s\s+user_prompt/m);
    const raw = await key(ui, 'enter', /raw JSON · user_prompt #0/);
    expect(raw).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(raw).toContain(String.raw`"prompt": "\u001b[31mred\u001b]0;title\u0007"`);
    await key(ui, 'esc', /── timeline/);
    await key(ui, 'j', /^›\s+\+0\.00s\s+api_error/m);
    await key(ui, 'j', /^›\s+\+0\.00s\s+tool_result/m);
    // JSON.stringify leaves C1 controls such as U+009B (CSI) raw; the view shows them escaped, as data.
    const rawTool = await key(ui, 'enter', /raw JSON · tool_result #2/);
    expect(rawTool).not.toMatch(/[\u001b\u0007\u009b]/);
    expect(rawTool).toContain(String.raw`"tool_name": "\u001b[31mBash\u009b2J"`);
    ui.unmount();
  });

  it.each([
    ['timeline', 'k', /^› ▾ \(outside a prompt\)/m],
    ['raw JSON', 'enter', /raw JSON/],
  ])('fits 80×24 without wrapping (%s)', async (_name, last, pattern) => {
    const ui = app(80, 24);
    await openSession(ui, failSession);
    await key(ui, 'j', /^›\s+\+0\.00s\s+api_request/m);
    const frame = await key(ui, last, pattern);
    expect(lines(frame)).toHaveLength(24);
    expect(lines(frame).filter((l) => [...l].length > 80)).toEqual([]);
    ui.unmount();
  });

  it('says so in one line for a session id it does not know, and esc goes back', async () => {
    const onBack = vi.fn();
    const ui = render(
      <SessionScreen
        feed={fixture.feed}
        sessionId="0a000000-nope"
        state={initialSessionState}
        dispatch={() => undefined}
        isFocused
        onBack={onBack}
        exportDir="."
        onNotice={() => undefined}
        width={80}
        height={10}
      />,
    );
    const frame = await frameAfter(ui, () => undefined, /no session/);
    expect(frame).toBe('no session "0a000000-nope" in the database; esc goes back to the list');
    await key(ui, 'esc', /no session/);
    await expect.poll(() => onBack.mock.calls.length).toBe(1);
    ui.unmount();
  });
});
