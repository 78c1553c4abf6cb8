import { Command, CommanderError, Option } from '@commander-js/extra-typings';
import { UserError } from '../errors.js';
import { budgetDailyOption, budgetSessionOption, dbOption, machineOption, tokenFileOption, tokenOption } from './options.js';
import { serveOptions, uiOptions } from './receiving/flags.js';
import { resolveSecretOptions } from './secret-options.js';
import { packageVersion } from './version.js';
import { importWithoutFetch } from './without-fetch.js';
import { plainText } from '../present/sanitize.js';
import { printErr, printOut } from './format/print.js';

const sinceOption = () => new Option('--since <when>', '15m, 1h, 24h, 7d, 30d, all, or an ISO date').default('all');

// Each command loads its module only when it runs: the dashboard's Ink and React take a third of a
// second to load, which `sessions --json` or `setup` should not pay.
export function buildProgram(): Command {
  const program = new Command()
    .name('claude-otel-tui')
    .description('See what Claude Code costs and does, locally: an OTLP/HTTP receiver into SQLite, and commands to read it.')
    .version(packageVersion())
    .option('--debug', 'print stack traces on errors')
    // Commander echoes arguments in its errors ("unknown option '…'"); subcommands inherit this.
    .configureOutput({ writeOut: printOut, writeErr: printErr })
    .showHelpAfterError()
    .exitOverride()
    .hook('preAction', (_program, command) => resolveSecretOptions(command, (line) => printErr(`${line}\n`)));

  uiOptions(
    program
      .command('ui', { isDefault: true })
      .description('the receiver and the live dashboard in one terminal (the default); a viewer when another claude-otel-tui already listens'),
  ).action(async (options) => {
    // Ink draws nothing but the last frame when CI is set (read once, when Ink loads). The
    // dashboard runs only on a terminal (uiCommand checks), where CI can only mean an inherited
    // variable, as in a CI job that drives it through tmux.
    delete process.env['CI'];
    delete process.env['CONTINUOUS_INTEGRATION'];
    const { uiCommand } = await importWithoutFetch(() => import('./commands/ui.js'));
    return uiCommand(options);
  });

  serveOptions(program.command('serve').description('receive Claude Code telemetry (OTLP/HTTP) into the database')).action(async (options) =>
    (await import('./commands/serve.js')).serveCommand(options),
  );

  program
    .command('sessions')
    .description('one row per session: cost, tokens, prompts, tools, errors')
    .addOption(sinceOption())
    .option('--filter <text>', 'only sessions whose id, machine, project, user, model or prompt text contains this')
    .option('--project <name>', 'only sessions of this project')
    .option('--json', 'JSON array on stdout')
    .option('--csv', 'CSV on stdout')
    .addOption(budgetSessionOption())
    .addOption(dbOption())
    .action(async (options) => (await import('./commands/sessions.js')).sessionsCommand(options));

  program
    .command('session')
    .description('one session: metadata, figures and its turn-by-turn timeline')
    .argument('<id>', 'session id or a unique prefix of it')
    .option('--json', 'JSON on stdout')
    .addOption(dbOption())
    .action(async (id, options) => (await import('./commands/session.js')).sessionCommand(id, options));

  program
    .command('commits')
    .description('one row per commit Claude Code made: what it cost since the previous commit of its session')
    .addOption(sinceOption())
    .option('--project <name>', 'only commits of this project')
    .option('--branch <name>', 'only commits on this branch')
    .option('--json', 'JSON array on stdout')
    .addOption(dbOption())
    .action(async (options) => (await import('./commands/commits.js')).commitsCommand(options));

  program
    .command('commit')
    .description('what produced one commit: its session, the prompts and the turns since the previous commit')
    .argument('<sha>', 'commit id or a unique prefix of it')
    .option('--json', 'JSON on stdout')
    .addOption(dbOption())
    .action(async (sha, options) => (await import('./commands/commit.js')).commitCommand(sha, options));

  program
    .command('summary')
    .description('every dashboard figure for a time range')
    .addOption(sinceOption())
    .addOption(
      new Option('--by <grouping>', 'also break it down (skill, mcp, agent, plugin: what the requests were made for; machine: where they ran)').choices([
        'model',
        'day',
        'session',
        'project',
        'branch',
        'skill',
        'mcp',
        'agent',
        'plugin',
        'machine',
      ]),
    )
    .option('--json', 'JSON on stdout')
    .addOption(budgetDailyOption())
    .addOption(budgetSessionOption())
    .addOption(dbOption())
    .action(async (options) => (await import('./commands/summary.js')).summaryCommand(options));

  program
    .command('transcripts')
    .description("read Claude Code's transcripts now (serve and ui do it every 10 s): projects, branches, requests to cross-check")
    .option('--json', 'the report as JSON on stdout')
    .addOption(dbOption())
    .action(async (options) => (await import('./commands/transcripts.js')).transcriptsCommand(options));

  program
    .command('prune')
    .description('delete data older than an age, in one transaction (besides this, only serve and ui with --keep-days delete)')
    .requiredOption('--older-than <age>', 'e.g. 90d, 12w, or an ISO date')
    .option('--dry-run', 'count what would go, delete nothing')
    .option('--json', 'JSON on stdout')
    .addOption(dbOption())
    .action(async (options) => (await import('./commands/prune.js')).pruneCommand(options));

  program
    .command('import')
    .description('read OTLP files (JSON, JSON lines, protobuf, gzip) into the database; re-importing changes nothing')
    .argument('<paths...>', 'files or folders')
    .option('--signal <signal>', 'logs, metrics or traces, for protobuf files whose name does not say')
    .option('--json', 'the report as JSON on stdout')
    .addOption(dbOption())
    .action(async (paths, options) => (await import('./commands/import.js')).importCommand(paths, options));

  program
    .command('sync')
    .description("one pass through a shared folder: write this machine's new data as a segment, read the other machines'")
    .argument('<dir>', 'the folder your sync tool shares (it must exist)')
    .addOption(machineOption())
    .option('--json', 'the report as JSON on stdout')
    .addOption(dbOption())
    .action(async (dir, options) => (await import('./commands/sync.js')).syncCommand(dir, options));

  program
    .command('export')
    .description('write sessions, events or metric points as CSV or JSON, or everything as OTLP/JSON lines (re-importable)')
    .addOption(new Option('--format <format>', 'csv, json or otlp-json').choices(['csv', 'json', 'otlp-json']).makeOptionMandatory())
    .addOption(new Option('--what <what>', 'for csv and json').choices(['sessions', 'events', 'points']).default('sessions'))
    .addOption(sinceOption())
    .option('--session <id>', 'only this session')
    .option('--out <file>', 'write here instead of stdout')
    .addOption(dbOption())
    .action(async (options) => (await import('./commands/export.js')).exportCommand(options));

  program
    .command('status')
    .description('is a receiver listening, and what the database holds')
    .option('--host <host>', 'receiver address', '127.0.0.1')
    .option('--port <port>', 'receiver port', '4318')
    .option('--json', 'JSON on stdout')
    .addOption(dbOption())
    .action(async (options) => (await import('./commands/status.js')).statusCommand(options));

  program
    .command('statusline')
    .description("for Claude Code's statusLine: record the JSON it pipes in (plan use, cwd, cost) and print one line of spend")
    .option('--wrap <command>', 'also run your existing status line command (same stdin) and print its output after ours')
    .addOption(budgetDailyOption())
    .addOption(budgetSessionOption())
    .addOption(dbOption())
    .action(async (options) => (await import('./statusline-main.js')).runStatusline(options));

  program
    .command('setup')
    .description("print the environment Claude Code needs to send telemetry here, or write it into Claude Code's settings.json")
    .option('--host <host>', 'receiver address', '127.0.0.1')
    .option('--port <port>', 'receiver port', '4318')
    .option('--write', 'merge it into settings.json (a backup is kept)')
    .option('--statusline', 'also install our status line (plan use, spend) in settings.json, wrapping an existing one')
    .option('--log-prompts', 'also send prompt text (OTEL_LOG_USER_PROMPTS=1)')
    .option('--log-tool-details', 'also send tool inputs and error text (OTEL_LOG_TOOL_DETAILS=1)')
    .option('--traces', "also send traces, a beta of Claude Code's (CLAUDE_CODE_ENHANCED_TELEMETRY_BETA=1, OTEL_TRACES_EXPORTER=otlp)")
    .option('--settings <path>', 'settings.json to write (default: $CLAUDE_CONFIG_DIR or ~/.claude)')
    .addOption(tokenOption())
    .addOption(tokenFileOption())
    .action(async (options) => (await import('./commands/setup.js')).setupCommand(options));

  return program;
}

/**
 * Runs the CLI; the only place that prints errors and chooses exit codes (0 ok, 1 failure, 2 usage).
 * Messages carry foreign values (ids, file names, upstream answers, SQLite's words): each is made one
 * line of plain text here, the last line of defence whatever a command put in it.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const program = buildProgram();
  try {
    // `ui` is the default command, so commander would read a mistyped command as its argument.
    const first = argv[2];
    if (first !== undefined && !first.startsWith('-') && !program.commands.some((c) => c.name() === first || c.aliases().includes(first)) && first !== 'help') {
      throw new UserError(`unknown command "${first}"`, `commands: ${program.commands.map((c) => c.name()).join(', ')}; see --help`, 2);
    }
    await program.parseAsync(argv as string[]);
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Commander has already printed help or the usage error.
      return error.exitCode === 0 ? 0 : 2;
    }
    const debug = argv.includes('--debug');
    if (error instanceof UserError) {
      printErr(`claude-otel-tui: ${plainText(error.message)}${error.hint ? `\n  ${plainText(error.hint)}` : ''}\n`);
      if (debug && error.stack) printErr(`${error.stack}\n`);
      return error.exitCode;
    }
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && /^SQLITE_(CORRUPT|NOTADB)/.test(code)) {
      // A read that meets a damaged page after the database opened fine.
      printErr(
        `claude-otel-tui: the database is damaged (${plainText(error instanceof Error ? error.message : code)})\n  move it aside or restore a copy; sqlite3's .recover can save what is left\n`,
      );
      return 1;
    }
    const message = error instanceof Error ? error.message : String(error);
    printErr(`claude-otel-tui: ${plainText(message)}\n`);
    if (debug && error instanceof Error && error.stack) printErr(`${error.stack}\n`);
    else printErr('  run again with --debug for details\n');
    return 1;
  }
}
