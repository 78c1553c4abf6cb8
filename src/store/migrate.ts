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

export interface Migration {
  version: number;
  name: string;
  up(db: Db): void;
}

/** Append only: a shipped migration is never edited. */
const migrations: readonly Migration[] = [initialSchema, cumulativeAnchors, rollups, promptSearch, transcripts, forwardQueue, statusline, promptSearchSessions];

export const schemaVersion = migrations.length;

export function migrate(db: Db, options: { readonly: boolean }): void {
  const current = Number(db.pragma('user_version', { simple: true }));
  if (current > schemaVersion) {
    throw new UserError(
      `the database is schema version ${current}, newer than this claude-otel-tui (${schemaVersion})`,
      'upgrade claude-otel-tui, or pass --db PATH for another file',
    );
  }
  if (current === schemaVersion) return;
  if (options.readonly) {
    throw new UserError(`the database is schema version ${current}; this claude-otel-tui needs ${schemaVersion}`, 'run `claude-otel-tui serve` once to upgrade it');
  }
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      migration.up(db);
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
  }
}
