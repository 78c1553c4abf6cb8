// Transcripts on disk → project, branch and a cross-check of every session's telemetry. The marks
// are made by removing records from a real capture, as a lost export would.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { prune } from '../src/store/prune.js';
import { projectCosts, projects } from '../src/store/read/projects.js';
import { sessions } from '../src/store/read/sessions.js';
import { untrackedUsage } from '../src/store/read/transcript-coverage.js';
import { transcriptProblems } from '../src/store/read/transcript-problems.js';
import { scanTranscripts } from '../src/transcripts/scan-transcripts.js';
import { transcriptDirs } from '../src/transcripts/transcript-dirs.js';
import { capturedRequests, capturesDir } from './helpers/captures.js';
import { fixtureNowMs } from './helpers/fixture-feed.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';
import { sessionIdOf, writeTranscript } from './helpers/transcripts.js';

let store: TempReceiver;
let configDir: string;
const scan = () => scanTranscripts(store.db, [path.join(configDir, 'projects')]);

beforeEach(async () => {
  store = await tempReceiver();
  configDir = path.join(store.dir, 'claude');
});
afterEach(async () => {
  await store.stop();
});

async function deliver(caseName: string, signals: ReadonlyArray<'logs' | 'metrics'> = ['logs', 'metrics']): Promise<void> {
  for (const r of capturedRequests(caseName).filter((c) => c.signal !== 'traces' && signals.includes(c.signal)))
    await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
}

interface JsonLogs {
  resourceLogs: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeLogs: Array<{ logRecords: Array<{ body: { stringValue: string }; attributes: Array<{ key: string; value: { stringValue?: string } }> }> }>;
  }>;
}

/** json-delta-edit's events request, changed by `edit` (an OTLP/JSON body, as Claude Code sends it). */
async function deliverEditedLogs(edit: (request: JsonLogs) => void): Promise<void> {
  const request = JSON.parse(fs.readFileSync(path.join(capturesDir, 'json-delta-edit', '001-logs.json'), 'utf8')) as JsonLogs;
  edit(request);
  expect((await post(`${store.receiver.url}/v1/logs`, JSON.stringify(request), { 'content-type': 'application/json' })).status).toBe(200);
}

function dropApiRequest(requestId: string) {
  return (request: JsonLogs) => {
    for (const rl of request.resourceLogs) {
      for (const sl of rl.scopeLogs) {
        sl.logRecords = sl.logRecords.filter(
          (r) => !(r.body.stringValue === 'claude_code.api_request' && r.attributes.some((a) => a.key === 'request_id' && a.value.stringValue === requestId)),
        );
      }
    }
  };
}

function row(caseName: string, nowMs = fixtureNowMs) {
  return sessions(store.db, { nowMs }).find((r) => r.sessionId === sessionIdOf(caseName))!;
}

describe('every capture with its transcript checks out', () => {
  // The title request (generate_session_title) is in telemetry only; a streamed message's repeated
  // lines count once; the failed call's `<synthetic>` placeholder is not a billed request.
  it.each([
    ['interactive-statusline', 3, "all 3 of the transcript's requests are in telemetry; metrics and events agree"],
    ['json-delta-edit', 3, "all 3 of the transcript's requests are in telemetry; metrics and events agree"],
    ['json-gzip-redacted-haiku', 1, "the transcript's one request is in telemetry; metrics and events agree"],
    ['proto-delta-error', 1, "the transcript's one request is in telemetry; metrics and events agree"],
    ['proto-delta-fail', 0, 'the transcript has no billed requests; metrics and events agree'],
    ['proto-delta-tools', 3, "all 3 of the transcript's requests are in telemetry; metrics and events agree"],
    ['proto-gzip-cumulative-mixed', 3, "all 3 of the transcript's requests are in telemetry; metrics and events agree"],
  ])('%s', async (caseName, transcriptRequests, reason) => {
    await deliver(caseName);
    writeTranscript(configDir, caseName);
    await scan();
    expect(row(caseName).integrity).toMatchObject({
      status: 'ok',
      reason,
      transcriptRequests,
      missingRequests: 0,
      telemetryOnlyRequests: 1,
      transcriptOnly: null,
    });
    expect(row(caseName)).toMatchObject({ project: caseName === 'interactive-statusline' ? 'project' : 'proj', gitBranch: 'HEAD' });
  });
});

describe('integrity marks', () => {
  it('flags requests the transcript has and telemetry lacks, and estimates them apart from the totals', async () => {
    await deliverEditedLogs(dropApiRequest('req_lab_3'));
    writeTranscript(configDir, 'json-delta-edit');
    await scan();
    const r = row('json-delta-edit');
    expect(r.integrity).toMatchObject({
      status: 'flagged',
      reason: 'transcript has 1 request telemetry lacks (≈$0.0101 not in the totals)',
      transcriptRequests: 3,
      missingRequests: 1,
      telemetryOnlyRequests: 1,
      transcriptOnly: { tokens: { input: 1021, output: 53, cacheRead: 6000, cacheCreation: 100, total: 1074 } },
    });
    // The list-price estimate of the lost request equals what Claude Code priced it at (0.010055).
    expect(r.integrity.transcriptOnly?.estimatedCostUsd).toBeCloseTo(0.010055, 9);
    expect(r.costUsd).toBeCloseTo(0.0381 - 0.010055, 9);
  });

  it('flags a session whose metrics and events disagree', async () => {
    await deliverEditedLogs(dropApiRequest('req_lab_3'));
    await deliver('json-delta-edit', ['metrics']);
    expect(row('json-delta-edit').integrity).toMatchObject({
      status: 'flagged',
      reason: 'metrics say $0.0381 and 24680 tokens, events $0.0280 and 17506',
      eventsCostUsd: expect.closeTo(0.028045, 9),
      metricsCostUsd: expect.closeTo(0.0381, 9),
      transcriptRequests: null,
    });
  });

  it('flags a session whose events never arrived (figures from metrics)', async () => {
    await deliver('json-delta-edit', ['metrics']);
    writeTranscript(configDir, 'json-delta-edit');
    await scan();
    expect(row('json-delta-edit')).toMatchObject({
      costUsd: expect.closeTo(0.0381, 9),
      integrity: {
        status: 'flagged',
        missingRequests: 3,
        telemetryOnlyRequests: 0,
        reason: 'transcript has 3 requests telemetry lacks (≈$0.0302 not in the totals)',
      },
    });
  });

  it('waits for the export lag before calling a request missing', async () => {
    await deliverEditedLogs(dropApiRequest('req_lab_4'));
    writeTranscript(configDir, 'json-delta-edit');
    await scan();
    const lastMs = Date.parse(row('json-delta-edit').endTime);
    expect(row('json-delta-edit', lastMs + 30_000).integrity).toMatchObject({ status: 'pending', missingRequests: 0 });
    expect(row('json-delta-edit', lastMs + 180_000).integrity).toMatchObject({ status: 'flagged', missingRequests: 1 });
  });

  it('counts sessions only transcripts know of apart, with an estimate, and leaves them out of the list', async () => {
    await deliver('proto-delta-tools');
    writeTranscript(configDir, 'proto-delta-tools');
    writeTranscript(configDir, 'json-delta-edit');
    await scan();
    expect(sessions(store.db, { nowMs: fixtureNowMs }).map((r) => r.sessionId)).toEqual([sessionIdOf('proto-delta-tools')]);
    const untracked = untrackedUsage(store.db, {});
    expect(untracked).toMatchObject({ sessions: 1, requests: 3, tokens: { input: 3063, output: 159, cacheRead: 18_000, cacheCreation: 300, total: 3222 } });
    // At list prices, the three requests Claude Code priced at 0.008995 + 0.010055 + 0.011115.
    expect(untracked.estimatedCostUsd).toBeCloseTo(0.030165, 9);
    expect(untrackedUsage(store.db, { sinceMs: Date.parse('2026-11-26T00:00:00Z') })).toMatchObject({ sessions: 0, requests: 0, estimatedCostUsd: 0 });
  });

  it('has nothing to check with one telemetry source and no transcript', async () => {
    await deliver('json-delta-edit', ['logs']);
    expect(row('json-delta-edit').integrity).toMatchObject({
      status: 'unchecked',
      transcriptRequests: null,
      eventsCostUsd: expect.closeTo(0.0381, 9),
      metricsCostUsd: null,
    });
  });
});

describe('projects', () => {
  function repo(name: string): string {
    const dir = path.join(store.dir, 'code', name);
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    execFileSync('git', ['init', '-q', dir]);
    return dir;
  }

  it('names each session by the git repository its transcript ran in, and groups by it', async () => {
    const alpha = repo('alpha');
    const beta = repo('beta');
    await deliver('json-delta-edit');
    await deliver('proto-delta-tools');
    await deliver('proto-delta-error');
    writeTranscript(configDir, 'json-delta-edit', { cwd: path.join(alpha, 'src') });
    writeTranscript(configDir, 'proto-delta-tools', { cwd: beta });
    await scan();
    expect(row('json-delta-edit')).toMatchObject({ project: 'alpha', projectPath: alpha });
    expect(row('proto-delta-tools')).toMatchObject({ project: 'beta', projectPath: beta });
    expect(row('proto-delta-error')).toMatchObject({ project: null, projectPath: null, gitBranch: null });
    expect(projects(store.db, { nowMs: fixtureNowMs }).map((g) => [g.project, g.sessions, Number(g.costUsd.toFixed(6))])).toEqual([
      ['alpha', 1, 0.0381],
      ['beta', 1, 0.0381],
      [null, 1, 0.01799],
    ]);
    // The dashboard's panel: the same sums, in one SQL pass.
    expect(projectCosts(store.db).map((p) => [p.project, p.sessions, Number(p.costUsd.toFixed(6)), p.unpricedSessions])).toEqual([
      ['alpha', 1, 0.0381, 0],
      ['beta', 1, 0.0381, 0],
      [null, 1, 0.01799, 0],
    ]);
    expect(sessions(store.db, { project: 'beta', nowMs: fixtureNowMs }).map((r) => r.sessionId)).toEqual([sessionIdOf('proto-delta-tools')]);
    expect(sessions(store.db, { filter: 'ALPH', nowMs: fixtureNowMs }).map((r) => r.sessionId)).toEqual([sessionIdOf('json-delta-edit')]);
  });

  it('lets the project resource attribute win over the transcript', async () => {
    await deliverEditedLogs((request) => {
      for (const rl of request.resourceLogs) rl.resource.attributes.push({ key: 'project', value: { stringValue: 'billing' } });
    });
    writeTranscript(configDir, 'json-delta-edit', { cwd: repo('alpha') });
    await scan();
    expect(row('json-delta-edit')).toMatchObject({ project: 'billing', projectPath: path.join(store.dir, 'code', 'alpha') });
  });
});

describe('the scan', () => {
  it('reads only what was appended, and only complete lines', async () => {
    const file = writeTranscript(configDir, 'json-delta-edit');
    const size = fs.statSync(file).size;
    expect(await scan()).toMatchObject({ files: 1, filesRead: 1, bytesRead: size });
    expect(await scan()).toMatchObject({ files: 1, filesRead: 0, bytesRead: 0 });
    const line = JSON.stringify({
      type: 'assistant',
      sessionId: sessionIdOf('json-delta-edit'),
      requestId: 'req_lab_9',
      timestamp: '2026-11-25T14:37:00.000Z',
      message: { model: 'claude-opus-4-8', usage: { input_tokens: 10, output_tokens: 2 } },
    });
    fs.appendFileSync(file, line.slice(0, 40));
    expect(await scan()).toMatchObject({ filesRead: 1, bytesRead: 0 });
    fs.appendFileSync(file, `${line.slice(40)}\n`);
    expect(await scan()).toMatchObject({ filesRead: 1, bytesRead: line.length + 1, requestLines: 1 });
    await deliver('json-delta-edit');
    expect(row('json-delta-edit').integrity).toMatchObject({ transcriptRequests: 4, missingRequests: 1 });
  });

  it('reads a rewritten (shorter) file again without counting anything twice', async () => {
    const file = writeTranscript(configDir, 'proto-delta-tools');
    await scan();
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').split('\n').slice(0, 6).join('\n') + '\n');
    expect(await scan()).toMatchObject({ filesRead: 1 });
    await deliver('proto-delta-tools');
    expect(row('proto-delta-tools').integrity).toMatchObject({ status: 'ok', transcriptRequests: 3 });
  });

  it('reads lines longer than its 1 MiB chunks (a pasted image, a large tool result)', async () => {
    const file = writeTranscript(configDir, 'json-delta-edit');
    const sessionId = sessionIdOf('json-delta-edit');
    const big = { type: 'user', sessionId, message: { role: 'user', content: 'x'.repeat(3 * 1024 * 1024) } };
    const request = {
      type: 'assistant',
      sessionId,
      requestId: 'req_after_big',
      timestamp: '2026-11-25T14:37:40.000Z',
      message: { model: 'claude-opus-4-8', usage: { input_tokens: 7, output_tokens: 1 } },
    };
    fs.appendFileSync(file, `${JSON.stringify(big)}\n${JSON.stringify(request)}\n`);
    expect(await scan()).toMatchObject({ filesRead: 1, bytesRead: fs.statSync(file).size, badLines: 0, requestLines: 4 });
    await deliver('json-delta-edit');
    expect(row('json-delta-edit').integrity).toMatchObject({ transcriptRequests: 4, missingRequests: 1 });
  });

  it('a quick scan looks only at files written lately (and new ones); a full one at all', async () => {
    const old = writeTranscript(configDir, 'json-delta-edit');
    const dayAgo = new Date(Date.now() - 86_400_000);
    fs.utimesSync(old, dayAgo, dayAgo);
    await scan();
    // The old file grows but keeps an old mtime (as a copy with preserved times would): only a full
    // scan sees it. A new file is seen by either.
    fs.appendFileSync(old, '\n');
    fs.utimesSync(old, dayAgo, dayAgo);
    writeTranscript(configDir, 'proto-delta-tools');
    const quick = () => scanTranscripts(store.db, [path.join(configDir, 'projects')], { hotWithinMs: 3_600_000 });
    expect(await quick()).toMatchObject({ files: 2, filesRead: 1 });
    expect(await scan()).toMatchObject({ files: 2, filesRead: 1, bytesRead: 1 });
  });

  it('skips a line over the cap by discarding it, and reads on after its newline', async () => {
    const file = writeTranscript(configDir, 'json-delta-edit');
    const sessionId = sessionIdOf('json-delta-edit');
    // Over the cap and over several of the reader's 1 MiB chunks; the cap is small so the test is.
    const big = { type: 'user', sessionId, requestId: 'req_in_big', message: { role: 'user', content: 'x'.repeat(3 * 1024 * 1024) } };
    const request = {
      type: 'assistant',
      sessionId,
      requestId: 'req_after_big',
      timestamp: '2026-11-25T14:37:40.000Z',
      message: { model: 'claude-opus-4-8', usage: { input_tokens: 7, output_tokens: 1 } },
    };
    fs.appendFileSync(file, `${JSON.stringify(big)}\n${JSON.stringify(request)}\n`);
    const report = await scanTranscripts(store.db, [path.join(configDir, 'projects')], { maxLineBytes: 64 * 1024 });
    expect(report).toMatchObject({ filesRead: 1, bytesRead: fs.statSync(file).size, skippedLines: 1, badLines: 0, requestLines: 4, failed: [] });
    expect(transcriptProblems(store.db)).toEqual({ fileErrors: [], skippedLines: 1, filesWithSkippedLines: 1 });
    await deliver('json-delta-edit');
    expect(row('json-delta-edit').integrity).toMatchObject({ transcriptRequests: 4, missingRequests: 1 });
  });

  it('discards a long line still being written once: the next scan goes on after what it discarded', async () => {
    const file = writeTranscript(configDir, 'json-delta-edit');
    const sessionId = sessionIdOf('json-delta-edit');
    const scanCapped = () => scanTranscripts(store.db, [path.join(configDir, 'projects')], { maxLineBytes: 64 * 1024 });
    await scanCapped();
    const sizeBefore = fs.statSync(file).size;
    fs.appendFileSync(file, `{"type":"user","sessionId":"${sessionId}","message":"${'x'.repeat(2 * 1024 * 1024)}`);
    expect(await scanCapped()).toMatchObject({ filesRead: 1, bytesRead: fs.statSync(file).size - sizeBefore, skippedLines: 1, requestLines: 0 });
    const sizeMid = fs.statSync(file).size;
    const request = {
      type: 'assistant',
      sessionId,
      requestId: 'req_after_big',
      timestamp: '2026-11-25T14:37:40.000Z',
      message: { model: 'claude-opus-4-8', usage: { input_tokens: 7, output_tokens: 1 } },
    };
    fs.appendFileSync(file, `${'x'.repeat(1024 * 1024)}"}\n${JSON.stringify(request)}\n`);
    // Only the new bytes are read; the line is not counted twice; the line after it is read.
    expect(await scanCapped()).toMatchObject({ filesRead: 1, bytesRead: fs.statSync(file).size - sizeMid, skippedLines: 0, badLines: 0, requestLines: 1 });
    expect(transcriptProblems(store.db)).toMatchObject({ skippedLines: 1 });
  });

  it('records a file that cannot be read, reads the others, and tries it again only once it changes', async () => {
    const bad = writeTranscript(configDir, 'json-delta-edit');
    writeTranscript(configDir, 'proto-delta-tools');
    // Tests run as root, which reads any file whatever its mode; so the open of this one is given a
    // folder instead, whose read fails with the operating system's own EISDIR (test/transcripts-
    // unreadable.test.ts does it with file modes, through the CLI as an unprivileged user).
    let isBroken = true;
    const opened: string[] = [];
    const openFile = (file: string) => {
      opened.push(file);
      return fs.promises.open(file === bad && isBroken ? configDir : file, 'r');
    };
    const scanWith = () => scanTranscripts(store.db, [path.join(configDir, 'projects')], { openFile });
    const failure = { path: bad, message: 'illegal operation on a directory (EISDIR on read)' };
    expect(await scanWith()).toMatchObject({ files: 2, filesRead: 1, failed: [failure] });
    expect(transcriptProblems(store.db).fileErrors).toEqual([{ path: bad, error: failure.message, failedMs: expect.any(Number) }]);
    expect(await scanWith()).toMatchObject({ files: 2, filesRead: 0, failed: [] });
    expect(opened.filter((f) => f === bad)).toHaveLength(1);
    isBroken = false;
    fs.appendFileSync(bad, '\n');
    expect(await scanWith()).toMatchObject({ files: 2, filesRead: 1, failed: [], requestLines: 3 });
    expect(transcriptProblems(store.db).fileErrors).toEqual([]);
    await deliver('json-delta-edit');
    expect(row('json-delta-edit').integrity).toMatchObject({ status: 'ok', transcriptRequests: 3 });
  });

  it('skips lines that are not JSON and says how many', async () => {
    const file = writeTranscript(configDir, 'proto-delta-tools');
    fs.appendFileSync(file, '{"requestId": broken\n');
    expect(await scan()).toMatchObject({ badLines: 1, requestLines: 4 });
  });
});

describe('retention', () => {
  it('prune takes transcript requests, places and labels with the telemetry they check', async () => {
    await deliverEditedLogs((request) => {
      for (const rl of request.resourceLogs) rl.resource.attributes.push({ key: 'project', value: { stringValue: 'billing' } });
    });
    writeTranscript(configDir, 'json-delta-edit');
    await scan();
    const count = (table: string) => store.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get();
    expect(prune(store.db, Date.parse('2026-11-25T00:00:00Z'))).toMatchObject({ transcriptRequests: 0 });
    expect([count('transcript_requests'), count('transcript_sessions'), count('session_labels')]).toEqual([3, 1, 1]);
    expect(prune(store.db, Date.parse('2026-11-26T00:00:00Z'))).toMatchObject({ transcriptRequests: 3 });
    expect([count('transcript_requests'), count('transcript_sessions'), count('session_labels'), count('transcript_files')]).toEqual([0, 0, 0, 1]);
    // The file is not read again: its offset stays.
    expect(await scan()).toMatchObject({ filesRead: 0 });
  });
});

describe('where transcripts are', () => {
  it.each([
    [{ CLAUDE_CONFIG_DIR: '/c/one' }, ['/c/one/projects']],
    [{ CLAUDE_CONFIG_DIR: '/c/one, /c/two' }, ['/c/one/projects', '/c/two/projects']],
    [{}, ['/home/u/.config/claude/projects', '/home/u/.claude/projects']],
    [{ XDG_CONFIG_HOME: '/x' }, ['/x/claude/projects', '/home/u/.claude/projects']],
  ])('%j', (env, dirs) => {
    expect(transcriptDirs(env, '/home/u')).toEqual(dirs);
  });
});
