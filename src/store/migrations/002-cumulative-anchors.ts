import type { Migration } from '../migrate.js';

/**
 * When pruning deletes the points of a cumulative run, the run's last deleted total is kept here,
 * so a point of the same run that arrives later is still differenced against it instead of
 * counting the run's whole history again.
 */
export const cumulativeAnchors: Migration = {
  version: 2,
  name: 'cumulative-anchors',
  up(db) {
    db.exec(`
      CREATE TABLE cumulative_anchors (
        series_id INTEGER NOT NULL REFERENCES metric_series (id),
        start_ns INTEGER NOT NULL,
        end_ns INTEGER NOT NULL,
        value REAL NOT NULL,
        PRIMARY KEY (series_id, start_ns)
      ) WITHOUT ROWID;
    `);
  },
};
