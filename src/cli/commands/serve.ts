import { plainText } from '../../present/sanitize.js';
import { printErr, printOut } from '../format/print.js';
import type { ServeFlags } from '../receiving/flags.js';
import { startReceivingProcess } from '../receiving/receiving-process.js';
import { exposureWarning, receivingSettings } from '../receiving/settings.js';
import { claudeCodeEnv, shellExports } from '../setup-env.js';
import { syncExtensions } from '../sync-options.js';

/** The receiving process alone, until SIGINT or SIGTERM. */
export async function serveCommand(flags: ServeFlags): Promise<void> {
  const settings = receivingSettings(flags);
  const warning = exposureWarning(settings);
  if (warning !== undefined) printErr(`${warning}\n`);
  const running = await startReceivingProcess({
    settings,
    extensions: syncExtensions(flags),
    log: { note: (line) => printOut(`${line}\n`), problem: (line) => printErr(`${plainText(line)}\n`) },
    onIngest: flags.verbose ? (r) => printErr(`${r.signal}: ${r.inserted} new, ${r.duplicates} already stored, ${r.rejected} rejected\n`) : undefined,
  });
  const stop = async (signal: string) => {
    printErr(`\n${signal}: finishing requests in flight, closing the database\n`);
    await running.stop();
    process.exit(0);
  };
  // Before the line that says it is ready: a signal sent the moment it appears must still close
  // cleanly. Once only: a second Ctrl-C ends the process at once.
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  printOut(`claude-otel-tui is receiving OTLP/HTTP on ${running.url}\ndatabase: ${settings.dbPath}\n`);
  if (settings.forwarding !== undefined)
    printOut(`forwarding to ${settings.forwarding.upstreams.map((u) => u.url).join(', ')} (queued in the database; see \`claude-otel-tui status\`)\n`);
  printOut('\n');
  printOut(`Point Claude Code here (or run \`claude-otel-tui setup --write\`):\n`);
  printOut(shellExports(claudeCodeEnv({ endpoint: running.url, logPrompts: false, logToolDetails: false, token: settings.token })));
}
