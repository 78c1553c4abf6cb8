#!/usr/bin/env node
import { statuslineMain } from '../src/cli/statusline-main.js';
import { plainText } from '../src/present/sanitize.js';
import { printErr } from '../src/cli/format/print.js';

// Never fail Claude Code's status bar: say why on stderr, exit 0. (No top-level await: this entry
// is bundled as CommonJS, which Node loads a few ms faster than an ES module.)
statuslineMain(process.argv).catch((error: unknown) => {
  printErr(`claude-otel-tui statusline: ${plainText(error instanceof Error ? error.message : String(error))}\n`);
});
