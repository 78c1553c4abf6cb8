// The plan forecast from sequences of status line inputs (the documented rate_limits shape, resets
// in the future of an injected clock) run through the `statusline` command, and telemetry (a real
// 2.1.332 turn, moved in time) through the real receiver. Every figure is checked exactly.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { summaryCommand } from '../src/cli/commands/summary.js';
import { planForecast } from '../src/store/read/plan-forecast.js';
import { planLine } from '../src/present/plan-forecast.js';
import { planFeed, type PlanFeed } from './helpers/plan-inputs.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const minute = 60_000;
const t0 = Date.parse('2026-12-01T12:00:00Z');
const at = (minutes: number) => t0 + minutes * minute;

let store: TempReceiver;
let refresh: PlanFeed['refresh'];
let turnAt: PlanFeed['turnAt'];
beforeEach(async () => {
  store = await tempReceiver();
  ({ refresh, turnAt } = planFeed(store));
});
afterEach(async () => {
  await store.stop();
});

const fiveResets = at(240); // 16:00
const sevenResets = at(3 * 24 * 60); // Fri 12:00

describe('the plan forecast', () => {
  it('from the samples: the pace between them, from the latest one', async () => {
    await refresh(at(0), { pct: 40, resetsAtMs: fiveResets }, { pct: 10, resetsAtMs: sevenResets });
    // Two samples 10 minutes apart: 5 % in 10 minutes is 30 %/h, and 55 % left fill in 110 minutes.
    expect(await refresh(at(10), { pct: 45, resetsAtMs: fiveResets }, { pct: 10, resetsAtMs: sevenResets })).toBe(
      'session $0.00 · today $0.00 · $0.00/h · 5h 45%!→full 14:00 · 7d 10%\n',
    );
    expect(await refresh(at(20), { pct: 50, resetsAtMs: fiveResets }, { pct: 10, resetsAtMs: sevenResets })).toBe(
      'session $0.00 · today $0.00 · $0.00/h · 5h 50%!→full 14:00 · 7d 10%\n',
    );
    const plan = planForecast(store.db, { nowMs: at(22) });
    expect(plan).toEqual({
      fiveHour: {
        usedPct: 50,
        resetsAtMs: fiveResets,
        sampleMs: at(20),
        forecast: { fullAtMs: at(120), resetsAtMs: fiveResets, pacePctPerHour: 30, basis: 'samples', estimatedPct: 51 },
      },
      // 20 minutes is too short a span for a 7-day window (one hour at least).
      sevenDay: { usedPct: 10, resetsAtMs: sevenResets, sampleMs: at(20), forecast: null },
    });
    expect(planLine(plan, at(22))).toBe('plan 5h 50% → 100% at 14:00 (resets 16:00) · 7d 10%, no forecast yet (resets Fri 12:00)');
  });

  it('says when the window resets before it fills', async () => {
    await refresh(at(0), { pct: 20, resetsAtMs: fiveResets });
    await refresh(at(10), { pct: 22, resetsAtMs: fiveResets });
    // 12 %/h: 76 % left would take 6 h 20 min; the window resets in 3 h 40 min.
    expect(await refresh(at(20), { pct: 24, resetsAtMs: fiveResets })).toBe('session $0.00 · today $0.00 · $0.00/h · 5h 24%→reset 16:00\n');
    const plan = planForecast(store.db, { nowMs: at(20) });
    expect(plan.fiveHour?.forecast).toEqual({ fullAtMs: null, resetsAtMs: fiveResets, pacePctPerHour: 12, basis: 'samples', estimatedPct: 24 });
    expect(planLine(plan, at(20))).toBe('plan 5h 24%, resets before it fills (16:00)');
  });

  it('from our spend once the latest sample is 5 minutes old: percent per dollar × the burn rate since it', async () => {
    await refresh(at(0), { pct: 40, resetsAtMs: fiveResets });
    await turnAt(at(5));
    await turnAt(at(15));
    await refresh(at(20), { pct: 50, resetsAtMs: fiveResets });
    await turnAt(at(22));
    await turnAt(at(27));
    // 10 % for two turns: 5 % a turn. Two more since: 60 % now, at two turns in 10 minutes (60 %/h).
    expect(planForecast(store.db, { nowMs: at(30) }).fiveHour?.forecast).toEqual({
      fullAtMs: at(70),
      resetsAtMs: fiveResets,
      pacePctPerHour: 60,
      basis: 'spend',
      estimatedPct: 60,
    });
    // No new sample, no new spend: the burn rate is one turn in the last 15 minutes.
    expect(planForecast(store.db, { nowMs: at(40) }).fiveHour?.forecast).toEqual({
      fullAtMs: at(160),
      resetsAtMs: fiveResets,
      pacePctPerHour: 20,
      basis: 'spend',
      estimatedPct: 60,
    });
    // Idle for 15 minutes: nothing moves it.
    const idle = planForecast(store.db, { nowMs: at(120) });
    expect(idle.fiveHour?.forecast).toEqual({ fullAtMs: null, resetsAtMs: fiveResets, pacePctPerHour: 0, basis: 'spend', estimatedPct: 60 });
    // The status line (an input without rate limits, as an API key session sends) shows the same.
    expect(await refresh(at(30), null)).toBe('session $0.00 · today $0.11 · $0.32/h · 5h 50%!→full 13:10\n');
  });

  it.each([
    ['one sample', [[0, 40]], at(1)],
    [
      'samples less than 10 minutes apart',
      [
        [0, 40],
        [9, 45],
      ],
      at(9),
    ],
    [
      'an old latest sample and no spend of ours between the samples',
      [
        [0, 40],
        [20, 50],
      ],
      at(26),
    ],
  ] as const)('has no forecast from %s', async (_name, samples, nowMs) => {
    for (const [minutes, pct] of samples) await refresh(at(minutes), { pct, resetsAtMs: fiveResets });
    const plan = planForecast(store.db, { nowMs });
    expect(plan.fiveHour?.forecast).toBeNull();
    expect(planLine(plan, nowMs)).toBe(`plan 5h ${samples.at(-1)?.[1]}%, no forecast yet (resets 16:00)`);
  });

  it('measures only the current window, and takes the highest figure an idle session reports late', async () => {
    await refresh(at(-20), { pct: 90, resetsAtMs: at(-10) });
    await refresh(at(0), { pct: 40, resetsAtMs: fiveResets });
    await refresh(at(5), { pct: 30, resetsAtMs: fiveResets });
    await refresh(at(10), { pct: 46, resetsAtMs: fiveResets });
    // An idle session still reporting the window before: the status line shows the current one.
    expect(await refresh(at(10), { pct: 90, resetsAtMs: at(-10) })).toBe('session $0.00 · today $0.00 · $0.00/h · 5h 46%!→full 13:40\n');
    expect(planForecast(store.db, { nowMs: at(10) }).fiveHour).toEqual({
      usedPct: 46,
      resetsAtMs: fiveResets,
      sampleMs: at(10),
      forecast: { fullAtMs: at(100), resetsAtMs: fiveResets, pacePctPerHour: 36, basis: 'samples', estimatedPct: 46 },
    });
  });

  it('is gone once the window resets', async () => {
    await refresh(at(0), { pct: 40, resetsAtMs: fiveResets });
    await refresh(at(10), { pct: 45, resetsAtMs: fiveResets });
    expect(planForecast(store.db, { nowMs: fiveResets })).toEqual({ fiveHour: null, sevenDay: null });
  });

  it('is in summary: plan in --json (null when unknown), a line in the text', async () => {
    const summary = (json: boolean) => {
      let out = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
      vi.stubEnv('XDG_CONFIG_HOME', store.dir);
      summaryCommand({ db: store.dbPath, json, since: 'all' }, at(21));
      spy.mockRestore();
      vi.unstubAllEnvs();
      return out;
    };
    expect(JSON.parse(summary(true))).toMatchObject({ plan: { fiveHour: null, sevenDay: null } });
    expect(summary(false)).not.toContain('plan');
    await refresh(at(0), { pct: 40, resetsAtMs: fiveResets });
    await refresh(at(20), { pct: 50, resetsAtMs: fiveResets });
    expect(JSON.parse(summary(true))).toMatchObject({
      plan: {
        fiveHour: {
          usedPct: 50,
          resetsAtMs: fiveResets,
          sampleMs: at(20),
          forecast: { fullAtMs: at(120), resetsAtMs: fiveResets, pacePctPerHour: 30, basis: 'samples', estimatedPct: 50.5 },
        },
        sevenDay: null,
      },
    });
    expect(summary(false).split('\n')).toContain('plan 5h 50% → 100% at 14:00 (resets 16:00)');
  });
});
