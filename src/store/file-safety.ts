// The database holds a developer's spend history and prompts, and whoever can write it decides what
// the dashboard shows. So before it is opened: no symbolic link at its path (or at its -wal, -shm
// or -journal, which SQLite opens beside it), nothing there owned by another user (a file planted
// in a shared folder), and no folder that every user may write without the sticky bit (anyone could
// swap the file). After opening, the file and its -wal and -shm are 0600: SQLite creates those two
// with the database's mode, so a file created 0666 by someone else's umask would leak both.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';

const sideFiles = ['-wal', '-shm', '-journal'];

/** lstat, or undefined when nothing is there (including a path through a file: creating says so). */
export function lstatIfAny(name: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(name);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw error;
  }
}

/** Refuses a folder anyone can write without the sticky bit. Call once the folder exists. */
export function checkDatabaseFolder(file: string): void {
  const dir = path.dirname(file);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return; // not there yet, or a path through a file: creating it says what is wrong
  }
  if (!stat.isDirectory()) return;
  if ((stat.mode & 0o002) !== 0 && (stat.mode & 0o1000) === 0) {
    throw new UserError(
      `the database's folder ${dir} is writable by every user (mode ${octal(stat.mode)}) and not sticky: anyone could replace the database`,
      `pass --db PATH in a folder only you can write, or run chmod o-w ${dir}`,
    );
  }
}

/** Refuses a symbolic link or another user's file at the database path or beside it (-wal, -shm, -journal). */
export function checkDatabaseFiles(file: string): void {
  for (const name of [file, ...sideFiles.map((s) => file + s)]) {
    const stat = lstatIfAny(name);
    if (stat === undefined) continue;
    if (stat.isSymbolicLink()) {
      throw new UserError(`${name} is a symbolic link; the database is never opened through one`, `pass --db with the real path, or remove the link`);
    }
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      throw new UserError(
        `${name} belongs to another user (uid ${stat.uid}; you are ${uid}), who could read or change it`,
        `if it is yours, chown it; else move it aside, or pass --db PATH in a folder only you can write`,
      );
    }
  }
}

/** Takes group and other bits off the database and its -wal and -shm (ours: checkDatabaseFiles ran). */
export function tightenDatabaseModes(file: string): void {
  for (const name of [file, `${file}-wal`, `${file}-shm`]) {
    const stat = lstatIfAny(name);
    if (stat !== undefined && stat.isFile() && (stat.mode & 0o077) !== 0) fs.chmodSync(name, stat.mode & 0o700);
  }
}

const octal = (mode: number) => `0${(mode & 0o7777).toString(8)}`;
