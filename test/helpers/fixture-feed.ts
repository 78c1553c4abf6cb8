// A database built by the real ingest path (HTTP receiver) from the real captures, for TUI tests.
import path from 'node:path';
import { createChangeFeed, feedFromChanges, type DataFeed } from '../../src/store/changes.js';
import { scanTranscripts } from '../../src/transcripts/scan-transcripts.js';
import type { HeaderStatus } from '../../src/tui/components/header.js';
import { captureCases, capturedRequests } from './captures.js';
import { post, tempReceiver, type TempReceiver } from './temp-store.js';
import { transcriptLines, writeTranscript } from './transcripts.js';

/** A case's transcript on disk, moved to `cwd`, with extra lines (requests telemetry never got). */
export interface FixtureTranscript {
  caseName: string;
  cwd: string;
  extraLines?: Array<Record<string, unknown>>;
}

export interface Fixture {
  store: TempReceiver;
  feed: DataFeed;
  status: HeaderStatus;
  /** Sends one capture case through the receiver (for live tests). */
  deliver(caseName: string): Promise<void>;
  stop(): Promise<void>;
}

/** The last event of the captures is at 2026-11-25T14:37:32Z; tests put "now" just after it. */
export const fixtureNowMs = Date.parse('2026-11-25T14:40:00Z');

/** `root`: where the cases are (the 2.1.332 captures are in captures2_1_332Dir). */
export async function fixtureFeed(cases: readonly string[] = captureCases, transcripts: readonly FixtureTranscript[] = [], root?: string): Promise<Fixture> {
  const changes = createChangeFeed(0);
  const store = await tempReceiver({ changes });
  const deliver = async (caseName: string) => {
    for (const r of capturedRequests(caseName, root)) await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
  };
  for (const c of cases) await deliver(c);
  const configDir = path.join(store.dir, 'claude');
  for (const t of transcripts) writeTranscript(configDir, t.caseName, { cwd: t.cwd, lines: [...transcriptLines(t.caseName), ...(t.extraLines ?? [])] });
  if (transcripts.length > 0) await scanTranscripts(store.db, [path.join(configDir, 'projects')]);
  return {
    store,
    feed: feedFromChanges(store.db, changes),
    status: {
      mode: 'receiving',
      endpoint: store.receiver.url,
      dbPath: store.dbPath,
      setupLines: ['export CLAUDE_CODE_ENABLE_TELEMETRY=1', `export OTEL_EXPORTER_OTLP_ENDPOINT=${store.receiver.url}`],
    },
    deliver,
    async stop() {
      changes.close();
      await store.stop();
    },
  };
}
