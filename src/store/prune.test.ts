import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsRequest } from '../otlp/types.js';
import { eventRows } from '../normalize/events.js';
import { metricPoints } from '../normalize/metric-points.js';
import { tempStore, type TempStore } from '../../test/helpers/temp-store.js';
import type { Db } from './open.js';
import { prune } from './prune.js';
import { createWriter, type Writer } from './write.js';

let store: TempStore;
let db: Db;
let writer: Writer;
beforeEach(() => {
  store = tempStore();
  db = store.db;
  writer = createWriter(db);
});
afterEach(() => {
  store.close();
});

const day = 86_400_000;

function cumulative(startMs: number, endMs: number, value: number): MetricsRequest {
  const ns = (ms: number) => String(BigInt(ms) * 1_000_000n);
  return {
    resourceMetrics: [
      {
        resource: { attributes: {} },
        scopeMetrics: [
          {
            scope: { name: 's', version: '', attributes: {} },
            metrics: [
              {
                name: 'claude_code.cost.usage',
                description: '',
                unit: 'USD',
                kind: 'sum',
                temporality: 2,
                isMonotonic: true,
                dataPoints: [{ attributes: { 'session.id': 's1' }, startTimeUnixNano: ns(startMs), timeUnixNano: ns(endMs), value, count: null }],
              },
            ],
          },
        ],
      },
    ],
  };
}

function event(timeMs: number, sequence: number) {
  return eventRows(
    {
      resourceLogs: [
        {
          resource: { attributes: {} },
          scopeLogs: [
            {
              scope: { name: 's', version: '', attributes: {} },
              logRecords: [
                {
                  timeUnixNano: String(BigInt(timeMs) * 1_000_000n),
                  observedTimeUnixNano: '0',
                  severityNumber: 0,
                  severityText: '',
                  body: 'claude_code.user_prompt',
                  attributes: { 'session.id': 's1', 'event.sequence': sequence },
                  eventName: '',
                  traceId: '',
                  spanId: '',
                },
              ],
            },
          ],
        },
      ],
    },
    0,
  );
}

const total = () => db.prepare('SELECT TOTAL(delta) FROM metric_points').pluck().get() as number;

describe('prune', () => {
  it('deletes what is older than the cutoff and reports it; a dry run deletes nothing', () => {
    writer.writeEvents([...event(1 * day, 0), ...event(100 * day, 1)], 0);
    const dry = prune(db, 50 * day, { dryRun: true });
    expect(dry).toMatchObject({ events: 1, metricPoints: 0 });
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(2);
    expect(prune(db, 50 * day)).toEqual(dry);
    expect(db.prepare('SELECT COUNT(*) FROM events').pluck().get()).toBe(1);
  });

  it('a cumulative point that arrives after its run was pruned is still differenced exactly', () => {
    writer.writePoints(metricPoints(cumulative(0, 1 * day, 5)).points, 0);
    writer.writePoints(metricPoints(cumulative(0, 2 * day, 7)).points, 0);
    prune(db, 10 * day);
    expect(total()).toBe(0);
    writer.writePoints(metricPoints(cumulative(0, 20 * day, 10)).points, 0);
    expect(total()).toBe(3);
  });
});
