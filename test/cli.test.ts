// The built CLI as a user runs it: output formats, prefixes, setup --write, errors and exit codes.
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { runCli } from './helpers/cli.js';
import { post, tempReceiver, type TempReceiver } from './helpers/temp-store.js';

let store: TempReceiver;
beforeAll(async () => {
  store = await tempReceiver();
  for (const c of ['proto-delta-tools', 'proto-delta-fail', 'json-delta-edit', 'interactive-statusline']) {
    for (const r of capturedRequests(c)) await post(`${store.receiver.url}${r.path}`, r.body, r.headers);
  }
});
afterAll(async () => {
  await store.stop();
});

const db = () => ['--db', store.dbPath];

describe('read commands', () => {
  it('sessions --json gives exactly the documented fields', async () => {
    const { code, stdout } = await runCli(['sessions', '--json', ...db()]);
    const rows = JSON.parse(stdout) as Record<string, unknown>[];
    expect(code).toBe(0);
    expect(rows).toHaveLength(4);
    expect(Object.keys(rows[0]!)).toEqual([
      'sessionId',
      'machine',
      'project',
      'projectPath',
      'gitBranch',
      'startTime',
      'endTime',
      'user',
      'model',
      'prompts',
      'agents',
      'durationMs',
      'costUsd',
      'toolCalls',
      'apiRequests',
      'errors',
      'linesAdded',
      'linesRemoved',
      'tokens',
      'integrity',
    ]);
    expect(Object.keys(rows[0]!['tokens'] as object)).toEqual(['input', 'output', 'cacheRead', 'cacheCreation', 'total']);
    expect(Object.keys(rows[0]!['integrity'] as object)).toEqual([
      'status',
      'reason',
      'transcriptRequests',
      'missingRequests',
      'telemetryOnlyRequests',
      'transcriptOnly',
      'eventsCostUsd',
      'metricsCostUsd',
    ]);
  });

  it('sessions --csv has a header and one line per session', async () => {
    const { stdout } = await runCli(['sessions', '--csv', ...db()]);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^sessionId,startTime,endTime,user,model,prompts,agents,durationMs,costUsd,/);
    expect(lines).toHaveLength(5);
  });

  it('sessions prints a table with the cost of each session', async () => {
    const { stdout } = await runCli(['sessions', ...db()]);
    expect(stdout).toMatch(/^Start\s+Session\s+Project\s+User\s+Model\s+Prompts\s+Agents\s+Duration\s+Cost\s+Tools\s+Tokens\s+Errors\s+Check$/m);
    expect(stdout).toContain('$0.0079');
    expect(stdout).toContain('$0.04');
  });

  it('summary says below its totals what no local tool can count (auto mode classifier requests)', async () => {
    const { code, stdout } = await runCli(['summary', ...db()]);
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^not in any total: interactive auto mode's classifier requests before a tool runs \(Claude Code 2\.1\.332\) are billed but reported nowhere$/m,
    );
  });

  it('session --json gives metadata and turns with the prompt', async () => {
    const { code, stdout } = await runCli(['session', '0a000000-0000-4000-8000-000000000006', '--json', ...db()]);
    const detail = JSON.parse(stdout) as {
      session: Record<string, unknown>;
      turns: { promptId: string | null; prompt: string | null; events: { name: string }[] }[];
    };
    expect(code).toBe(0);
    expect(detail.session).toMatchObject({
      sessionId: '0a000000-0000-4000-8000-000000000006',
      appVersion: '2.1.197',
      terminalType: 'xterm',
      os: expect.stringMatching(/^linux /),
    });
    expect(detail.turns.map((t) => t.prompt)).toEqual([null, 'this request is rejected']);
    expect(detail.turns[1]!.events.map((e) => e.name)).toContain('api_error');
  });

  it('session prints a readable timeline', async () => {
    const { stdout } = await runCli(['session', '0a000000-0000-4000-8000-000000000006', ...db()]);
    expect(stdout).toMatch(/^session 0a000000-0000-4000-8000-000000000006\n/);
    expect(stdout).toMatch(/prompt: this request is rejected\n/);
    expect(stdout).toMatch(/api_error 400 /);
  });

  it('session resolves a unique prefix', async () => {
    const { code, stdout } = await runCli(['session', 'aaea', '--json', ...db()]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ session: { sessionId: 'aaeaa430-3dfa-4a8d-892f-0636b47f10b7', prompts: 2 } });
  });

  it('session refuses an ambiguous prefix with the candidates', async () => {
    const { code, stderr } = await runCli(['session', '0a000000', ...db()]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/"0a000000" matches 3 sessions: 0a000000-0000-4000-8000-000000000001, /);
  });

  it('summary --json --by model breaks the totals down', async () => {
    const { stdout } = await runCli(['summary', '--json', '--by', 'model', ...db()]);
    const s = JSON.parse(stdout) as { by: string; groups: { key: string; apiRequests: number }[]; apiRequests: { total: number } };
    expect(s.by).toBe('model');
    expect(s.groups).toEqual([expect.objectContaining({ key: 'claude-opus-4-8', apiRequests: 13 })]);
    expect(s.apiRequests.total).toBe(13);
  });
});

describe('status', () => {
  it('--json says the receiver is ours and counts what the database holds', async () => {
    const { code, stdout } = await runCli(['status', '--json', '--port', String(store.receiver.port), ...db()]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      receiver: { url: store.receiver.url, state: 'running' },
      database: { path: store.dbPath, sessions: 4, events: 40, firstActivity: expect.stringMatching(/^2026-11-25T14:37/), schemaVersion: expect.any(Number) },
    });
  });

  it('says when nothing listens on the port', async () => {
    // A port that was free a moment ago.
    const probe = net.createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const port = (probe.address() as net.AddressInfo).port;
    probe.close();
    const { stdout } = await runCli(['status', '--port', String(port), ...db()]);
    expect(stdout).toMatch(new RegExp(`^receiver {2}http://127\\.0\\.0\\.1:${port}: nothing is listening\n`));
    expect(stdout).toMatch(/4 sessions, 40 events, \d+ metric points, 0 spans/);
  });
});

describe('errors', () => {
  it.each([
    [['sessions', '--since', 'soonish'], 2, /--since "soonish" is not a duration or a date/],
    [['summary', '--by', 'week'], 2, /argument 'week' is invalid/],
    [['frobnicate'], 2, /unknown command "frobnicate"/],
    [['session', 'ffff'], 1, /no session starts with "ffff"/],
    [['serve', '--port', '0', '--forward', 'ftp://example.com'], 2, /--forward ftp:\/\/example\.com is not an http or https URL/],
    [['serve', '--port', '0', '--forward', 'http://example.com', '--forward-header', 'Bearer abc'], 2, /--forward-header "Bearer abc" is not NAME=VALUE/],
    [['serve', '--port', '0', '--forward', 'http://example.com', '--forward-max-age', '7 days'], 2, /--forward-max-age 7 days is not an age/],
    [['serve', '--port', '0', '--forward', 'http://example.com', '--forward-max-mb', '0'], 2, /--forward-max-mb 0 is not a size/],
  ])('%j exits %i', async (args, exitCode, message) => {
    const { code, stderr } = await runCli([...args, ...db()]);
    expect(code).toBe(exitCode);
    expect(stderr).toMatch(message);
  });

  it('a missing database is one clear line', async () => {
    const { code, stderr } = await runCli(['sessions', '--db', path.join(store.dir, 'nope.db')]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^claude-otel-tui: no database at .*nope\.db\n {2}run `claude-otel-tui serve` first/);
  });

  it('a file that is not a database is refused, not overwritten', async () => {
    const file = path.join(store.dir, 'not-a-db');
    fs.writeFileSync(file, 'hello');
    const { code, stderr } = await runCli(['sessions', '--db', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/cannot use database .*not-a-db: file is not a database/);
    expect(fs.readFileSync(file, 'utf8')).toBe('hello');
  });

  it('serve on a taken port names the next one to try', async () => {
    const { code, stderr } = await runCli(['serve', '--port', String(store.receiver.port), ...db()]);
    expect(code).toBe(1);
    expect(stderr).toBe(`claude-otel-tui: port ${store.receiver.port} is in use; try --port ${store.receiver.port + 1}\n`);
  });
});

describe('setup', () => {
  const settings = () => path.join(store.dir, 'claude', 'settings.json');

  it('prints the env block for the chosen port', async () => {
    const { stdout } = await runCli(['setup', '--port', '4999']);
    expect(stdout).toContain('export OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4999\n');
    expect(stdout).toContain('export OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf\n');
    expect(stdout).not.toContain('export OTEL_LOG_USER_PROMPTS');
  });

  it('with a token (flag or CLAUDE_OTEL_TUI_TOKEN) it adds the header Claude Code must send', async () => {
    const [flag, env] = await Promise.all([runCli(['setup', '--token', 'abc123']), runCli(['setup'], { CLAUDE_OTEL_TUI_TOKEN: 'from env' })]);
    expect(flag.stdout).toContain("export OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer abc123'\n");
    expect(env.stdout).toContain("export OTEL_EXPORTER_OTLP_HEADERS='Authorization=Bearer from env'\n");
  });

  it('--write merges into settings.json, keeps other keys, backs up, and is idempotent', async () => {
    fs.mkdirSync(path.dirname(settings()), { recursive: true });
    fs.writeFileSync(settings(), JSON.stringify({ model: 'opus', env: { FOO: 'bar', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://old:4318' } }));
    const first = await runCli(['setup', '--write', '--log-prompts'], { CLAUDE_CONFIG_DIR: path.dirname(settings()) });
    const second = await runCli(['setup', '--write', '--log-prompts'], { CLAUDE_CONFIG_DIR: path.dirname(settings()) });
    const written = JSON.parse(fs.readFileSync(settings(), 'utf8')) as { model: string; env: Record<string, string> };
    expect(first.stdout).toMatch(/^updated .*settings\.json \(backup at .*settings\.json\.bak-/);
    expect(second.stdout).toMatch(/already sends telemetry to http:\/\/127\.0\.0\.1:4318; nothing changed/);
    expect(written).toMatchObject({
      model: 'opus',
      env: { FOO: 'bar', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318', CLAUDE_CODE_ENABLE_TELEMETRY: '1', OTEL_LOG_USER_PROMPTS: '1' },
    });
    expect(fs.readdirSync(path.dirname(settings())).filter((f) => f.includes('.bak-'))).toHaveLength(1);
  });

  it("--traces adds the trace variables and says they are a beta of Claude Code's; without it, only a hint", async () => {
    const [withTraces, without] = await Promise.all([runCli(['setup', '--traces']), runCli(['setup'])]);
    expect(withTraces.stdout).toContain('export CLAUDE_CODE_ENHANCED_TELEMETRY_BETA=1\nexport OTEL_TRACES_EXPORTER=otlp\n');
    expect(withTraces.stdout).toContain(
      "# traces are a beta of Claude Code's (CLAUDE_CODE_ENHANCED_TELEMETRY_BETA): what they carry may change between its releases; they go to http://127.0.0.1:4318/v1/traces\n",
    );
    expect(without.stdout).not.toMatch(/CLAUDE_CODE_ENHANCED_TELEMETRY_BETA|OTEL_TRACES_EXPORTER/);
    expect(without.stdout).toContain("# add --traces to see where each prompt's time went (model, tools, waiting on you); a beta of Claude Code's\n");
  });

  it("--traces: the endpoint it prints takes Claude Code's traces at /v1/traces", async () => {
    const receiver = await tempReceiver();
    const { stdout } = await runCli(['setup', '--traces', '--port', String(receiver.receiver.port)]);
    const endpoint = /^export OTEL_EXPORTER_OTLP_ENDPOINT=(\S+)$/m.exec(stdout)![1]!;
    const traces = capturedRequests('v2.1.332-json-gzip-skill-traces', captures2_1_332Dir).find((r) => r.signal === 'traces')!;
    expect((await post(`${endpoint}/v1/traces`, traces.body, traces.headers)).status).toBe(200);
    expect(receiver.db.prepare('SELECT COUNT(*) FROM spans').pluck().get()).toBe(6);
    await receiver.stop();
  });

  it('--write --traces writes the trace variables into settings.json', async () => {
    const file = path.join(store.dir, 'traces', 'settings.json');
    const { stdout } = await runCli(['setup', '--write', '--traces', '--settings', file]);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({
      env: { CLAUDE_CODE_ENHANCED_TELEMETRY_BETA: '1', OTEL_TRACES_EXPORTER: 'otlp', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:4318' },
    });
    expect(stdout).toMatch(/^updated .*\ntraces are a beta of Claude Code's/);
  });

  it('--write refuses invalid JSON and leaves the file as it was', async () => {
    const file = path.join(store.dir, 'broken', 'settings.json');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '{ "env": ');
    const { code, stderr } = await runCli(['setup', '--write', '--settings', file]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/settings\.json is not valid JSON .*; not touching it/);
    expect(fs.readFileSync(file, 'utf8')).toBe('{ "env": ');
  });
});
