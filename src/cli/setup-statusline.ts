// The statusLine entry of Claude Code's settings.json: ours, wrapping the user's own command if they
// had one. Claude Code runs it through a shell, so every part is shell-quoted.
import fs from 'node:fs';
import path from 'node:path';
import { UserError } from '../errors.js';
import { shellQuote } from './setup-env.js';
import { packageRoot } from './version.js';

/**
 * The shell front of the status line (dist/statusline.sh: asks the receiver at `url`, else runs the
 * Node entry beside it) and node, both absolute: Claude Code's PATH may differ from this shell's.
 */
export function statuslineCommandLine(wrap: string | null, url: string): string {
  const root = packageRoot();
  const script = root === null ? null : path.join(root.dir, 'dist', 'statusline.sh');
  if (script === null || !fs.existsSync(script))
    throw new UserError('cannot find dist/statusline.sh next to this claude-otel-tui', 'run `npm run build` in its folder, or reinstall it');
  return `${shellQuote(script)} ${shellQuote(process.execPath)} --url ${shellQuote(url)}${wrap === null ? '' : ` --wrap ${shellQuote(wrap)}`}`;
}

/** Ours, in any of the forms we install or document. */
export function isOurStatusline(command: string): boolean {
  return /statusline\.(cjs|sh)\b/.test(command) || /claude-otel-tui(\.mjs)?'?\s+statusline\b/.test(command);
}

export type StatuslineChange = 'installed' | 'wrapped' | 'updated' | 'kept';

/**
 * The settings with our statusLine in them: `kept` when it is ours as this install would write it;
 * `updated` when it is ours in an older form (the Node entry without the shell front, another port),
 * its `--wrap '…'` kept as it was written.
 */
export function withStatusline(
  settings: Record<string, unknown>,
  file: string,
  url: string,
): { settings: Record<string, unknown>; change: StatuslineChange; wrapped: string | null } {
  const current = settings['statusLine'];
  if (current === undefined || current === null)
    return { settings: { ...settings, statusLine: { type: 'command', command: statuslineCommandLine(null, url) } }, change: 'installed', wrapped: null };
  if (typeof current !== 'object' || Array.isArray(current)) throw new UserError(`"statusLine" in ${file} is not an object; not touching it`, 'fix it by hand');
  const entry = current as Record<string, unknown>;
  const command = entry['command'];
  if (entry['type'] !== 'command' || typeof command !== 'string' || command.trim() === '') {
    throw new UserError(`"statusLine" in ${file} is not a command; not touching it`, 'fix it by hand, or remove it and run this again');
  }
  if (isOurStatusline(command)) {
    const wrapAt = command.indexOf(' --wrap ');
    const current = `${statuslineCommandLine(null, url)}${wrapAt === -1 ? '' : command.slice(wrapAt)}`;
    if (command === current) return { settings, change: 'kept', wrapped: null };
    return { settings: { ...settings, statusLine: { ...entry, command: current } }, change: 'updated', wrapped: null };
  }
  return { settings: { ...settings, statusLine: { ...entry, command: statuslineCommandLine(command, url) } }, change: 'wrapped', wrapped: command };
}
