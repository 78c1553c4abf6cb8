// Retention from the command line: a dry run counts, a prune deletes in one go, nothing else deletes.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordStatusline } from '../src/store/statusline.js';
import { captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver();
  for (const r of capturedRequests('proto-delta-tools')) await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
  // A later session's 6 spans (2026-11-29), alone.
  const traces = capturedRequests('v2.1.332-json-gzip-skill-traces', captures2_1_332Dir).find((r) => r.signal === 'traces')!;
  await post(`${store.receiver.url}${traces.path}`, traces.body, traces.headers);
});
afterEach(async () => {
  await store.stop();
});

const counts = () => store.db.prepare('SELECT (SELECT COUNT(*) FROM events), (SELECT COUNT(*) FROM metric_points)').raw().get();

describe('prune', () => {
  it('--dry-run reports what would go and deletes nothing', async () => {
    const before = counts();
    const { code, stdout } = await runCli(['prune', '--older-than', '2026-11-26T00:00:00Z', '--dry-run', '--json', '--db', store.dbPath]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ events: 12, metricPoints: 15, dryRun: true, cutoff: '2026-11-26T00:00:00.000Z' });
    expect(counts()).toEqual(before);
  });

  it('removes data older than the cutoff and keeps newer data', async () => {
    recordStatusline(store.db, {
      sessionId: 's1',
      timeMs: Date.parse('2026-11-25T14:00:00Z'),
      cwd: '/p',
      projectDir: '/p',
      transcriptPath: null,
      modelId: null,
      modelName: null,
      costUsd: 1,
      durationMs: null,
      linesAdded: null,
      linesRemoved: null,
      contextInputTokens: null,
      contextOutputTokens: null,
      contextWindowTokens: null,
      contextUsedPct: null,
      fiveHour: { usedPct: 10, resetsAtMs: null },
      sevenDay: null,
    });
    const old = await runCli(['prune', '--older-than', '2026-11-25T00:00:00Z', '--db', store.dbPath]);
    expect(old.stdout).toMatch(/^removed 0 events, 0 metric points/);
    const all = await runCli(['prune', '--older-than', '2026-11-26T00:00:00Z', '--db', store.dbPath]);
    expect(all.stdout).toMatch(
      /^removed 12 events, 15 metric points, 15 metric series, 0 spans, 0 transcript requests and 1 status line snapshots older than 2026-11-26T00:00:00\.000Z\n$/,
    );
    expect(counts()).toEqual([0, 0]);
    const later = await runCli(['prune', '--older-than', '2026-12-01T00:00:00Z', '--db', store.dbPath]);
    expect(later.stdout).toMatch(/^removed 0 events, 0 metric points, 0 metric series, 6 spans, /);
    expect(store.db.prepare('SELECT COUNT(*) FROM spans').pluck().get()).toBe(0);
    expect(store.db.prepare('SELECT (SELECT COUNT(*) FROM statusline_snapshots), (SELECT COUNT(*) FROM session_workspaces)').raw().get()).toEqual([0, 0]);
  });

  it.each([
    [['prune', '--older-than', 'all'], /would delete everything/],
    [['prune'], /required option '--older-than <age>'/],
    [['serve', '--keep-days', 'x'], /--keep-days x is not a whole number of days/],
  ])('%j is refused', async (args, message) => {
    const { code, stderr } = await runCli([...args, '--db', store.dbPath]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});
