import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../../errors.js';
import { defaultHost, defaultPort } from '../../receiver/server.js';
import { claudeSettingsPath } from '../paths.js';
import { receiverUrl } from '../receiver-probe.js';
import { claudeCodeEnv, shellExports, type EnvLine } from '../setup-env.js';

export interface SetupCommandOptions {
  host?: string;
  port?: string;
  write?: boolean;
  logPrompts?: boolean;
  logToolDetails?: boolean;
  settings?: string;
  token?: string;
}

export function setupCommand(options: SetupCommandOptions): void {
  const host = options.host ?? defaultHost;
  const endpoint = receiverUrl(host, options.port ?? defaultPort);
  const env = claudeCodeEnv({ endpoint, logPrompts: options.logPrompts === true, logToolDetails: options.logToolDetails === true, ...(options.token ? { token: options.token } : {}) });
  if (!options.write) {
    process.stdout.write(`# Claude Code → claude-otel-tui at ${endpoint}\n`);
    for (const line of env) process.stdout.write(`# ${line.name}: ${line.why}\n`);
    if (!options.logPrompts) process.stdout.write('# add --log-prompts to see prompt text in the timeline (it stays on this machine)\n');
    if (!options.logToolDetails) process.stdout.write('# add --log-tool-details to see tool inputs and error text\n');
    process.stdout.write(shellExports(env));
    process.stdout.write(`# or merge it into ${claudeSettingsPath()} with: claude-otel-tui setup --write\n`);
    return;
  }
  const file = options.settings ? path.resolve(options.settings) : claudeSettingsPath();
  const result = mergeSettings(file, env);
  process.stdout.write(
    result.changed
      ? `updated ${file} (${result.backup ? `backup at ${result.backup}` : 'new file'}); restart Claude Code to pick it up\n`
      : `${file} already sends telemetry to ${endpoint}; nothing changed\n`,
  );
}

interface MergeResult {
  changed: boolean;
  backup: string | null;
}

/** Merges the env block into settings.json's `env`, keeping every other key; idempotent. */
export function mergeSettings(file: string, env: readonly EnvLine[]): MergeResult {
  let settings: Record<string, unknown> = {};
  let original: string | null = null;
  if (fs.existsSync(file)) {
    original = fs.readFileSync(file, 'utf8');
    let parsed: unknown;
    try {
      parsed = original.trim() === '' ? {} : JSON.parse(original);
    } catch (error) {
      throw new UserError(`${file} is not valid JSON (${error instanceof Error ? error.message : String(error)}); not touching it`, 'fix it by hand, or run `claude-otel-tui setup` and copy the lines');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new UserError(`${file} does not hold a JSON object; not touching it`, 'fix it by hand, or run `claude-otel-tui setup` and copy the lines');
    }
    settings = parsed as Record<string, unknown>;
  }
  const current = settings['env'];
  if (current !== undefined && (typeof current !== 'object' || current === null || Array.isArray(current))) {
    throw new UserError(`"env" in ${file} is not an object; not touching it`, 'fix it by hand');
  }
  const merged: Record<string, unknown> = { ...(current as Record<string, unknown> | undefined) };
  for (const line of env) merged[line.name] = line.value;
  const next = { ...settings, env: merged };
  const text = `${JSON.stringify(next, null, 2)}\n`;
  if (original !== null && JSON.stringify(JSON.parse(original.trim() === '' ? '{}' : original)) === JSON.stringify(next)) {
    return { changed: false, backup: null };
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let backup: string | null = null;
  if (original !== null) {
    backup = `${file}.bak-${new Date().toISOString().replace(/[:.]/g, '-')}`;
    fs.writeFileSync(backup, original);
  }
  // Write then rename, so a crash never leaves a half-written settings file.
  const temp = `${file}.tmp-${process.pid}`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
  return { changed: true, backup };
}
