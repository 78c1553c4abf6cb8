// The real interactive 2.1.332 session: Claude Code refreshed its status bar after the turn before
// our telemetry of it arrived, and the line read "session $0.02 · today $0.00 · $0.00/h". Its own
// session total on stdin must count until the telemetry is in, and not twice after. The lab's
// status line inputs and request bodies, delivered in that order through the real receiver.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { statuslineCommand } from '../src/cli/commands/statusline.js';
import { freshSpend } from '../src/store/read/fresh-spend.js';
import { localDay } from '../src/store/read/spend.js';
import { captureFiles, deliver, rebased } from './helpers/rebased-capture.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const capture = path.join(import.meta.dirname, 'fixtures', 'statusline', 'v2.1.332-interactive-statusline');
const [startup, afterTurn, later] = fs.readFileSync(path.join(capture, 'statusline-inputs.jsonl'), 'utf8').trimEnd().split('\n') as [string, string, string];
const telemetry = captureFiles(capture);
const sessionId = '2bd93043-9958-4edf-b46e-9d2ac5f17376';
const turnUsd = 0.02648;
const minute = 60_000;
// The session's requests went out at 00:17:28; the telemetry's last export was at 00:17:35.
const startupMs = Date.parse('2026-11-30T00:17:22Z');
const afterTurnMs = Date.parse('2026-11-30T00:17:29Z');
const laterMs = Date.parse('2026-11-30T00:17:36Z');

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver();
});
afterEach(async () => {
  await store.stop();
});

async function statusline(stdin: string, nowMs: number): Promise<string> {
  let stdout = '';
  await statuslineCommand(
    { db: store.dbPath },
    { stdin, nowMs, env: { NO_COLOR: '1', XDG_CONFIG_HOME: store.dir }, stdout: (t) => (stdout += t), stderr: (t) => expect.fail(t) },
  );
  return stdout;
}

const claude = (costUsd: number, durationMs: number) => ({ sessionId, costUsd, durationMs });

describe("today's spend and the burn rate in the status line", () => {
  it("count Claude Code's session total before our telemetry of the turn arrives, and once after", async () => {
    expect(await statusline(startup, startupMs)).toBe('session $0.00 · today $0.00 · $0.00/h\n');
    expect(await statusline(afterTurn, afterTurnMs)).toBe('session $0.03 · today $0.03 · $0.11/h\n');
    await deliver(store.receiver.url, telemetry);
    expect(await statusline(later, laterMs)).toBe('session $0.03 · today $0.03 · $0.11/h\n');
    const day = localDay(laterMs);
    expect(freshSpend(store.db, { nowMs: laterMs, day, sessionId, claude: claude(0.026480000000000004, 13_119) })).toMatchObject({
      todayUsd: expect.closeTo(turnUsd, 12),
      burnRateUsdPerHour: expect.closeTo(turnUsd * 4, 12),
    });
  });

  it("never show less than the other sessions' spend today plus that total", async () => {
    // The same turn 10 minutes earlier in another session: today and in the last 15 minutes.
    await deliver(store.receiver.url, rebased(telemetry, -10 * minute, '0c000000-0000-4000-8000-000000000001'));
    await statusline(startup, startupMs);
    expect(await statusline(afterTurn, afterTurnMs)).toBe('session $0.03 · today $0.05 · $0.21/h\n');
    await deliver(store.receiver.url, telemetry);
    expect(await statusline(later, laterMs)).toBe('session $0.03 · today $0.05 · $0.21/h\n');
  });

  it('count only what the session total grew by today and in the last 15 minutes', async () => {
    // A session without telemetry: $1.00 at 23:00 yesterday, $1.20 at 00:01, $1.50 at 00:07.
    const input = (costUsd: number, durationMs: number) =>
      JSON.stringify({ ...JSON.parse(afterTurn), cost: { total_cost_usd: costUsd, total_duration_ms: durationMs } });
    await statusline(input(1, 60 * minute), Date.parse('2026-11-29T23:00:00Z'));
    await statusline(input(1.2, 121 * minute), Date.parse('2026-11-30T00:01:00Z'));
    await statusline(input(1.5, 127 * minute), Date.parse('2026-11-30T00:07:00Z'));
    // At 00:17:29, $1.75: $0.75 of it since midnight, $0.55 since 00:02:29 ($2.20/h).
    expect(await statusline(input(1.75, 137 * minute), afterTurnMs)).toBe('session $1.75 · today $0.75 · $2.20/h\n');
  });
});
