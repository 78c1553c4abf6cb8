// Claude Code 2.1.332's commit capture (a `git commit` on feature/lab-commit), delivered through a
// real receiver, with its transcript where Claude Code writes it; and, for tests that need a second
// commit in the session, a synthetic one made by editing a copy of the real commit's record.
import fs from 'node:fs';
import path from 'node:path';
import { logsRequest } from '../../src/cli/transfer/to-otlp-json.js';
import { decodeProtobuf } from '../../src/otlp/decode-protobuf.js';
import type { Db } from '../../src/store/open.js';
import { exportEvents } from '../../src/store/read/export-rows.js';
import { scanTranscripts } from '../../src/transcripts/scan-transcripts.js';
import { captures2_1_332Dir, capturedRequests } from './captures.js';
import { post, type TempReceiver } from './temp-store.js';

export const commitCase = 'v2.1.332-proto-commit-traces';
export const commitSessionId = '0a000000-0000-4000-8000-000000000016';
/** What the capture's tool_result of `git commit` says (tool_parameters and its record time). */
export const realCommit = {
  commitId: '64c0e33a1f85b63ee0cfd11cfa11db0e14772aea',
  branch: 'feature/lab-commit',
  timeMs: Date.parse('2026-11-29T23:53:24.994Z'),
  command: 'git commit -m "Add hello.py"',
};
/** A clock just after the capture (2026-11-29T23:53Z), for reads that need "now". */
export const commitNowMs = Date.parse('2026-11-30T00:00:00Z');

/** Posts every logs and metrics request of the capture; each must be accepted. */
export async function deliverCommitCapture(store: TempReceiver): Promise<void> {
  for (const r of capturedRequests(commitCase, captures2_1_332Dir)) {
    const { status } = await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
    if (status !== 200) throw new Error(`${r.file} answered ${status}`);
  }
}

/** The capture's api_request records as Claude Code sent them: time and exact cost (micro-dollars). */
export function capturedRequestCosts(): { timeMs: number; costMicros: number }[] {
  return capturedRequests(commitCase, captures2_1_332Dir)
    .filter((r) => r.signal === 'logs')
    .flatMap((r) => decodeProtobuf('logs', r.body).resourceLogs.flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords)))
    .filter((record) => record.body === 'claude_code.api_request')
    .map((record) => ({ timeMs: Number(BigInt(record.timeUnixNano) / 1_000_000n), costMicros: Number(record.attributes['cost_usd_micros']) }));
}

/** The transcript, its cwd moved to `cwd`, scanned from a Claude Code config folder under `dir`. */
export async function scanCommitTranscript(db: Db, dir: string, cwd: string): Promise<void> {
  const lines = fs
    .readFileSync(path.join(captures2_1_332Dir, commitCase, 'transcript.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>)
    .map((l) => ('cwd' in l ? { ...l, cwd } : l));
  const projects = path.join(dir, 'claude', 'projects');
  const file = path.join(projects, cwd.replace(/[/.]/g, '-'), `${commitSessionId}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  await scanTranscripts(db, [projects], { nowMs: () => commitNowMs });
}

export interface SyntheticCommit {
  commitId: string;
  timeMs: number;
  /** event.sequence of the copy: a new one, or the copy is the same event to the store. */
  sequence: number;
  branch?: string;
  /** Another session to put it in (default: the capture's). */
  sessionId?: string;
}

/**
 * SYNTHETIC: a copy of the real commit's tool_result record with another commit id, time, sequence
 * (and branch), posted as OTLP/JSON. Claude Code made one commit in the capture; this stands in for
 * a second commit in the same session.
 */
export async function deliverSyntheticCommit(store: TempReceiver, commit: SyntheticCommit): Promise<void> {
  const real = [...exportEvents(store.db, {})].find((e) => e.name === 'tool_result' && e.rawJson.includes(realCommit.commitId));
  if (real === undefined) throw new Error('deliver the capture first: no real commit record to copy');
  const raw = JSON.parse(real.rawJson) as { timeUnixNano: string; observedTimeUnixNano: string; attributes: Record<string, unknown> };
  const parameters = JSON.parse(String(raw.attributes['tool_parameters'])) as Record<string, unknown>;
  parameters['git_commit_id'] = commit.commitId;
  if (commit.branch !== undefined) parameters['git_branch'] = commit.branch;
  raw.attributes['tool_parameters'] = JSON.stringify(parameters);
  raw.attributes['event.sequence'] = commit.sequence;
  if (commit.sessionId !== undefined) raw.attributes['session.id'] = commit.sessionId;
  raw.attributes['event.timestamp'] = new Date(commit.timeMs).toISOString();
  raw.timeUnixNano = String(BigInt(commit.timeMs) * 1_000_000n);
  raw.observedTimeUnixNano = raw.timeUnixNano;
  const body = JSON.stringify(logsRequest([{ ...real, rawJson: JSON.stringify(raw) }]));
  const { status } = await post(`${store.receiver.url}/v1/logs`, body, { 'content-type': 'application/json' });
  if (status !== 200) throw new Error(`the synthetic commit answered ${status}`);
}
