// Budgets in the report commands: summary's budget and projection (clock injected, in process),
// sessions' row flag, and the config file with flags over it (the built CLI).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { summaryCommand } from '../src/cli/commands/summary.js';
import { fixtureFeed, fixtureNowMs, type Fixture } from './helpers/fixture-feed.js';
import { runCli } from './helpers/cli.js';

let fixture: Fixture;
let configHome: string;
beforeAll(async () => {
  fixture = await fixtureFeed();
  configHome = path.join(fixture.store.dir, 'config');
  fs.mkdirSync(path.join(configHome, 'claude-otel-tui'), { recursive: true });
});
afterAll(async () => {
  await fixture.stop();
});

const writeConfig = (text: string) => fs.writeFileSync(path.join(configHome, 'claude-otel-tui', 'config.json'), text);

function summaryJson(options: { budgetDaily?: string; budgetSession?: string }): Record<string, unknown> {
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
  vi.stubEnv('XDG_CONFIG_HOME', path.join(fixture.store.dir, 'no-config'));
  summaryCommand({ db: fixture.store.dbPath, json: true, ...options }, fixtureNowMs);
  spy.mockRestore();
  vi.unstubAllEnvs();
  return JSON.parse(out) as Record<string, unknown>;
}

describe('summary', () => {
  it('--json gives today, its projection to midnight, and budget use', () => {
    const s = summaryJson({ budgetDaily: '0.2', budgetSession: '0.03' });
    // Every capture is from that day, so today's cost is the all-time one.
    const hoursLeft = (Date.parse('2026-11-26T00:00:00Z') - fixtureNowMs) / 3_600_000;
    const today = s['today'] as { costUsd: number; burnRateUsdPerHour: number };
    expect(s['today']).toEqual({
      costUsd: expect.closeTo(s['costUsd'] as number, 9),
      burnRateUsdPerHour: s['burnRateUsdPerHour'],
      projectedEndOfDayUsd: today.costUsd + today.burnRateUsdPerHour * hoursLeft,
      hoursLeft,
    });
    expect(s['budget']).toEqual({
      dailyUsd: 0.2,
      todayUsd: today.costUsd,
      dailyPct: (today.costUsd / 0.2) * 100,
      dailyLevel: 'warn',
      sessionUsd: 0.03,
      currentSessionId: (s['currentSession'] as { sessionId: string }).sessionId,
      currentSessionUsd: (s['currentSession'] as { costUsd: number }).costUsd,
      sessionPct: expect.any(Number),
      sessionLevel: 'over',
    });
  });

  it('--json has budget null when none is set', () => {
    expect(summaryJson({})).toMatchObject({ budget: null, today: { costUsd: expect.any(Number) } });
  });

  it('prints budget use and the projection as text, from the config file', async () => {
    writeConfig('{"budgetDailyUsd": 10, "budgetSessionUsd": 2}');
    const { code, stdout } = await runCli(['summary', '--db', fixture.store.dbPath], { XDG_CONFIG_HOME: configHome });
    expect(code).toBe(0);
    expect(stdout).toMatch(/^today \$\d+\.\d\d {2}burn \$\d+\.\d\d\/h \(last 15 min\) {2}projected \$\d+\.\d\d by midnight at that rate$/m);
    expect(stdout).toMatch(/^budget: daily \$0\.00 of \$10\.00 \(0%\) {2}session .* of \$2\.00/m);
  });
});

describe('config file', () => {
  it('flags win over the file', async () => {
    writeConfig('{"budgetSessionUsd": 100}');
    const { stdout } = await runCli(['sessions', '--json', '--budget-session', '0.01', '--db', fixture.store.dbPath], { XDG_CONFIG_HOME: configHome });
    const rows = JSON.parse(stdout) as { costUsd: number | null; budgetLevel: string }[];
    expect(rows.map((r) => r.budgetLevel)).toEqual(
      rows.map((r) => (r.costUsd === null ? 'ok' : r.costUsd >= 0.01 ? 'over' : r.costUsd >= 0.008 ? 'warn' : 'ok')),
    );
    expect(rows.filter((r) => r.budgetLevel === 'over')).not.toHaveLength(0);
  });

  it('sessions marks rows at 80 % and 100 % of the session budget', async () => {
    writeConfig('{}');
    const { stdout } = await runCli(['sessions', '--budget-session', '0.04', '--db', fixture.store.dbPath], { XDG_CONFIG_HOME: configHome });
    expect(stdout).toMatch(/\$0\.04!{1,2} /);
    expect(stdout).toMatch(/\$0\.0079 /);
  });

  it.each([
    ['a wrong field', '{"budgetDailyUsd": "ten"}', /config\.json: "budgetDailyUsd" is "ten", not a positive number of USD/],
    ['a negative budget', '{"budgetSessionUsd": -1}', /config\.json: "budgetSessionUsd" is -1, not a positive number of USD/],
    ['broken JSON', '{"budgetDailyUsd": ', /config\.json is not valid JSON/],
  ])('refuses %s in one line naming the file', async (_name, text, message) => {
    writeConfig(text);
    const { code, stderr } = await runCli(['summary', '--db', fixture.store.dbPath], { XDG_CONFIG_HOME: configHome });
    expect(code).toBe(1);
    expect(stderr.split('\n')[0]).toMatch(message);
    expect(stderr).toContain(path.join(configHome, 'claude-otel-tui', 'config.json'));
  });

  it('refuses a flag that is not an amount', async () => {
    const { code, stderr } = await runCli(['summary', '--budget-daily', 'lots', '--db', fixture.store.dbPath]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--budget-daily "lots" is not a positive number of USD/);
  });
});
