// Options that several commands declare, each written once. Declared with the typed commander
// (@commander-js/extra-typings): a command's action receives its options typed from these
// declarations, so no command re-declares them in an interface of its own.
import { Option } from '@commander-js/extra-typings';

export const dbOption = () => new Option('--db <path>', 'SQLite file (default: $CLAUDE_OTEL_TUI_DB or $XDG_DATA_HOME/claude-otel-tui/telemetry.db)');

export const tokenOption = () =>
  new Option(
    '--token <token>',
    'require this token from clients (Authorization: Bearer or X-API-Key); other users see arguments in ps, so prefer the environment or --token-file',
  ).env('CLAUDE_OTEL_TUI_TOKEN');
export const tokenFileOption = () => new Option('--token-file <path>', 'read the token from this file (one line, mode 0600)');

export const budgetDailyOption = () =>
  new Option('--budget-daily <usd>', 'daily budget in USD: yellow from 80 %, red from 100 % (default: budgetDailyUsd in the config file)');
export const budgetSessionOption = () => new Option('--budget-session <usd>', 'per-session budget in USD (default: budgetSessionUsd in the config file)');

export const machineOption = () =>
  new Option('--machine <name>', "this machine's name in the sync folder and the Machine column (default: the host name; kept once set)");
