// A machine's name is its folder in the sync folder and the Machine column of its sessions. It must
// be a portable folder name, and the same on every run: the first one is kept in the database (a
// laptop's host name changes with its network), and --machine renames it.
import os from 'node:os';
import { UserError } from '../errors.js';
import type { SyncState } from '../store/sync-state.js';

/** Letters, digits, dot, dash and underscore, starting with a letter or digit: safe on every file system and sync tool. */
const machinePattern = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function isMachineName(name: string): boolean {
  return machinePattern.test(name) && !name.endsWith('.');
}

/** The host name as a folder name: lower case (file systems that ignore case), other characters as "-". */
export function hostMachineName(hostname: string = os.hostname()): string {
  const name = hostname
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .slice(0, 64)
    .replace(/[.-]+$/, '');
  return name;
}

/** Names that many machines share: two machines with one name would never see each other's data. */
const sharedNames = new Set(['localhost', 'localhost.localdomain', 'ubuntu', 'debian', 'raspberrypi', 'linux', 'computer']);

/**
 * `--machine NAME` (stored, so later runs keep it), else the stored name, else the host name
 * (stored). Throws a usage error for a name that cannot be a folder, or a host name many machines share.
 */
export function resolveMachineName(state: SyncState, explicit: string | undefined, hostname: string = os.hostname()): string {
  if (explicit !== undefined) {
    if (!isMachineName(explicit)) {
      const suggestion = hostMachineName(explicit);
      throw new UserError(
        `--machine ${JSON.stringify(explicit)} cannot be a folder name`,
        `use letters, digits, ".", "-" and "_" (up to 64), e.g. --machine ${suggestion === '' ? 'laptop' : suggestion}`,
        2,
      );
    }
    if (state.machineName() !== explicit) state.setMachineName(explicit);
    return explicit;
  }
  const stored = state.machineName();
  if (stored !== null) return stored;
  const fromHost = hostMachineName(hostname);
  if (!isMachineName(fromHost) || sharedNames.has(fromHost)) {
    throw new UserError(
      `the host name ${JSON.stringify(hostname)} does not tell this machine from others`,
      'name it once with --machine NAME (e.g. --machine laptop); it is kept',
      2,
    );
  }
  state.setMachineName(fromHost);
  return fromHost;
}
