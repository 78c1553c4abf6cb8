import type { Migration } from '../migrate.js';

/**
 * A transcript file that cannot be read (written by another user, say `sudo claude`; a disk error)
 * is recorded with the size and times it had, and tried again only once one of them changes, while
 * the rest of the scan goes on. A line over the size cap is skipped, and counted on its file:
 * `in_long_line` says the read offset stopped inside one, so the next scan goes on discarding it
 * instead of reading it again from its start. Self-contained SQL: it must never change.
 */
export const transcriptFileProblems: Migration = {
  version: 9,
  name: 'transcript-file-problems',
  up(db) {
    db.exec(`
      ALTER TABLE transcript_files ADD COLUMN skipped_lines INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE transcript_files ADD COLUMN in_long_line INTEGER NOT NULL DEFAULT 0;

      CREATE TABLE transcript_file_errors (
        path TEXT PRIMARY KEY,
        size_bytes INTEGER NOT NULL,
        mtime_ms INTEGER NOT NULL,
        ctime_ms INTEGER NOT NULL,
        error TEXT NOT NULL,
        failed_ms INTEGER NOT NULL
      );
    `);
  },
};
