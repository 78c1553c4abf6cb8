// How many connections the receiver holds at once by default. Each is a file descriptor, and the
// process needs others too (the database and its -wal/-shm, transcripts being read, connections to
// forward upstreams), so the cap leaves half the process's limit free. Node raises its soft limit to
// the hard one at start; Linux shows it in /proc/self/limits. Elsewhere the ceiling alone applies.
import fs from 'node:fs';

/** Plenty for Claude Code: each running instance keeps two or three exporter connections. */
const ceiling = 256;
const floor = 16;

/** For this process: from its open-files limit where the system shows it. */
export function defaultMaxConnections(): number {
  return maxConnectionsFor(readLimits());
}

/** From the text of /proc/<pid>/limits; undefined where there is none. */
export function maxConnectionsFor(limitsText: string | undefined): number {
  const openFiles = openFilesLimit(limitsText);
  if (openFiles === undefined) return ceiling;
  return Math.max(floor, Math.min(ceiling, Math.floor(openFiles / 2)));
}

/** The soft "Max open files" of a /proc/<pid>/limits text; undefined when absent or "unlimited". */
function openFilesLimit(limitsText: string | undefined): number | undefined {
  const match = /^Max open files\s+(\d+)\s/m.exec(limitsText ?? '');
  return match === null ? undefined : Number(match[1]);
}

function readLimits(): string | undefined {
  try {
    return fs.readFileSync('/proc/self/limits', 'utf8');
  } catch {
    return undefined;
  }
}
