// The rollups and the prompt index, updated once per transaction rather than once per record: the
// writer notes which event rows are new and which metric points are new or changed, and before the
// commit each rollup's own SELECT (rollups.ts) runs over just those rows, grouped by its key, and is
// merged into the stored rollup rows as a rebuild merges it. A transaction of 512 records from one
// session moves session_stats once, not 512 times.
//
// A stored point whose delta changes (a cumulative total raised, the next point differenced anew) has
// its old share taken back at once, row by row, the first time the transaction touches it; its new
// share is added with the rest before the commit. Per row, as each record is written, is still there:
// when the merge fails for a reason that is not the store's, the writer writes the transaction again
// that way, so the one record at fault is found and rejected alone (write-unit.ts).
import type { Db } from './open.js';
import { createRollupWriter, eventRollups, pointRollups, promptTextSql, rebuildSql } from './rollups.js';

/** Where the noted rows stood, to forget what a rolled-back savepoint wrote. */
export interface RollupMark {
  events: number;
  points: number;
}

export interface DeferredRollups {
  /** A new event row. */
  addEvent(rowId: number | bigint): void;
  /** A stored point whose delta is about to change: its share, as it stands, leaves the rollups. */
  takeBackPoint(pointId: number | bigint): void;
  /** A new point, or one whose delta changed (and its series): its share is added with the transaction's. */
  addPoint(pointId: number | bigint, seriesId: number): void;
  /** Merges what the noted rows add into the rollups and the prompt index, once per key; then forgets them. */
  flush(): void;
  mark(): RollupMark;
  /** Forgets the rows noted since `mark` (their savepoint was rolled back). */
  rewind(mark: RollupMark): void;
  /** Forgets every noted row (the transaction was rolled back). */
  clear(): void;
  /** Row by row as each record is written (the way a record the rollups refuse is found). */
  isPerRow: boolean;
}

// LIMIT -1: a subquery with a LIMIT is not flattened into the rollup's SELECT, so the planner cannot
// trade the lookup by id for a walk of an index by name; and, read once, it is streamed, not copied.
const eventRowsSql = 'WITH events AS (SELECT * FROM main.events WHERE id IN (SELECT value FROM json_each(@ids)) LIMIT -1)';
// The series of those points too: without them the planner may look series up by name, all of them.
const pointRowsSql = `WITH metric_points AS (SELECT * FROM main.metric_points WHERE id IN (SELECT value FROM json_each(@ids)) LIMIT -1),
  metric_series AS (SELECT * FROM main.metric_series WHERE id IN (SELECT value FROM json_each(@series)) LIMIT -1)`;

/**
 * Each statement of a flush: a rollup's SELECT over only the noted rows. The names `events`,
 * `metric_points` and `metric_series` are bound to those rows (a CTE shadows the table of its name),
 * so the SELECT is the very text a rebuild runs; the raw tables are read by primary key only.
 */
export function deferredRollupSql(): { events: string[]; points: string[] } {
  return {
    events: [
      ...eventRollups.map((r) => `${eventRowsSql} ${rebuildSql(r)}`),
      `${eventRowsSql} INSERT INTO prompt_search (rowid, prompt, session_id, time_ms) ${promptTextSql}`,
    ],
    points: pointRollups.map((r) => `${pointRowsSql} ${rebuildSql(r)}`),
  };
}

export function createDeferredRollups(db: Db): DeferredRollups {
  const sql = deferredRollupSql();
  const eventStatements = sql.events.map((s) => db.prepare(s));
  const pointStatements = sql.points.map((s) => db.prepare(s));
  const perRow = createRollupWriter(db);
  let events: number[] = [];
  // In the order noted, and as a set: a point touched twice is added once, as it finally stands.
  let points: number[] = [];
  const pointSet = new Set<number>();
  const seriesSet = new Set<number>();

  const self: DeferredRollups = {
    isPerRow: false,
    addEvent(rowId) {
      if (self.isPerRow) perRow.addEvent(rowId);
      else events.push(Number(rowId));
    },
    takeBackPoint(pointId) {
      // A point noted in this transaction has no share in the rollups yet.
      if (self.isPerRow || !pointSet.has(Number(pointId))) perRow.applyPoint(pointId, -1);
    },
    addPoint(pointId, seriesId) {
      const id = Number(pointId);
      if (self.isPerRow) perRow.applyPoint(id, 1);
      else if (!pointSet.has(id)) {
        pointSet.add(id);
        points.push(id);
        // Never forgotten on a rewind: a series too many is read for nothing, and adds nothing.
        seriesSet.add(seriesId);
      }
    },
    flush() {
      if (events.length > 0) {
        const ids = JSON.stringify(events);
        for (const s of eventStatements) s.run({ ids });
      }
      if (points.length > 0) {
        const ids = JSON.stringify(points);
        const series = JSON.stringify([...seriesSet]);
        for (const s of pointStatements) s.run({ ids, series });
      }
      self.clear();
    },
    mark: () => ({ events: events.length, points: points.length }),
    rewind(mark) {
      events.length = Math.min(events.length, mark.events);
      for (const id of points.splice(mark.points)) pointSet.delete(id);
    },
    clear() {
      events = [];
      points = [];
      pointSet.clear();
      seriesSet.clear();
    },
  };
  return self;
}
