// A stored trace request written into a segment decodes to the same request: another machine stores
// it under the same content hash, so two copies of it never make two rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeJson } from '../otlp/decode-json.js';
import { contentHash } from '../normalize/keys.js';
import { ingest } from '../receiver/ingest.js';
import { openDatabase } from '../store/open.js';
import { syncTraces } from '../store/read/sync-rows.js';
import { createWriter } from '../store/write.js';
import { traceLine } from './segment-lines.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segment-lines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const capture = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'captures-2.1.332', 'v2.1.332-json-gzip-skill-traces', '002-traces.json.gz');

describe('trace lines', () => {
  it('decode to the request stored, so the content hash matches', () => {
    const db = openDatabase(path.join(dir, 't.db'));
    ingest(createWriter(db), 'traces', 'json', zlib.gunzipSync(fs.readFileSync(capture)), 0);
    const [row] = syncTraces(db, 0, 100, 10);
    const line = traceLine(row!);
    const stored = db.prepare('SELECT body_sha256 FROM trace_requests').pluck().get();
    expect(contentHash(decodeJson('traces', Buffer.from(line.text)))).toBe(stored);
    expect(line.records).toBeGreaterThan(0);
    expect(line.text.endsWith('}\n')).toBe(true);
    db.close();
  });
});
