// The options of the commands that receive (serve, and ui when it owns the port), declared once here
// with the typed commander: each command's options are typed from these declarations, and
// settings.ts parses them. Only commander is imported, because main.ts loads this file for every
// command, `sessions --json` included.
import { Option, type Command, type OptionValues } from '@commander-js/extra-typings';
import { budgetDailyOption, budgetSessionOption, dbOption, machineOption, tokenFileOption, tokenOption } from '../options.js';

const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

// The builders take a command with no options yet (Opts = {}): the option types then resolve as they
// are added, where a generic Opts would leave tsc a tower of conditional types to print for each
// builder's declaration (minutes per incremental build).

/** What serve and ui both take; --sync's are parsed by sync-options.ts, --forward's by forward-options.ts. */
function receivingOptions<Args extends unknown[], Globals extends OptionValues>(command: Command<Args, {}, Globals>) {
  return (
    command
      .addOption(new Option('--host <host>', 'address to listen on (other than loopback exposes the database to the network)').default('127.0.0.1'))
      .addOption(new Option('--port <port>', 'port to listen on; 0 picks a free one').default('4318'))
      .addOption(tokenOption())
      .addOption(tokenFileOption())
      .addOption(new Option('--keep-days <days>', 'delete data older than this many days, now and daily (default: keep everything)'))
      .addOption(new Option('--no-transcripts', "don't read Claude Code's transcripts (~/.claude/projects) for projects and cross-checks"))
      .addOption(
        new Option(
          '--max-connections <n>',
          'connections held at once; idle keep-alive ones are closed first when it is reached (default: 256, or half the open-files limit)',
        ),
      )
      // Hidden: lets tests see a stalled client cut off in seconds rather than 30.
      .addOption(new Option('--request-timeout-ms <ms>', 'cut off a client that takes longer to send a request').hideHelp())
      .addOption(dbOption())
      .addOption(
        new Option(
          '--sync <dir>',
          "share this machine's data through a folder a sync tool carries (Syncthing, Dropbox, a network mount, git) and show every machine's",
        ),
      )
      .addOption(machineOption())
      // Hidden: lets tests see a sync pass in a second rather than 30.
      .addOption(new Option('--sync-interval-ms <ms>').hideHelp())
      .addOption(
        new Option(
          '--forward <url>',
          'also send each accepted request, unchanged, to this OTLP/HTTP base URL (repeatable; env CLAUDE_OTEL_TUI_FORWARD, comma-separated)',
        ).argParser(collect),
      )
      .addOption(
        new Option(
          '--forward-header <name=value>',
          'a header for the upstreams, e.g. "Authorization=Bearer …" (repeatable; other users see arguments in ps, so prefer env CLAUDE_OTEL_TUI_FORWARD_HEADERS, comma-separated)',
        ).argParser(collect),
      )
      .addOption(new Option('--forward-max-mb <mb>', 'bound the forward queue; the oldest requests are dropped beyond it (default: 256)'))
      .addOption(new Option('--forward-max-age <age>', 'drop queued requests older than this, e.g. 12h or 7d (default: 7d)'))
      // Hidden: let tests see retries in milliseconds rather than seconds.
      .addOption(new Option('--forward-base-delay-ms <ms>').hideHelp())
      .addOption(new Option('--forward-max-delay-ms <ms>').hideHelp())
      .addOption(new Option('--forward-timeout-ms <ms>').hideHelp())
  );
}

export function serveOptions<Args extends unknown[], Globals extends OptionValues>(command: Command<Args, {}, Globals>) {
  return receivingOptions(command).option('-v, --verbose', 'log each request to stderr');
}

export function uiOptions<Args extends unknown[], Globals extends OptionValues>(command: Command<Args, {}, Globals>) {
  return receivingOptions(command).addOption(budgetDailyOption()).addOption(budgetSessionOption());
}

type OptionsOf<C extends { opts(): unknown }> = ReturnType<C['opts']>;
export type ReceivingFlags = OptionsOf<ReturnType<typeof receivingOptions<[], {}>>>;
export type ServeFlags = OptionsOf<ReturnType<typeof serveOptions<[], {}>>>;
export type UiFlags = OptionsOf<ReturnType<typeof uiOptions<[], {}>>>;
/** --forward and the options named after it. */
export type ForwardFlags = { [K in keyof ReceivingFlags as K extends `forward${string}` ? K : never]: ReceivingFlags[K] };
/** --sync, --machine and --sync-interval-ms. */
export type SyncFlags = Pick<ReceivingFlags, 'sync' | 'machine' | 'syncIntervalMs'>;
