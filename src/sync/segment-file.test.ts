import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkSegment, checksumOfName, isSegmentName, segmentName, sha256Hex, writeSegment } from './segment-file.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segment-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const content = '{"resourceLogs":[]}\n{"resourceMetrics":[]}\n';
const sha = sha256Hex(content);
const name = segmentName(Date.parse('2026-11-25T14:37:00.123Z'), sha);

describe('segment files', () => {
  it('are named by their UTC time and checksum, and written whole with no temporary file left', () => {
    expect(name).toBe(`20261125T143700123Z-${sha}.jsonl`);
    const written = writeSegment(dir, content, Date.parse('2026-11-25T14:37:00.123Z'));
    expect(written).toMatchObject({ name, sha256: sha, sizeBytes: Buffer.byteLength(content) });
    expect(fs.readdirSync(dir)).toEqual([name]);
    expect(fs.statSync(path.join(dir, name)).mode & 0o777).toBe(0o600);
  });

  it.each([
    ['whole', name, content, { isWhole: true, sha256: sha }],
    ['renamed by a sync tool', `20261125T143700123Z-${sha} (conflicted copy).jsonl`, content, { isWhole: true, sha256: sha }],
    ['truncated', name, content.slice(0, 30), { isWhole: false, reason: expect.stringMatching(/^truncated: the last line is incomplete \(30 bytes\)/) }],
    ['cut at a line end', name, content.slice(0, 20), { isWhole: false, reason: expect.stringMatching(/^checksum mismatch/) }],
    ['changed', name, content.replace('Logs', 'Logz'), { isWhole: false, reason: expect.stringMatching(/^checksum mismatch/) }],
    ['empty', name, '', { isWhole: false, reason: expect.stringMatching(/^empty/) }],
    ['without its checksum', 'segment.jsonl', content, { isWhole: false, reason: expect.stringMatching(/^no sha256 checksum in the file name/) }],
  ])('check: %s', (_what, file, bytes, expected) => {
    expect(checkSegment(file, Buffer.from(bytes))).toEqual(expected);
  });

  it.each([
    [name, true],
    [`.${name}.123.tmp`, false],
    [`.syncthing.${name}.tmp`, false],
    ['README.md', false],
  ])('%s is read: %s', (file, isRead) => {
    expect(isSegmentName(file)).toBe(isRead);
  });

  it('the checksum is the last 64 hex digits of the name', () => {
    expect(checksumOfName(`${'b'.repeat(64)}-${sha}.jsonl`)).toBe(sha);
  });
});
