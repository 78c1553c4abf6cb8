import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../store/open.js';
import type { ScanReport } from '../../transcripts/scan-transcripts.js';
import { transcriptWatch } from './transcript-watch.js';

const dirs: string[] = [];
const dbs: Db[] = [];
const aborts: AbortController[] = [];
afterEach(() => {
  for (const a of aborts.splice(0)) a.abort();
  for (const db of dbs.splice(0)) db.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const emptyReport: ScanReport = { files: 0, filesRead: 0, bytesRead: 0, badLines: 0, requestLines: 0, skippedLines: 0, failed: [], durationMs: 0 };

describe('the transcript watch', () => {
  it("skips its scans, the minute's full ones too, while nothing in the folders changes, and scans again once a file grows", async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'transcript-watch-'));
    dirs.push(root);
    const projects = path.join(root, 'projects');
    fs.mkdirSync(path.join(projects, '-home-me-app'), { recursive: true });
    const file = path.join(projects, '-home-me-app', 'a.jsonl');
    fs.writeFileSync(file, '{}\n');
    const db = openDatabase(path.join(root, 'telemetry.db'));
    dbs.push(db);
    const scans: ('full' | 'hot')[] = [];
    const task = transcriptWatch(db, {
      dirs: [projects],
      onChange: () => undefined,
      onError: () => undefined,
      scan: async (_db, _dirs, options) => {
        scans.push(options?.hotWithinMs === undefined ? 'full' : 'hot');
        return emptyReport;
      },
    });
    const abort = new AbortController();
    aborts.push(abort);
    // A turn of the event loop after each run, as the timer gives it, for notifications to come in.
    const runOnce = async () => {
      await task.run(abort.signal);
      await new Promise((resolve) => setTimeout(resolve, 20));
    };
    // Two minutes of runs: the first is a full scan; the seventh is the next minute's, with nothing new.
    for (let i = 0; i < 12; i++) await runOnce();
    const quiet = [...scans];
    const deadline = Date.now() + 10_000;
    // Then a hot scan once a change is seen (the file grows before each run, as the watch may still be
    // setting up its subfolders at first), and at its turn a full one.
    const after = () => scans.slice(quiet.length);
    while (!(after().includes('hot') && after().includes('full')) && Date.now() < deadline) {
      fs.appendFileSync(file, '{}\n');
      await runOnce();
    }
    expect({ quiet, afterGrowth: after() }).toEqual({ quiet: ['full'], afterGrowth: expect.arrayContaining(['hot', 'full']) });
  });
});
