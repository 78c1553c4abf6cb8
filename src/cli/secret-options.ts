// Secrets on the command line are visible to every user of the machine (ps, /proc/PID/cmdline).
// The token can come from CLAUDE_OTEL_TUI_TOKEN or --token-file instead, and the forward headers
// from CLAUDE_OTEL_TUI_FORWARD_HEADERS; given as arguments they still work, with a warning.
import fs from 'node:fs';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { UserError } from '../errors.js';

const maxTokenFileBytes = 4096;

/** Before a command runs: --token-file read into --token, and one line of warning for secrets in argv. */
export function resolveSecretOptions(command: CommandUnknownOpts, warn: (line: string) => void): void {
  const tokenFile = command.getOptionValue('tokenFile') as string | undefined;
  const isTokenInArgv = command.getOptionValueSource('token') === 'cli';
  if (tokenFile !== undefined) {
    if (isTokenInArgv) throw new UserError('--token and --token-file both give the token', 'give one of them', 2);
    command.setOptionValueWithSource('token', readTokenFile(tokenFile), 'config');
  }
  const inArgv = [
    ...(isTokenInArgv ? ['--token (use CLAUDE_OTEL_TUI_TOKEN or --token-file)'] : []),
    ...(command.getOptionValueSource('forwardHeader') === 'cli' ? ['--forward-header (use CLAUDE_OTEL_TUI_FORWARD_HEADERS)'] : []),
  ];
  if (inArgv.length > 0) warn(`claude-otel-tui: warning: every user of this machine can read command lines (ps): ${inArgv.join(', ')}`);
}

/** The token file: one line, and the user's alone (as ssh insists for a key). */
export function readTokenFile(file: string): string {
  let stat: fs.Stats;
  let text: string;
  try {
    stat = fs.statSync(file);
    if (!stat.isFile()) throw new UserError(`--token-file ${file} is not a file`, 'give a file holding the token on one line');
    if (stat.size > maxTokenFileBytes)
      throw new UserError(`--token-file ${file} is ${stat.size} bytes; a token is one line`, 'give a file holding the token on one line');
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(`cannot read --token-file ${file}: ${error instanceof Error ? error.message : String(error)}`, 'check the path and its permissions');
  }
  if ((stat.mode & 0o077) !== 0) {
    throw new UserError(`--token-file ${file} can be read or changed by other users (mode 0${(stat.mode & 0o777).toString(8)})`, `run chmod 600 ${file}`);
  }
  const token = text.replace(/\r?\n$/, '');
  if (token.trim() === '' || /[\r\n\0]/.test(token))
    throw new UserError(`--token-file ${file} does not hold one line`, 'put the token alone on the first line');
  return token;
}
