// A segment is an immutable file of OTLP/JSON lines (one request per line, as `import` reads them)
// named `<UTC time>-<sha256 of the content>.jsonl`. It is written under a temporary dot-name in the
// same folder, flushed to disk and renamed, so a reader (or a sync tool) sees it whole or not at all;
// the checksum in the name tells a copy that arrived torn or changed. Sync tools that rename a
// conflicting copy ("… (1).jsonl", "….sync-conflict-….jsonl") keep the checksum in the name.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const extension = '.jsonl';
const checksumPattern = /[0-9a-f]{64}/g;

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `20261125T143700123Z`: sorts as time does. */
function compactUtc(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '');
}

export function segmentName(nowMs: number, sha256: string): string {
  return `${compactUtc(nowMs)}-${sha256}${extension}`;
}

/**
 * Files a reader considers: ours and renamed copies of them. Dot-names are temporary files (ours,
 * Syncthing's, rsync's) and are never read.
 */
export function isSegmentName(name: string): boolean {
  return !name.startsWith('.') && name.endsWith(extension);
}

/** The last 64-hex-digit run in the name: the content's checksum. */
export function checksumOfName(name: string): string | null {
  return [...name.matchAll(checksumPattern)].at(-1)?.[0] ?? null;
}

export type SegmentCheck = { isWhole: true; sha256: string } | { isWhole: false; reason: string };

/** Whether the bytes are the whole segment the name promises. */
export function checkSegment(name: string, bytes: Buffer): SegmentCheck {
  const expected = checksumOfName(name);
  if (expected === null) return { isWhole: false, reason: 'no sha256 checksum in the file name, so it cannot be checked; restore its name as written' };
  if (bytes.length === 0) return { isWhole: false, reason: 'empty: it is still being copied, or was cut off; tried again when the file changes' };
  if (bytes[bytes.length - 1] !== 0x0a)
    return { isWhole: false, reason: `truncated: the last line is incomplete (${bytes.length} bytes); tried again when the file changes` };
  const actual = sha256Hex(bytes);
  if (actual !== expected)
    return { isWhole: false, reason: 'checksum mismatch: the content is not what its name says (incomplete or changed); tried again when the file changes' };
  return { isWhole: true, sha256: actual };
}

/** Writes the segment into `dir` whole (temporary name, fsync, rename, fsync of the folder); returns its name. */
export function writeSegment(dir: string, content: string, nowMs: number): { name: string; sha256: string; sizeBytes: number; mtimeMs: number } {
  const bytes = Buffer.from(content, 'utf8');
  const sha256 = sha256Hex(bytes);
  const name = segmentName(nowMs, sha256);
  const temporary = path.join(dir, `.${name}.${process.pid}.tmp`);
  const fd = fs.openSync(temporary, 'w', 0o600);
  try {
    fs.writeSync(fd, bytes);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  const final = path.join(dir, name);
  fs.renameSync(temporary, final);
  fsyncFolder(dir);
  const stat = fs.statSync(final);
  return { name, sha256, sizeBytes: stat.size, mtimeMs: Math.trunc(stat.mtimeMs) };
}

/** The rename is durable only once the folder is flushed; some file systems refuse to open one, which is fine. */
function fsyncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Windows and some network file systems cannot fsync a folder.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
