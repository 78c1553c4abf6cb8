// The TUI's one entry point for `ui`: Ink renders the App. Loaded with a dynamic import, so the
// receiving thread starts before Ink, React and the views are read from disk.
import { render } from 'ink';
import { createElement } from 'react';
import { App, type AppProps } from './app.js';

export interface StartedApp {
  unmount(): void;
  waitUntilExit(): Promise<unknown>;
}

export function startApp(props: AppProps): StartedApp {
  return render(createElement(App, props), { exitOnCtrlC: false });
}
