import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MetricsRequest, Temporality } from '../otlp/types.js';
import { metricPoints } from '../normalize/metric-points.js';
import { tempStore, type TempStore } from '../../test/helpers/temp-store.js';
import type { Db } from './open.js';
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

const second = 1_000_000_000n;

/** One cost counter point, as an exporter would send it. */
function request(temporality: Temporality, startS: number, endS: number, value: number): MetricsRequest {
  return {
    resourceMetrics: [
      {
        resource: { attributes: { 'service.name': 'claude-code' } },
        scopeMetrics: [
          {
            scope: { name: 'com.anthropic.claude_code', version: '2.1.197', attributes: {} },
            metrics: [
              {
                name: 'claude_code.cost.usage',
                description: '',
                unit: 'USD',
                kind: 'sum',
                temporality,
                isMonotonic: true,
                dataPoints: [
                  {
                    attributes: { 'session.id': 's1', model: 'claude-opus-4-8[1m]' },
                    startTimeUnixNano: String(BigInt(startS) * second),
                    timeUnixNano: String(BigInt(endS) * second),
                    value,
                    count: null,
                  },
                ],
              },
            ],
          },
        ],
      },
    ],
  };
}

function send(temporality: Temporality, startS: number, endS: number, value: number) {
  return writer.writePoints(metricPoints(request(temporality, startS, endS, value)).points, 0);
}

function total(): number {
  return db.prepare('SELECT TOTAL(delta) FROM metric_points').pluck().get() as number;
}

function deltas(): number[] {
  return db.prepare('SELECT delta FROM metric_points ORDER BY end_ns').pluck().all() as number[];
}

describe('cumulative points', () => {
  it('are differenced against the point before them in the same run', () => {
    send(2, 100, 110, 5);
    send(2, 100, 120, 8);
    send(2, 100, 130, 8);
    expect(deltas()).toEqual([5, 3, 0]);
  });

  it('count a retried point once', () => {
    send(2, 100, 110, 5);
    expect(send(2, 100, 110, 5)).toEqual({ inserted: 0, duplicates: 1, rejected: 0, reasons: [] });
    expect(total()).toBe(5);
  });

  it('re-difference the next point when a late point arrives between two stored ones', () => {
    send(2, 100, 110, 5);
    send(2, 100, 130, 9);
    send(2, 100, 120, 6);
    expect(deltas()).toEqual([5, 1, 3]);
    expect(total()).toBe(9);
  });

  it('start a new run at a new start time (a restart): its first point counts whole', () => {
    send(2, 100, 110, 5);
    send(2, 200, 210, 2);
    send(2, 200, 220, 3);
    expect(deltas()).toEqual([5, 2, 1]);
  });

  it('treat a total that goes down within a run as a reset, never a negative delta', () => {
    send(2, 100, 110, 5);
    send(2, 100, 120, 2);
    expect(deltas()).toEqual([5, 2]);
  });
});

describe('delta points', () => {
  it('are summed as they are, and a retry is ignored', () => {
    send(1, 100, 110, 0.25);
    send(1, 110, 120, 0.5);
    send(1, 110, 120, 0.5);
    expect(total()).toBe(0.75);
  });

  it('store the model without its context-window suffix', () => {
    send(1, 100, 110, 0.25);
    expect(db.prepare('SELECT model FROM metric_series').pluck().get()).toBe('claude-opus-4-8');
  });
});

describe('points that share their times', () => {
  it('delta: a different value in the same interval is new data, the same value a retry', () => {
    send(1, 100, 100, 0.25);
    send(1, 100, 100, 0.5);
    send(1, 100, 100, 0.5);
    expect(total()).toBe(0.75);
  });

  it('cumulative: the larger total wins and the next point is re-differenced', () => {
    send(2, 100, 110, 5);
    send(2, 100, 120, 9);
    send(2, 100, 110, 7);
    send(2, 100, 110, 6);
    expect(deltas()).toEqual([7, 2]);
  });
});
