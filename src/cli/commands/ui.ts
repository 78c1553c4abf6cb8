import { UserError } from '../../errors.js';
import type { HeaderStatus } from '../../tui/components/header.js';
import { resolveBudgets } from '../config.js';
import { printErr } from '../format/print.js';
import type { UiFlags } from '../receiving/flags.js';
import { startReceivingWorker } from '../receiving/receiving-worker-host.js';
import { exposureWarning, receivingSettings } from '../receiving/settings.js';
import { claudeCodeEnv, shellExports } from '../setup-env.js';
import { importWithoutFetch } from '../without-fetch.js';

/**
 * The receiver and the TUI in one process: the receiving process on a worker thread of its own, the
 * dashboard on this one. A viewer of the same database when another claude-otel-tui already listens.
 * What this file imports itself is little: the receiving thread starts as early as it can, and the
 * dashboard's code (Ink, React, the views, the database) loads while it does.
 */
export async function uiCommand(flags: UiFlags): Promise<void> {
  if (!process.stdout.isTTY || !process.stdin.isTTY) {
    throw new UserError('the dashboard needs a terminal', 'run `claude-otel-tui serve` for the receiver alone, or `claude-otel-tui sessions` for a report', 2);
  }
  const settings = receivingSettings(flags);
  // Printed before the dashboard starts, so it stays on screen above it.
  const warning = exposureWarning(settings);
  if (warning !== undefined) printErr(`${warning}\n`);
  const budgets = resolveBudgets(flags);
  // Ctrl-C is a key while Ink holds the terminal raw, but `kill -INT` still arrives as a signal. The
  // handlers go in first, so a signal while the dashboard is still loading ends it as cleanly, and
  // they stay: Ink's signal-exit re-raises a signal that no other listener is left to handle, which
  // would kill the process before the request in flight is answered.
  let quit: (() => void) | undefined;
  let isQuitting = false;
  const requestQuit = () => {
    isQuitting = true;
    quit?.();
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, requestQuit);
  let crash: Error | undefined;
  let onChange: () => void = () => undefined;
  // Its messages would land in the dashboard's frame: `status` and the header say the same things,
  // and the transcript scan retries quietly; its first read waits a second, so the first frame does
  // not wait for it.
  const receiving = startReceivingWorker({
    settings,
    sync: { sync: flags.sync, machine: flags.machine, syncIntervalMs: flags.syncIntervalMs },
    log: { note: () => undefined, problem: () => undefined },
    onChange: () => onChange(),
    onCrash: (error) => {
      crash = error;
      requestQuit();
    },
    transcriptFirstDelayMs: 1000,
  });
  // Nothing is lost if it rejects before anything awaits it (a port in use): receiveOrView does.
  receiving.catch(() => undefined);
  const [{ receiveOrView }, { startApp }] = await importWithoutFetch(() =>
    Promise.all([import('../receiving/dashboard-feed.js'), import('../../tui/start.js')]),
  );
  const started = await receiveOrView(settings, receiving, (notify) => (onChange = notify));
  try {
    const status: HeaderStatus = {
      mode: started.running === undefined ? 'viewer' : 'receiving',
      isForwarding: started.running?.isForwarding ?? false,
      endpoint: started.endpoint,
      dbPath: settings.dbPath,
      setupLines: shellExports(claudeCodeEnv({ endpoint: started.endpoint, logPrompts: true, logToolDetails: true, token: settings.token }))
        .trimEnd()
        .split('\n'),
    };
    const exportDir = process.env['CLAUDE_OTEL_TUI_EXPORT_DIR'] || process.cwd();
    const instance = startApp({ feed: started.feed, status, exportDir, budgets });
    quit = () => instance.unmount();
    if (isQuitting) quit();
    await instance.waitUntilExit();
  } finally {
    await started.close();
  }
  if (crash !== undefined) throw crash;
}
