import type { Migration } from '../migrate.js';

/**
 * Several machines in one view through a shared folder (`sync`). Each record keeps the machine it
 * came from: NULL is this database's own (received here, or imported from files), so everything
 * stored before this version is rightly local; a name is the folder of the segment it was imported
 * from. A session's machine is its records' (kept in session_stats like its other figures). The
 * local machine's name is stored once, so a host name that changes (laptops on new networks) does
 * not split one machine in two.
 *
 * What this database has written into each sync folder is a mark per table (rows up to the mark
 * are in segments); a cumulative point whose total is raised in place after it was written is
 * listed in sync_raised_points by a trigger, so its new total is written again. Segments read from
 * other machines are kept by path with the size and time they had: imported, or skipped with the
 * reason (tried again once either changes). Self-contained SQL: it must never change.
 */
export const sync: Migration = {
  version: 13,
  name: 'sync',
  up(db) {
    db.exec(`
      ALTER TABLE events ADD COLUMN machine TEXT;
      ALTER TABLE metric_points ADD COLUMN machine TEXT;
      ALTER TABLE spans ADD COLUMN machine TEXT;
      ALTER TABLE session_stats ADD COLUMN machine TEXT;

      CREATE TABLE machine_name (
        only_row INTEGER PRIMARY KEY CHECK (only_row = 1),
        name TEXT NOT NULL
      );

      CREATE TABLE sync_folders (
        folder TEXT PRIMARY KEY,
        events_mark INTEGER NOT NULL DEFAULT 0,
        points_mark INTEGER NOT NULL DEFAULT 0,
        spans_mark INTEGER NOT NULL DEFAULT 0,
        raised_mark INTEGER NOT NULL DEFAULT 0,
        last_export_ms INTEGER,
        last_import_ms INTEGER
      );

      CREATE TABLE sync_segments (
        folder TEXT NOT NULL,
        -- machine/file name, inside the folder
        path TEXT NOT NULL,
        machine TEXT NOT NULL,
        size_bytes INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        -- The content's, once it matched the name's checksum.
        sha256 TEXT,
        -- NULL: imported (or written by this database); else why it was skipped.
        error TEXT,
        records INTEGER NOT NULL DEFAULT 0,
        stored INTEGER NOT NULL DEFAULT 0,
        checked_ms INTEGER NOT NULL,
        PRIMARY KEY (folder, path)
      ) WITHOUT ROWID;
      -- "Was this content imported already" (a renamed or twice-delivered copy).
      CREATE INDEX sync_segments_by_sha256 ON sync_segments (sha256) WHERE sha256 IS NOT NULL AND error IS NULL;

      CREATE TABLE sync_raised_points (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        point_id INTEGER NOT NULL
      );
      CREATE TRIGGER sync_raised_point AFTER UPDATE OF value ON metric_points
        WHEN NEW.machine IS NULL AND NEW.value IS NOT OLD.value
      BEGIN
        INSERT INTO sync_raised_points (point_id) VALUES (NEW.id);
      END;
    `);
  },
};
