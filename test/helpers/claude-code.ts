// Installs and runs the real Claude Code CLI for end-to-end tests: offline, against the scripted
// Messages API, with its OpenTelemetry export pointed at our receiver.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { constants as fsConstants } from 'node:fs';
import { access, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { arch, homedir, platform, tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The versions the end-to-end test proves by default: the one the project was built on, and the newest. */
export const PROVEN_CLAUDE_CODE_VERSIONS = ['2.1.197', '2.1.332'] as const;

/** The first version with the trace export beta (CLAUDE_CODE_ENHANCED_TELEMETRY_BETA): the end-to-end test turns it on from here. */
export const TRACES_SINCE = '2.1.332';

/** Whether `version` is `minimum` or newer, by major.minor.patch (a pre-release counts as its release). */
export function isAtLeast(version: string, minimum: string): boolean {
  const parts = (v: string): number[] => v.split('-')[0]!.split('.').map(Number);
  const [a, b] = [parts(version), parts(minimum)];
  for (let i = 0; i < 3; i += 1) {
    if ((a[i] ?? 0) !== (b[i] ?? 0)) return (a[i] ?? 0) > (b[i] ?? 0);
  }
  return true;
}

const VERSION_PATTERN = /^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?$/;

/**
 * The versions to run: `CLAUDE_OTEL_TUI_E2E_VERSIONS=2.1.197,2.1.332` (comma-separated), else
 * PROVEN_CLAUDE_CODE_VERSIONS. A malformed list throws rather than silently testing nothing.
 */
export function claudeCodeVersions(value: string | undefined = process.env.CLAUDE_OTEL_TUI_E2E_VERSIONS): string[] {
  if (value === undefined || value.trim() === '') return [...PROVEN_CLAUDE_CODE_VERSIONS];
  const versions = value
    .split(',')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  const bad = versions.filter((v) => !VERSION_PATTERN.test(v));
  if (versions.length === 0 || bad.length > 0) {
    throw new Error(`CLAUDE_OTEL_TUI_E2E_VERSIONS=${JSON.stringify(value)} is not a list of versions; use e.g. CLAUDE_OTEL_TUI_E2E_VERSIONS=2.1.197,2.1.332`);
  }
  return [...new Set(versions)];
}

const PACKAGE = '@anthropic-ai/claude-code';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const INSTALL_TIMEOUT_MS = 10 * 60_000;
const KILL_GRACE_MS = 5_000;

/**
 * `$CLAUDE_OTEL_TUI_TEST_CACHE/claude-code-<version>`, else
 * `~/.cache/claude-otel-tui-test/claude-code-<version>`: one folder per version, so changing the
 * pin never reuses a stale install.
 */
export function claudeCodeCacheDir(version: string): string {
  const base = process.env.CLAUDE_OTEL_TUI_TEST_CACHE || join(homedir(), '.cache', 'claude-otel-tui-test');
  return resolve(base, `claude-code-${version}`);
}

function isInside(parent: string, child: string): boolean {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel));
}

function isMusl(): boolean {
  if (platform() !== 'linux') return false;
  // glibc builds of Node report glibcVersionRuntime; musl builds do not (same test as the CLI's own wrapper).
  const report = process.report.getReport() as { header?: { glibcVersionRuntime?: string } };
  return report.header?.glibcVersionRuntime === undefined;
}

/** The native binary ships in an optional per-platform package; the wrapper's bin is the fallback. */
function binaryCandidates(dir: string): string[] {
  const os = platform();
  const key = os === 'linux' ? `linux-${arch()}${isMusl() ? '-musl' : ''}` : `${os}-${arch()}`;
  const exe = os === 'win32' ? 'claude.exe' : 'claude';
  return [join(dir, 'node_modules', `${PACKAGE}-${key}`, exe), join(dir, 'node_modules', '.bin', os === 'win32' ? 'claude.cmd' : 'claude')];
}

async function findBinary(dir: string): Promise<string | undefined> {
  for (const candidate of binaryCandidates(dir)) {
    try {
      await access(candidate, platform() === 'win32' ? fsConstants.F_OK : fsConstants.X_OK);
      return candidate;
    } catch {
      // try the next one
    }
  }
  return undefined;
}

function npmInstall(prefix: string, spec: string): Promise<void> {
  const env = { ...process.env };
  // Under `npm test` these point at the repo (or the global prefix); the nested install must
  // only ever touch its own folder.
  for (const name of ['npm_config_prefix', 'npm_config_local_prefix', 'npm_config_global', 'npm_config_location']) {
    delete env[name];
  }
  const args = ['install', '--no-audit', '--no-fund', '--include=optional', '--prefix', prefix, spec];
  return new Promise((done, fail) => {
    const child = spawn(platform() === 'win32' ? 'npm.cmd' : 'npm', args, {
      cwd: prefix,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
      shell: platform() === 'win32',
      timeout: INSTALL_TIMEOUT_MS,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', fail);
    child.on('close', (code, signal) => {
      if (code === 0) done();
      else {
        fail(
          new Error(
            `could not install ${spec} for the end-to-end test (npm ${signal ?? `exit ${code}`}); it needs the npm registry once per version ` +
              `(then it is cached), or choose installed versions with CLAUDE_OTEL_TUI_E2E_VERSIONS\n` +
              `npm ${args.join(' ')}:\n${output.slice(-4000)}`,
          ),
        );
      }
    });
  });
}

async function install(version: string): Promise<string> {
  const dir = claudeCodeCacheDir(version);
  if (isInside(REPO_ROOT, dir)) {
    // A node_modules inside the repo would be picked up by tsc, vitest and npm itself.
    throw new Error(`Claude Code test cache ${dir} must be outside the repository ${REPO_ROOT}`);
  }
  const existing = await findBinary(dir);
  if (existing) return existing;

  // Install into a private staging folder and publish it with one rename: the cache folder
  // only ever exists complete, so concurrent callers (other vitest workers) never see a
  // half-written install, and the loser of a race simply uses the winner's folder.
  await mkdir(dirname(dir), { recursive: true });
  const staging = `${dir}.staging-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(staging);
    await writeFile(join(staging, 'package.json'), `${JSON.stringify({ name: 'claude-otel-tui-test-claude-code', private: true }, null, 2)}\n`);
    await npmInstall(staging, `${PACKAGE}@${version}`);
    if (!(await findBinary(staging))) {
      throw new Error(`npm installed ${PACKAGE}@${version} but none of ${binaryCandidates(staging).join(', ')} exists`);
    }
    try {
      await rename(staging, dir);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST' && code !== 'EPERM') throw error;
    }
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
  const installed = await findBinary(dir);
  if (!installed) {
    throw new Error(`${dir} exists but holds no Claude Code binary; delete it to reinstall`);
  }
  return installed;
}

const installs = new Map<string, Promise<string>>();

/**
 * Installs @anthropic-ai/claude-code@version once into a cache folder outside the repo
 * (see claudeCodeCacheDir) and returns the path of its native binary.
 */
export function installClaudeCode(version: string): Promise<string> {
  let pending = installs.get(version);
  if (!pending) {
    pending = install(version);
    installs.set(version, pending);
    // A failed attempt must not poison later calls (e.g. after the network comes back).
    pending.catch(() => installs.delete(version));
  }
  return pending;
}

export interface ClaudeRun {
  exitCode: number | null;
  stdout: string;
  stderr: string;
}

export interface RunClaudeCodeOptions {
  bin: string;
  apiUrl: string;
  /** OTLP/HTTP base URL; the exporter appends /v1/logs, /v1/metrics and /v1/traces. */
  otlpEndpoint: string;
  prompt: string;
  sessionId: string;
  workdir: string;
  protocol?: 'http/protobuf' | 'http/json';
  gzip?: boolean;
  temporality?: 'delta' | 'cumulative';
  model?: string;
  timeoutMs?: number;
  /** HOME for the run, kept afterwards (the caller removes it): its transcripts stay readable. */
  home?: string;
  /** Export traces too: Claude Code's beta (2.1.332 has it; older versions ignore the variables). */
  traces?: boolean;
  /** Install the user skill the scripted API's `skill` scenario invokes, into the run's HOME. */
  skill?: string;
}

/** Variables of the parent that would change what the CLI does or where it sends data. */
function isolatedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    const upper = name.toUpperCase();
    if (
      upper.startsWith('ANTHROPIC_') ||
      upper.startsWith('CLAUDE') ||
      upper.startsWith('OTEL_') ||
      upper.startsWith('XDG_') ||
      // Everything is loopback; a proxy would only get in the way.
      upper === 'HTTP_PROXY' ||
      upper === 'HTTPS_PROXY' ||
      upper === 'ALL_PROXY' ||
      upper === 'NO_PROXY' ||
      // Under scripts/test-shifted-clock.sh: libfaketime shares its clock through a semaphore that
      // the native 2.1.332 binary cannot open (it exits 1). Without it, the binary's own libfaketime
      // applies the same offset (FAKETIME is kept), so its clock is the suite's.
      upper === 'FAKETIME_SHARED'
    ) {
      continue;
    }
    env[name] = value;
  }
  return env;
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    // Negative pid: the whole process group, so tool subprocesses (Bash) die with the CLI.
    process.kill(platform() === 'win32' ? pid : -pid, signal);
  } catch {
    // already gone
  }
}

/** A user skill as Claude Code reads it from ~/.claude/skills/<name>/SKILL.md. */
async function writeSkill(home: string, name: string): Promise<void> {
  const dir = join(home, '.claude', 'skills', name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'SKILL.md'), `---\nname: ${name}\ndescription: Review the project with a fixed checklist.\n---\n\nCheck that hello.py exists.\n`);
}

/**
 * Runs `claude -p <prompt>` offline with a fresh HOME. Resolves when the CLI has exited (after
 * it flushed its telemetry) or was killed at the timeout; exitCode is then null and stderr ends
 * with a note saying so.
 */
export async function runClaudeCode(options: RunClaudeCodeOptions): Promise<ClaudeRun> {
  const timeoutMs = options.timeoutMs ?? 120_000;
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'claude-otel-tui-home-')));
  const env: NodeJS.ProcessEnv = {
    ...isolatedEnv(),
    HOME: home,
    USERPROFILE: home,
    // Keep any XDG-aware code inside the throwaway home as well.
    XDG_CONFIG_HOME: join(home, '.config'),
    XDG_CACHE_HOME: join(home, '.cache'),
    XDG_DATA_HOME: join(home, '.local', 'share'),
    XDG_STATE_HOME: join(home, '.local', 'state'),
    IS_SANDBOX: '1',
    DISABLE_AUTOUPDATER: '1',
    ANTHROPIC_BASE_URL: options.apiUrl,
    ANTHROPIC_API_KEY: 'sk-ant-test-not-a-key',
    CLAUDE_CODE_ENABLE_TELEMETRY: '1',
    OTEL_METRICS_EXPORTER: 'otlp',
    OTEL_LOGS_EXPORTER: 'otlp',
    OTEL_EXPORTER_OTLP_PROTOCOL: options.protocol ?? 'http/protobuf',
    OTEL_EXPORTER_OTLP_ENDPOINT: options.otlpEndpoint,
    OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE: options.temporality ?? 'delta',
    OTEL_METRIC_EXPORT_INTERVAL: '1000',
    OTEL_LOGS_EXPORT_INTERVAL: '500',
    OTEL_LOG_USER_PROMPTS: '1',
    OTEL_LOG_TOOL_DETAILS: '1',
    NO_PROXY: '127.0.0.1,localhost',
  };
  if (options.gzip) env.OTEL_EXPORTER_OTLP_COMPRESSION = 'gzip';
  if (options.traces) {
    env.CLAUDE_CODE_ENHANCED_TELEMETRY_BETA = '1';
    env.OTEL_TRACES_EXPORTER = 'otlp';
    env.OTEL_TRACES_EXPORT_INTERVAL = '500';
  }
  if (options.skill !== undefined) await writeSkill(home, options.skill);

  const args = ['-p', options.prompt, '--allowedTools', 'Write,Edit,Read,Glob,Bash(cat:*),Bash(ls),Agent,Skill', '--session-id', options.sessionId];
  if (options.model) args.push('--model', options.model);

  try {
    return await new Promise<ClaudeRun>((done, fail) => {
      const child = spawn(options.bin, args, {
        cwd: options.workdir,
        env,
        // No stdin: `claude -p` would otherwise wait for piped input from the test runner.
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: platform() !== 'win32',
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      let forceKill: NodeJS.Timeout | undefined;
      const timer = setTimeout(() => {
        timedOut = true;
        if (child.pid === undefined) return;
        const pid = child.pid;
        killGroup(pid, 'SIGTERM');
        forceKill = setTimeout(() => killGroup(pid, 'SIGKILL'), KILL_GRACE_MS);
      }, timeoutMs);
      child.on('error', (error) => {
        clearTimeout(timer);
        clearTimeout(forceKill);
        fail(error);
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        clearTimeout(forceKill);
        if (timedOut) stderr += `\n[runClaudeCode] killed after ${timeoutMs} ms\n`;
        done({ exitCode: timedOut ? null : code, stdout, stderr });
      });
    });
  } finally {
    if (options.home === undefined) await rm(home, { recursive: true, force: true });
  }
}
