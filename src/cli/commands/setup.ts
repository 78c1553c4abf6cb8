import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { defaultHost, defaultPort } from '../../receiver/server.js';
import { claudeSettingsPath } from '../paths.js';
import { receiverUrl } from '../receiver-probe.js';
import { claudeCodeEnv, shellExports, type EnvLine } from '../setup-env.js';
import { statuslineCommandLine, withStatusline, type StatuslineChange } from '../setup-statusline.js';
import { printOut } from '../format/print.js';

export interface SetupCommandOptions {
  host?: string;
  port?: string;
  write?: boolean;
  statusline?: boolean;
  logPrompts?: boolean;
  logToolDetails?: boolean;
  traces?: boolean;
  settings?: string;
  token?: string;
}

export function setupCommand(options: SetupCommandOptions): void {
  const host = options.host ?? defaultHost;
  const endpoint = receiverUrl(host, options.port ?? defaultPort);
  const env = claudeCodeEnv({
    endpoint,
    logPrompts: options.logPrompts === true,
    logToolDetails: options.logToolDetails === true,
    traces: options.traces === true,
    ...(options.token ? { token: options.token } : {}),
  });
  if (!options.write) {
    printOut(`# Claude Code → claude-otel-tui at ${endpoint}\n`);
    for (const line of env) printOut(`# ${line.name}: ${line.why}\n`);
    if (!options.logPrompts) printOut('# add --log-prompts to see prompt text in the timeline (it stays on this machine)\n');
    if (!options.logToolDetails) printOut('# add --log-tool-details to see tool inputs and error text\n');
    printOut(
      options.traces ? tracesNote(endpoint) : "# add --traces to see where each prompt's time went (model, tools, waiting on you); a beta of Claude Code's\n",
    );
    printOut(shellExports(env));
    if (options.statusline) {
      printOut(`# the status line (plan use, spend), in settings.json; add --wrap '<command>' to keep yours:\n`);
      printOut(`# ${JSON.stringify({ statusLine: { type: 'command', command: statuslineCommandLine(null, endpoint) } })}\n`);
    }
    printOut(`# or merge it into ${claudeSettingsPath()} with: claude-otel-tui setup --write${options.statusline ? ' --statusline' : ''}\n`);
    return;
  }
  const file = options.settings ? path.resolve(options.settings) : claudeSettingsPath();
  const statusline: { change?: StatuslineChange; wrapped?: string | null } = {};
  const result = updateSettings(file, (settings) => {
    const next = withEnv(settings, env, file);
    if (!options.statusline) return next;
    const s = withStatusline(next, file, endpoint);
    statusline.change = s.change;
    statusline.wrapped = s.wrapped;
    return s.settings;
  });
  printOut(
    result.changed
      ? `updated ${file} (${result.backup ? `backup at ${result.backup}` : 'new file'}); restart Claude Code to pick it up\n`
      : `${file} already sends telemetry to ${endpoint}${options.statusline ? ' and runs our status line' : ''}; nothing changed\n`,
  );
  if (options.traces && result.changed) printOut(tracesNote(endpoint).slice(2));
  if (statusline.change === 'wrapped') printOut(`the status line now shows ours, then yours: ${statusline.wrapped ?? ''}\n`);
  if (statusline.change === 'updated') printOut(`our status line command is now: ${statuslineCommandLine(null, endpoint)} (anything it wrapped is kept)\n`);
}

/** Traces are Claude Code's beta (CLAUDE_CODE_ENHANCED_TELEMETRY_BETA): say so wherever they are turned on. */
function tracesNote(endpoint: string): string {
  return `# traces are a beta of Claude Code's (CLAUDE_CODE_ENHANCED_TELEMETRY_BETA): what they carry may change between its releases; they go to ${endpoint}/v1/traces\n`;
}

interface MergeResult {
  changed: boolean;
  backup: string | null;
}

function withEnv(settings: Record<string, unknown>, env: readonly EnvLine[], file: string): Record<string, unknown> {
  const current = settings['env'];
  if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current))) {
    throw new UserError(`"env" in ${file} is not an object; not touching it`, 'fix it by hand');
  }
  const merged: Record<string, unknown> = { ...(current as Record<string, unknown> | undefined) };
  for (const line of env) merged[line.name] = line.value;
  return { ...settings, env: merged };
}

/** Reads settings.json, applies `change`, and writes it back (with a backup) only if that changed anything. */
function updateSettings(file: string, change: (settings: Record<string, unknown>) => Record<string, unknown>): MergeResult {
  let settings: Record<string, unknown> = {};
  let original: string | null = null;
  if (fs.existsSync(file)) {
    original = fs.readFileSync(file, 'utf8');
    let parsed: unknown;
    try {
      parsed = original.trim() === '' ? {} : JSON.parse(original);
    } catch (error) {
      throw new UserError(
        `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); not touching it`,
        'fix it by hand, or run `claude-otel-tui setup` and copy the lines',
      );
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UserError(`${file} does not hold a JSON object; not touching it`, 'fix it by hand, or run `claude-otel-tui setup` and copy the lines');
    }
    settings = parsed as Record<string, unknown>;
  }
  const next = change(settings);
  const text = `${JSON.stringify(next, null, 2)}\n`;
  if (original !== null && JSON.stringify(JSON.parse(original.trim() === '' ? '{}' : original)) === JSON.stringify(next)) {
    return { changed: false, backup: null };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // The file keeps its mode, but one holding a secret (the receiver's token) is the user's alone,
  // and so is a backup of one: Claude Code reads it as the same user.
  const originalMode = original === null ? null : fs.statSync(file).mode & 0o777;
  let backup: string | null = null;
  if (original !== null) {
    backup = `${file}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    writeNewFile(backup, original, modeFor(originalMode, holdsSecret(settings)));
  }
  // Write then rename, so a crash never leaves a half-written settings file.
  const temp = `${file}.tmp-${process.pid}`;
  fs.rmSync(temp, { force: true });
  writeNewFile(temp, text, modeFor(originalMode, holdsSecret(next)));
  fs.renameSync(temp, file);
  return { changed: true, backup };
}

/** Settings that carry the receiver's token, exporter headers (usually credentials), or an API key of the user's. */
function holdsSecret(settings: Record<string, unknown>): boolean {
  const env = settings['env'];
  return typeof env === 'object' && env !== null && Object.keys(env).some((name) => /(HEADERS|TOKEN|KEY|SECRET|PASSWORD)$/i.test(name));
}

function modeFor(originalMode: number | null, isSecret: boolean): number {
  const mode = originalMode ?? 0o644;
  return isSecret ? mode & 0o600 : mode;
}

/** Created here (never through a link or file someone left at the name), with exactly `mode`, whatever the umask. */
function writeNewFile(name: string, text: string, mode: number): void {
  const fd = fs.openSync(name, 'wx', mode);
  try {
    fs.fchmodSync(fd, mode);
    fs.writeFileSync(fd, text);
  } finally {
    fs.closeSync(fd);
  }
}
