// Telemetry is text we did not write: whatever it holds, no command may put a control sequence on
// the terminal. Escape-laden values go in through every door (OTLP to the real receiver, a
// transcript, the status line's stdin, an upstream's error answers), then every command that prints
// runs as the built CLI, and the raw bytes of its stdout and stderr are checked: no ESC, no C0 but
// \n (and \t in CSV, a format that keeps tabs), no C1, no BiDi, zero-width, tag or other invisible
// character. JSON output is held to the same bytes, and must still parse back to the exact values.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../src/store/open.js';
import { forwardStatus } from '../src/store/read/forward-status.js';
import { capturesDir } from './helpers/captures.js';
import { runCli, type CliRun } from './helpers/cli.js';
import { startSink, type Sink } from './helpers/otlp-sink.js';
import { startServe, type ServeProcess } from './helpers/serve-process.js';
import { post } from './helpers/temp-store.js';
import { transcriptLines, writeTranscript } from './helpers/transcripts.js';

/**
 * A value that tries everything: set the title (OSC 0), write the clipboard (OSC 52), reset the
 * terminal (ESC c), clear it (CSI 2J), go back over the line (CR), the same in 8-bit C1 (CSI, OSC),
 * reverse and isolate text (BiDi), hide text (zero-width, BOM, ALM, word joiner, tags, variation
 * selectors), break lines (U+2028, NEL), a tab and a bell. `tag` keeps it legible.
 */
const hostile = (tag: string) =>
  `${tag}\u001b]0;title-${tag}\u0007\u001b]52;c;cHduZWQ=\u0007\u001bc\u001b[2J\r\u009b2J\u009d0;c1-title\u009c\u202e\u2066rev\u2069\u200b\u200c\u200d\ufeff\u061c\u2060\u{e0041}\u{e0100}\u2028\u0085\t\u0007${tag}-end`;

// The attributes that reach output, each with its own tag, so a failure names the door.
const sessionPrefix = `ses\u001b]0;id\u0007\u202e`;
const sessionA = `${sessionPrefix}A-${hostile('sid')}`;
const sessionB = `${sessionPrefix}B-${hostile('sid')}`;
const values: Record<string, string> = {
  'user.id': hostile('user'),
  model: hostile('model'),
  'terminal.type': hostile('term'),
  tool_name: hostile('tool'),
  // A NUL and half a character too (stored as U+FFFD, which is text).
  prompt: `${hostile('prompt')}\u0000\ud800`,
  response: hostile('response'),
};
const resourceValues: Record<string, string> = { 'os.type': hostile('os'), 'service.version': hostile('version') };
const cwd = `/home/dev/${hostile('cwd').replace(/[\u0000/]/g, '')}`;
/** A file name can hold all of it but / and NUL. */
const fileName = (tag: string) => hostile(tag).replace(/[\u0000/]/g, '');
const gitBranch = hostile('branch');

type Attr = { key: string; value: Record<string, unknown> };
type LogRecord = { attributes: Attr[]; body: { stringValue: string } };

function rewrite(attrs: Attr[], table: Record<string, string>, sessionId: string): Attr[] {
  return attrs.map((a) =>
    a.key === 'session.id'
      ? { key: a.key, value: { stringValue: sessionId } }
      : table[a.key] === undefined
        ? a
        : { key: a.key, value: { stringValue: table[a.key] } },
  );
}

/**
 * A real capture (json-delta-edit) with every telemetry text replaced, plus an api_error and a
 * failed tool; `lacking` leaves out the last API request, so the transcript flags the session.
 */
function hostileRequest(file: '001-logs.json' | '002-metrics.json', sessionId: string, project: string | null, lacking = false): string {
  const request = JSON.parse(fs.readFileSync(path.join(capturesDir, 'json-delta-edit', file), 'utf8')) as Record<string, Array<Record<string, unknown>>>;
  const resources = request['resourceLogs'] ?? request['resourceMetrics']!;
  for (const r of resources) {
    const resource = r['resource'] as { attributes: Attr[] };
    resource.attributes = [
      ...rewrite(resource.attributes, resourceValues, sessionId),
      ...(project === null ? [] : [{ key: 'project', value: { stringValue: project } }]),
    ];
    for (const scope of (r['scopeLogs'] ?? r['scopeMetrics']) as Array<Record<string, unknown>>) {
      const records = scope['logRecords'] as LogRecord[] | undefined;
      if (records !== undefined) {
        for (const record of records) {
          record.attributes = rewrite(record.attributes, values, sessionId);
          if (record.body.stringValue === 'claude_code.tool_result') {
            record.attributes = [
              ...record.attributes.filter((a) => a.key !== 'success'),
              { key: 'success', value: { stringValue: 'false' } },
              { key: 'error', value: { stringValue: hostile('toolerror') } },
            ];
          }
        }
        const apiRequest = records.find((r) => r.body.stringValue === 'claude_code.api_request')!;
        if (lacking)
          records.splice(
            records.findLastIndex((r) => r.body.stringValue === 'claude_code.api_request'),
            1,
          );
        records.push({
          ...apiRequest,
          body: { stringValue: 'claude_code.api_error' },
          attributes: [
            ...apiRequest.attributes.filter((a) => ['user.id', 'session.id', 'terminal.type', 'model', 'prompt.id'].includes(a.key)),
            { key: 'event.name', value: { stringValue: 'api_error' } },
            { key: 'event.sequence', value: { intValue: 99 } },
            { key: 'error', value: { stringValue: hostile('apierror') } },
            { key: 'status_code', value: { stringValue: '529' } },
            { key: 'attempt', value: { intValue: 1 } },
          ],
        });
      }
      for (const metric of (scope['metrics'] ?? []) as Array<Record<string, { dataPoints?: Array<{ attributes: Attr[] }> }>>) {
        for (const kind of Object.values(metric))
          for (const point of (typeof kind === 'object' && kind?.dataPoints) || []) point.attributes = rewrite(point.attributes, values, sessionId);
      }
    }
  }
  return JSON.stringify(request);
}

const statuslineInput = JSON.stringify({
  session_id: sessionA,
  cwd,
  transcript_path: `/home/dev/.claude/projects/${hostile('path')}`,
  model: { id: hostile('slmodel'), display_name: hostile('slname') },
  workspace: { current_dir: cwd, project_dir: cwd },
  cost: { total_cost_usd: 0.5, total_duration_ms: 1000 },
  rate_limits: { five_hour: { used_percentage: 12, resets_at: 1795617449 } },
});

// No ESC, no C0 but \n (and \t where the format keeps it), no DEL or C1, no line or paragraph
// separator, no format or default-ignorable character, no half character.
const forbidden = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\p{Cf}\p{Default_Ignorable_Code_Point}\p{Cs}]/u;
const forbiddenWithTab = /[\u0009]/;

function offences(label: string, text: string, allowTab: boolean): string[] {
  const found: string[] = [];
  const all = new RegExp(forbidden.source, 'gu');
  for (const m of text.matchAll(all)) {
    found.push(
      `${label}: U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} near ${JSON.stringify(text.slice(Math.max(0, m.index! - 20), m.index! + 20))}`,
    );
    if (found.length >= 3) break;
  }
  if (!allowTab && forbiddenWithTab.test(text))
    found.push(`${label}: a tab near ${JSON.stringify(text.slice(Math.max(0, text.indexOf('\t') - 20), text.indexOf('\t') + 20))}`);
  return found;
}

let dir: string;
let dbPath: string;
let sink: Sink;
let serve: ServeProcess;
let url: string;
const configDir = () => path.join(dir, 'claude');
const env = () => ({ CLAUDE_CONFIG_DIR: configDir() });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'terminal-safety-'));
  dbPath = path.join(dir, 'telemetry.db');
  // The transcript of session A: its cwd and branch become the session's project, path and branch.
  writeTranscript(configDir(), 'json-delta-edit', {
    lines: transcriptLines('json-delta-edit').map((l) => ({
      ...l,
      ...('sessionId' in l ? { sessionId: sessionA } : {}),
      ...('cwd' in l ? { cwd } : {}),
      ...('gitBranch' in l ? { gitBranch } : {}),
    })),
  });
  // An upstream whose errors are escape-laden: a retry first, then drops. (The forwarder records a
  // body with C0 controls as "(binary body)"; C1, BiDi, separators and CR get through to the store.)
  const upstreamBody = (tag: string) => `${tag} \u009b2J\u009d0;up-title\u009c\u202eevil\u200b\u2028\u0085 over\rwrite end`;
  sink = await startSink((_request, n) =>
    n === 0
      ? { status: 503, body: upstreamBody('retry') }
      : n === 1
        ? { status: 400, body: `esc \u001b]0;esc-title\u0007\u001b[2J end` }
        : { status: 400, body: upstreamBody('drop') },
  );
  serve = startServe({ port: 0, db: dbPath, args: ['--forward', sink.url, '--forward-base-delay-ms', '20', '--forward-max-delay-ms', '200'], env: env() });
  url = await serve.url;
  const headers = { 'content-type': 'application/json' };
  const requests = [
    ['/v1/logs', hostileRequest('001-logs.json', sessionA, null, true)],
    ['/v1/metrics', hostileRequest('002-metrics.json', sessionA, null)],
    ['/v1/logs', hostileRequest('001-logs.json', sessionB, hostile('project'))],
  ] as const;
  for (const [requestPath, body] of requests) expect((await post(`${url}${requestPath}`, body, headers)).status).toBe(200);
  await vi.waitFor(
    () => {
      const db = openDatabase(dbPath, { readonly: true });
      const [upstream] = forwardStatus(db);
      db.close();
      expect(upstream).toEqual(expect.objectContaining({ queued: 0, dropped: requests.length }));
    },
    { timeout: 15_000, interval: 50 },
  );
}, 30_000);

afterAll(async () => {
  serve?.child.kill('SIGTERM');
  await serve?.exited;
  await sink?.close();
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('escape-laden telemetry through every command', () => {
  it('never reaches the terminal as control sequences or invisible characters', async () => {
    const db = ['--db', dbPath];
    const commands: Array<{ args: string[]; input?: string; csv?: boolean }> = [
      { args: ['sessions', ...db] },
      { args: ['sessions', '--json', ...db] },
      { args: ['sessions', '--csv', ...db], csv: true },
      { args: ['session', sessionA, ...db] },
      { args: ['session', sessionB, ...db] },
      { args: ['session', sessionA, '--json', ...db] },
      { args: ['session', sessionPrefix, ...db] },
      { args: ['session', `${sessionPrefix}C`, ...db] },
      { args: ['summary', ...db] },
      { args: ['summary', '--json', ...db] },
      ...['model', 'day', 'session', 'project'].flatMap((by) => [{ args: ['summary', '--by', by, ...db] }, { args: ['summary', '--by', by, '--json', ...db] }]),
      { args: ['status', '--port', new URL(url).port, ...db] },
      { args: ['status', '--json', '--port', new URL(url).port, ...db] },
      { args: ['transcripts', ...db] },
      { args: ['transcripts', '--json', ...db] },
      ...['sessions', 'events', 'points'].flatMap((what) => [
        { args: ['export', '--format', 'csv', '--what', what, ...db], csv: true },
        { args: ['export', '--format', 'json', '--what', what, ...db] },
      ]),
      { args: ['export', '--format', 'otlp-json', ...db] },
      { args: ['statusline', ...db], input: statuslineInput },
      { args: ['statusline', ...db], input: `\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u009b2J\u202e not json ${hostile('stdin')}` },
      // Foreign file names and contents in import's report and in errors.
      { args: ['import', path.join(dir, 'import'), ...db] },
      { args: ['import', path.join(dir, `missing-${fileName('import')}`), ...db] },
      { args: ['setup', '--write', '--settings', path.join(dir, 'settings', fileName('settings'))] },
      // Commander's own errors echo the argument.
      { args: ['sessions', `--${hostile('option')}`, ...db] },
      { args: ['sessions', '--since', hostile('since'), ...db] },
    ];
    fs.mkdirSync(path.join(dir, 'import'));
    fs.writeFileSync(path.join(dir, 'import', `${fileName('import')}.json`), `{"resourceLogs": \u001b]0;x\u0007`);
    fs.writeFileSync(path.join(dir, 'import', `${fileName('import')}.pb`), '\u001b[2J\u009b2J');
    fs.mkdirSync(path.join(dir, 'settings'));
    fs.writeFileSync(path.join(dir, 'settings', fileName('settings')), `\u001b]52;c;cHduZWQ=\u0007\u001b[2J{`);
    const runs: Array<{ args: string[]; run: CliRun; csv: boolean }> = [];
    for (const c of commands) runs.push({ args: c.args, run: await runCli(c.args, env(), c.input), csv: c.csv === true });
    // After the statusline runs, so its snapshot is in what `session` shows too.
    for (const args of [
      ['session', sessionA, ...db],
      ['sessions', ...db],
    ])
      runs.push({ args, run: await runCli(args, env()), csv: false });
    serve.child.kill('SIGTERM');
    const served = await serve.exited;

    const found = [
      ...runs.flatMap(({ args, run, csv }) => [
        ...offences(`${args.slice(0, 3).join(' ')} stdout`, run.stdout, csv),
        ...offences(`${args.slice(0, 3).join(' ')} stderr`, run.stderr, false),
      ]),
      ...offences('serve stdout', served.stdout, false),
      ...offences('serve stderr', served.stderr, false),
    ];
    expect(found).toEqual([]);

    // Not vacuous: the hostile values did reach each surface, as their plain text.
    const out = (i: number) => runs[i]!.run;
    expect(out(0).stdout).toMatch(/^FLAG sesA-sid: transcript has 1 request/m);
    expect(out(3).stdout).toMatch(/user[^\n]*user-end/);
    for (const tag of ['model', 'term', 'os', 'version', 'cwd', 'branch', 'prompt', 'tool', 'apierror']) expect(out(3).stdout).toContain(`${tag}-end`);
    expect(out(4).stdout).toContain('project-end');
    expect(out(6).code).toBe(1);
    expect(out(6).stderr).toMatch(/matches 2 sessions: .*sid-end, .*sid-end/);
    expect(out(7).stderr).toMatch(/no session starts with/);
    const status = runs.find((r) => r.args[0] === 'status')!.run.stdout;
    expect(status).toMatch(/last error .*HTTP 400: drop .*write end/);
    expect(status).toMatch(/last drop: HTTP 400: drop .*write end/);
    expect(served.stderr).toMatch(/dropped a request: HTTP 400: drop/);
    expect(runs.find((r) => r.args[0] === 'statusline' && r.run.stderr !== '')!.run.stderr).toMatch(/stdin is not JSON/);
    expect(runs.find((r) => r.args.includes('--csv'))!.run.stdout).toContain('user-end');
    const imported = runs.find((r) => r.args[0] === 'import')!.run;
    expect(imported.stdout).toMatch(/skipped .*import-end\.json/);
    expect(runs.filter((r) => r.args[0] === 'import')[1]!.run.stderr).toMatch(/nothing to import: .*import-end/);
    expect(runs.find((r) => r.args[0] === 'setup')!.run.stderr).toMatch(/settings-end is not valid JSON/);
    expect(runs.find((r) => r.args.join(' ').startsWith('export --format csv --what events'))!.run.stdout).toContain('prompt-end');

    // JSON keeps the data exact: escaped, never stripped.
    const detail = JSON.parse(out(5).stdout) as { session: Record<string, unknown> };
    expect(detail.session['sessionId']).toBe(sessionA);
    expect(detail.session['user']).toBe(values['user.id']);
    expect(detail.session['terminalType']).toBe(values['terminal.type']);
    expect(detail.session['os']).toBe(`${resourceValues['os.type']} 6.18.44-fc-v669`);
  }, 120_000);
});
