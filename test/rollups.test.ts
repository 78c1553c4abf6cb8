// Rollups are updated row by row as data arrives; they must equal a rebuild from the raw rows, after
// every kind of write: new rows, retries, late cumulative points, and prune.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { rebuildRollups } from '../src/store/rollups.js';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let store: TempReceiver;
beforeEach(async () => {
  store = await tempReceiver();
});
afterEach(async () => {
  await store.stop();
});

const tables = ['session_stats', 'session_models', 'usage_hours', 'tool_hours', 'decision_hours', 'metric_hours'];

/** Every rollup row, floats rounded far below a cent so the order of additions does not matter. */
function snapshot(): Record<string, unknown[]> {
  const round = (v: unknown) => (typeof v === 'number' && !Number.isInteger(v) ? Math.round(v * 1e9) / 1e9 : v);
  return Object.fromEntries(
    tables.map((t) => [t, (store.db.prepare(`SELECT * FROM ${t} ORDER BY 1, 2, 3`).all() as Record<string, unknown>[]).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, round(v)])))]),
  );
}

async function deliver(caseName: string) {
  for (const r of capturedRequests(caseName)) await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
}

describe('rollups', () => {
  it('kept row by row equal a rebuild from the raw rows, retries included', async () => {
    for (const c of captureCases) await deliver(c);
    for (const c of captureCases) await deliver(c);
    const incremental = snapshot();
    rebuildRollups(store.db);
    expect(snapshot()).toEqual(incremental);
    expect(incremental['session_stats']).toHaveLength(captureCases.length);
  });

  it('follow a cumulative run whose points arrive out of order', async () => {
    const point = (end: number, value: number) => ({ attributes: [{ key: 'session.id', value: { stringValue: 's1' } }, { key: 'type', value: { stringValue: 'cli' } }], startTimeUnixNano: '1795617440000000000', timeUnixNano: String(1795617440000000000n + BigInt(end) * 1_000_000_000n), asDouble: value });
    const request = (...points: unknown[]) => JSON.stringify({ resourceMetrics: [{ scopeMetrics: [{ metrics: [{ name: 'claude_code.active_time.total', unit: 's', sum: { aggregationTemporality: 2, isMonotonic: true, dataPoints: points } }] }] }] });
    for (const body of [request(point(10, 5)), request(point(30, 9)), request(point(20, 6)), request(point(20, 7)), request(point(10, 5))]) {
      await post(`${store.receiver.url}/v1/metrics`, body, { 'content-type': 'application/json' });
    }
    const incremental = snapshot();
    rebuildRollups(store.db);
    expect(snapshot()).toEqual(incremental);
    expect(store.db.prepare("SELECT TOTAL(value) FROM metric_hours WHERE name = 'claude_code.active_time.total'").pluck().get()).toBe(9);
  });
});
