// Schema migrations. To add one:
//   1. Write migrations/NNN-what.ts exporting a `Migration` with the next version number. It is
//      self-contained and, once shipped, frozen: its own SQL (a backfill is a plain INSERT … SELECT
//      over the tables as they are at its version), importing only types and literal constants from
//      outside migrations/ (migrate.test.ts enforces it). Never call live code (rollups.ts, the
//      writers): it changes, and an upgrade from an old version would run today's code on
//      yesterday's tables.
//   2. Import it below and append it to `migrations`; schemaVersion follows.
//   3. test/migration-steps.test.ts upgrades a database from every past version and compares it with
//      one built fresh. Tell it what is new: a table kept derived from other rows (like the rollups)
//      goes in its `derivedAt` with the fill SQL; data older versions could not hold, in `sources`;
//      a new table needs rows in its data (or a place in the list of tables it leaves empty).
// A change to what the live rollups hold comes with a migration that rebuilds them in its own SQL.
import { UserError } from '../errors.js';
import type { Db } from './open.js';
import { initialSchema } from './migrations/001-initial.js';
import { cumulativeAnchors } from './migrations/002-cumulative-anchors.js';
import { rollups } from './migrations/003-rollups.js';
import { promptSearch } from './migrations/004-prompt-search.js';
import { transcripts } from './migrations/005-transcripts.js';
import { forwardQueue } from './migrations/006-forward-queue.js';
import { statusline } from './migrations/007-statusline.js';
import { promptSearchSessions } from './migrations/008-prompt-search-sessions.js';
import { transcriptFileProblems } from './migrations/009-transcript-file-problems.js';
import { agentsAndAttribution } from './migrations/010-agents-and-attribution.js';
import { spans } from './migrations/011-spans.js';
import { commits } from './migrations/012-commits.js';
import { sync } from './migrations/013-sync.js';
import { eventHours } from './migrations/014-event-hours.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Append only: a shipped migration is never edited. */
export const migrations: readonly Migration[] = [
  initialSchema,
  cumulativeAnchors,
  rollups,
  promptSearch,
  transcripts,
  forwardQueue,
  statusline,
  promptSearchSessions,
  transcriptFileProblems,
  agentsAndAttribution,
  spans,
  commits,
  sync,
  eventHours,
];

export const schemaVersion = migrations.length;

/**
 * Brings the database to `toVersion` (tests stop early to build an old one), each migration in one
 * IMMEDIATE transaction that also sets user_version, so a crash leaves a whole version.
 */
export function migrate(db: Db, options: { readonly: boolean; toVersion?: number }): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > schemaVersion) {
    throw new UserError(
      `the database is schema version ${current}, newer than this claude-otel-tui (${schemaVersion})`,
      'upgrade claude-otel-tui, or pass --db PATH for another file',
    );
  }
  const target = options.toVersion ?? schemaVersion;
  if (current >= target) return;
  if (options.readonly) {
    throw new UserError(
      `the database is schema version ${current}; this claude-otel-tui needs ${schemaVersion}`,
      'run `claude-otel-tui serve` once to upgrade it',
    );
  }
  for (const migration of migrations) {
    if (migration.version <= current || migration.version > target) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
