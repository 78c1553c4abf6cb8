// Spans written into a segment and read on another machine are the same spans: same rows, same
// natural key, so two copies of one never make two rows.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { ingest } from '../receiver/ingest.js';
import { openDatabase, type Db } from '../store/open.js';
import { syncSpans } from '../store/read/sync-rows.js';
import { createWriter } from '../store/write.js';
import { spanLines } from './segment-lines.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'segment-lines-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
const capture = path.join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'captures-2.1.332', 'v2.1.332-json-gzip-skill-traces', '002-traces.json.gz');
const spansOf = (db: Db) =>
  db
    .prepare('SELECT * FROM spans ORDER BY trace_id, span_id')
    .all()
    .map((r) => ({ ...(r as object), id: undefined, received_ms: undefined, machine: undefined }));

describe('span lines', () => {
  it('store on another machine as the same spans, and again as nothing new', () => {
    const here = openDatabase(path.join(dir, 'here.db'));
    const there = openDatabase(path.join(dir, 'there.db'));
    ingest(createWriter(here), 'traces', 'json', zlib.gunzipSync(fs.readFileSync(capture)), 0);
    const lines = spanLines(syncSpans(here, 0, 1000, 1000));
    expect(lines).toHaveLength(1);
    const writer = createWriter(there, { machine: 'here' });
    const first = ingest(writer, 'traces', 'json', Buffer.from(lines[0]!.text), 1);
    const again = ingest(writer, 'traces', 'json', Buffer.from(lines[0]!.text), 2);
    expect(first).toMatchObject({ inserted: lines[0]!.records, rejected: 0 });
    expect(again).toMatchObject({ inserted: 0, duplicates: lines[0]!.records });
    expect(spansOf(there)).toEqual(spansOf(here));
    expect(there.prepare('SELECT DISTINCT machine FROM spans').pluck().all()).toEqual(['here']);
    here.close();
    there.close();
  });
});
