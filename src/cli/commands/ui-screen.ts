// The dashboard on this thread's terminal: Ink, React and every view, loaded by `ui` while the
// receiving thread starts.
import { render } from 'ink';
import { createElement } from 'react';
import type { Budgets } from '../../present/budget.js';
import type { DataFeed } from '../../store/changes.js';
import { App } from '../../tui/app.js';
import type { HeaderStatus } from '../../tui/components/header.js';
import type { QuitSwitch } from './ui.js';

export interface DashboardOptions {
  feed: DataFeed;
  status: HeaderStatus;
  exportDir: string;
  budgets: Budgets;
  quit: QuitSwitch;
}

/** Resolves when the dashboard has quit (q, Ctrl-C, or a quit asked of `quit`). */
export async function showDashboard({ feed, status, exportDir, budgets, quit }: DashboardOptions): Promise<void> {
  const instance = render(createElement(App, { feed, status, exportDir, budgets }), { exitOnCtrlC: false });
  quit.onRequest(() => instance.unmount());
  await instance.waitUntilExit();
}
