import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors.js';
import { checkDatabaseFiles, checkDatabaseFolder, lstatIfAny, tightenDatabaseModes } from './file-safety.js';
import { migrate, schemaVersion } from './migrate.js';

export type Db = Database.Database;

export interface OpenOptions {
  /** Open without creating or migrating, for read-only commands on an existing file. */
  readonly?: boolean;
}

/**
 * Opens (creating if needed) the database: the folder 0700 and the file 0600, because it holds the
 * only copy of a developer's spend history and prompts; a link or another user's file there is
 * refused (file-safety.ts). WAL lets a server and viewers share the file.
 */
export function openDatabase(file: string, options: OpenOptions = {}): Db {
  checkDatabaseFolder(file);
  checkDatabaseFiles(file);
  const exists = lstatIfAny(file) !== undefined;
  if (options.readonly && !exists) {
    throw new UserError(`no database at ${file}`, 'run `claude-otel-tui serve` first, or pass --db PATH');
  }
  if (!exists) createDatabaseFile(file);
  // Before SQLite opens it: the -wal and -shm it creates take the database's mode.
  tightenDatabaseModes(file);
  let db: Db;
  try {
    db = new Database(file, { readonly: options.readonly === true, fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    if (!options.readonly) {
      db.pragma('journal_mode = WAL');
      // FULL: a commit is fsynced before we answer 200, so an acknowledged request survives a crash.
      db.pragma('synchronous = FULL');
    }
    db.pragma('foreign_keys = ON');
    tightenDatabaseModes(file);
  } catch (error) {
    throw openFailure('open', file, error);
  }
  try {
    if (options.readonly && Number(db.pragma('user_version', { simple: true })) < schemaVersion) {
      // An older schema is upgraded once through a writable connection, then read as asked.
      db.close();
      openDatabase(file).close();
      return openDatabase(file, options);
    }
    migrate(db, { readonly: options.readonly === true });
  } catch (error) {
    db.close();
    if (error instanceof UserError) throw error;
    throw openFailure('use', file, error);
  }
  return db;
}

/** A new file, 0600, in a 0700 folder if the folder is new; never through a link someone put there in the meantime. */
function createDatabaseFile(file: string): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === 'EEXIST' || code === 'ENOTDIR' ? `a part of ${path.dirname(file)} is a file, not a folder` : messageOf(error);
    throw new UserError(`cannot create database ${file}: ${why}`, 'pass --db PATH in a writable folder');
  }
  checkDatabaseFolder(file);
  try {
    // O_EXCL: fails rather than follow a link, or take a file, that appeared since the check.
    fs.closeSync(fs.openSync(file, 'wx', 0o600));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return checkDatabaseFiles(file);
    throw new UserError(`cannot create database ${file}: ${messageOf(error)}`, 'pass --db PATH in a writable folder');
  }
}

export type QuickOpen = { db: Db } | { skipped: string };

/**
 * For the status line, which runs on every refresh of Claude Code's status bar and must not hold it
 * up: waits at most `busyTimeoutMs` for a lock, never migrates a database that has data (that can
 * take seconds; the receiver does it), and commits without fsync (a lost snapshot costs nothing).
 * A missing database is created, which is quick while it is empty.
 */
export function openForStatusline(file: string, busyTimeoutMs: number): QuickOpen {
  let db: Db;
  checkDatabaseFiles(file);
  if (fs.existsSync(file)) {
    checkDatabaseFolder(file);
    tightenDatabaseModes(file);
    let version: number;
    try {
      db = new Database(file, { fileMustExist: true, timeout: busyTimeoutMs });
    } catch (error) {
      throw openFailure('open', file, error);
    }
    try {
      version = Number(db.pragma('user_version', { simple: true }));
    } catch (error) {
      db.close();
      throw openFailure('open', file, error);
    }
    if (version !== schemaVersion) {
      db.close();
      const next = version < schemaVersion ? 'run `claude-otel-tui status` once to upgrade it' : 'upgrade claude-otel-tui';
      return { skipped: `database ${file} is schema ${version}, this claude-otel-tui uses ${schemaVersion}; ${next}` };
    }
  } else {
    db = openDatabase(file);
  }
  db.pragma(`busy_timeout = ${Math.round(busyTimeoutMs)}`);
  db.pragma('synchronous = NORMAL');
  return { db };
}

const statements = new WeakMap<Db, Map<string, Database.Statement>>();

/** Each SQL text is prepared once per connection, then reused. */
export function statement(db: Db, sql: string): Database.Statement {
  let cache = statements.get(db);
  if (cache === undefined) {
    cache = new Map();
    statements.set(db, cache);
  }
  let stmt = cache.get(sql);
  if (stmt === undefined) {
    stmt = db.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

/** Says which of the usual causes it is: not a database, no permission, a read-only folder, a folder in its place. */
function openFailure(verb: 'open' | 'use', file: string, error: unknown): UserError {
  const code = String((error as { code?: unknown }).code ?? '');
  const what = `cannot ${verb} database ${file}`;
  if (code === 'SQLITE_NOTADB' || code.startsWith('SQLITE_CORRUPT')) {
    return new UserError(`${what}: ${messageOf(error)} (damaged, or not a claude-otel-tui database)`, 'move it aside to start a new one, or pass --db PATH');
  }
  if (code.startsWith('SQLITE_READONLY')) {
    return new UserError(
      `${what}: ${path.dirname(file)} or the file is read-only (SQLite keeps ${path.basename(file)}-wal and -shm beside it)`,
      'make the folder and the file writable, or pass --db PATH',
    );
  }
  if (code === 'SQLITE_CANTOPEN') {
    const why = fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ? ' (it is a folder)' : isReadable(file) ? '' : ' (permission denied)';
    return new UserError(`${what}: ${messageOf(error)}${why}`, 'check the path and its permissions, or pass --db PATH');
  }
  return new UserError(
    `${what}: ${messageOf(error)}`,
    verb === 'use' ? 'it may be corrupt; move it aside and start again' : 'check the path and its permissions, or pass --db PATH',
  );
}

function isReadable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
