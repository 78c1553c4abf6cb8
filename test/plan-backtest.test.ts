// The forecast's backtest over stored samples: status line inputs through the `statusline` command
// and a real turn's telemetry through the receiver, at injected times; rows and means checked
// exactly, and `status` (plain and --json) showing the mean error.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { statusCommand } from '../src/cli/commands/status.js';
import { planBacktest } from '../src/store/read/plan-backtest.js';
import { planFeed } from './helpers/plan-inputs.js';
import { tempReceiver, type TempReceiver } from './helpers/temp-store.js';

const minute = 60_000;
const t0 = Date.parse('2026-12-01T12:00:00Z');
const at = (minutes: number) => t0 + minutes * minute;

const first = at(240); // a window that fills
const second = at(540); // the next, which resets without filling

let store: TempReceiver;
beforeAll(async () => {
  store = await tempReceiver();
  const { refresh, turnAt } = planFeed(store);
  await refresh(at(0), { pct: 40, resetsAtMs: first });
  await turnAt(at(6));
  await refresh(at(12), { pct: 46, resetsAtMs: first });
  await refresh(at(16), { pct: 48, resetsAtMs: first });
  await turnAt(at(50));
  await refresh(at(60), { pct: 100, resetsAtMs: first });
  for (const [minutes, pct] of [
    [250, 10],
    [270, 12],
    [273, 13],
    [276, 13],
    [280, 70],
    [284, 74],
  ] as const)
    await refresh(at(minutes), { pct, resetsAtMs: second });
});
afterAll(async () => {
  await store.stop();
});

const noRows = { rows: [], scored: 0, meanAbsErrorMinutes: null, meanErrorMinutes: null };

describe('the plan forecast backtest', () => {
  it('scores each sample against the forecast made just before it', () => {
    const row = (sampleMin: number, previousMin: number, resetsAtMs: number) => ({ sampleMs: at(sampleMin), previousMs: at(previousMin), resetsAtMs });
    expect(planBacktest(store.db, { nowMs: at(541) })).toEqual({
      sinceMs: at(541) - 30 * 24 * 60 * minute,
      fiveHour: {
        rows: [
          // 6 % in 12 minutes: full at 14:00; it was full at 13:00.
          {
            ...row(16, 12, first),
            basis: 'samples',
            pacePctPerHour: 30,
            saidFullAtMs: at(120),
            predictedPct: 48,
            observedPct: 48,
            happenedFullAtMs: at(60),
            errorMinutes: 60,
            rule: 'filled',
          },
          // 44 minutes without a sample: 8 % for one turn, one turn since (56 %), one turn in the last 15 minutes (32 %/h).
          {
            ...row(60, 16, first),
            basis: 'spend',
            pacePctPerHour: 32,
            saidFullAtMs: at(142.5),
            predictedPct: 56,
            observedPct: 100,
            happenedFullAtMs: at(60),
            errorMinutes: 82.5,
            rule: 'filled',
          },
          // The next window: the forecast said "resets first" and so it did: timed by the next sample.
          {
            ...row(273, 270, second),
            basis: 'samples',
            pacePctPerHour: 6,
            saidFullAtMs: null,
            predictedPct: 12.3,
            observedPct: 13,
            happenedFullAtMs: null,
            errorMinutes: 7,
            rule: 'next-sample',
          },
          {
            ...row(276, 273, second),
            basis: 'samples',
            pacePctPerHour: 7.8261,
            saidFullAtMs: null,
            predictedPct: 13.3913,
            observedPct: 13,
            happenedFullAtMs: null,
            errorMinutes: -3,
            rule: 'next-sample',
          },
          {
            ...row(280, 276, second),
            basis: 'samples',
            pacePctPerHour: 6.9231,
            saidFullAtMs: null,
            predictedPct: 13.4615,
            observedPct: 70,
            happenedFullAtMs: null,
            errorMinutes: 490,
            rule: 'next-sample',
          },
          // 120 %/h: full at 16:55; the window reset at 21:00 without filling.
          {
            ...row(284, 280, second),
            basis: 'samples',
            pacePctPerHour: 120,
            saidFullAtMs: at(295),
            predictedPct: 78,
            observedPct: 74,
            happenedFullAtMs: null,
            errorMinutes: -245,
            rule: 'reset-unfilled',
          },
        ],
        scored: 6,
        meanAbsErrorMinutes: 147.92,
        meanErrorMinutes: 65.25,
      },
      sevenDay: noRows,
    });
  });

  it('scores a forecast of a fill that has not come by the next sample while the window is open', () => {
    const last = planBacktest(store.db, { nowMs: at(290) }).fiveHour.rows.at(-1);
    // Predicted 78 %, observed 74 %: 4 % at 120 %/h is 2 minutes early.
    expect(last).toMatchObject({ sampleMs: at(284), saidFullAtMs: at(295), errorMinutes: -2, rule: 'next-sample' });
  });

  it('looks back 30 days', () => {
    expect(planBacktest(store.db, { nowMs: at(60 + 30 * 24 * 60) })).toMatchObject({ fiveHour: { scored: 5 } });
  });

  it('shows the mean error in status, plain and --json', async () => {
    const run = async (json: boolean) => {
      let out = '';
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((out += String(chunk)), true));
      await statusCommand({ db: store.dbPath, port: String(store.receiver.port), json }, at(541));
      spy.mockRestore();
      return out;
    };
    expect((await run(false)).split('\n')).toContain(
      'forecast  5h mean error 147.9 min (bias +65.3 min) over 6 of 6 forecasts · 7d nothing to score yet (last 30 days)',
    );
    expect(JSON.parse(await run(true))).toMatchObject({
      planBacktest: {
        since: new Date(at(541) - 30 * 24 * 60 * minute).toISOString(),
        fiveHour: { forecasts: 6, scored: 6, meanAbsErrorMinutes: 147.92, meanErrorMinutes: 65.25 },
        sevenDay: { forecasts: 0, scored: 0, meanAbsErrorMinutes: null, meanErrorMinutes: null },
      },
    });
  });
});
