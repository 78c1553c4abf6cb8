// The house style's one-way flow: receiver → otlp → normalize → store → read models → present → tui.
// Beside it, vocabulary/ (what Claude Code's telemetry means: event, metric and attribute names and
// how each value is read) depends on nothing and every layer that reads telemetry may use it.
// A test, not a convention: an import across the allowed lines fails here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'src');

/** Layer of a file: its folder under src, with store/read apart from store. */
function layerOf(file: string): string {
  const rel = path.relative(src, file).split(path.sep);
  if (rel.length === 1) return rel[0]!.replace(/\.tsx?$/, '');
  if (rel[0] === 'store' && rel[1] === 'read') return 'store/read';
  return rel[0]!;
}

const allowed: Record<string, (target: string, targetFile: string, fromFile: string) => boolean> = {
  otlp: () => false,
  vocabulary: () => false,
  normalize: (t) => t === 'otlp' || t === 'vocabulary',
  store: (t) => t === 'normalize' || t === 'otlp' || t === 'vocabulary',
  'store/read': (t, f) => f === path.join(src, 'store', 'open.ts') || t === 'vocabulary',
  receiver: (t) => ['otlp', 'normalize', 'store', 'forward'].includes(t),
  // The sender reads and updates the forward queue; it never decodes or renders anything.
  forward: (t) => t === 'store' || t === 'otlp',
  transcripts: (t) => ['normalize', 'store'].includes(t),
  // Segments in and out of a shared folder: in through the receiver's own decode → normalize → store,
  // out through the export's OTLP/JSON encoding.
  sync: (t, f) => ['otlp', 'store', 'store/read', 'receiver'].includes(t) || f === path.join(src, 'cli', 'transfer', 'to-otlp-json.ts'),
  // What every surface shows the same way (sanitising, numbers and money, budgets, CSV/JSON export).
  present: (t) => t === 'store/read' || t === 'vocabulary',
  tui: (t, f) => t === 'store/read' || t === 'present' || t === 'vocabulary' || f === path.join(src, 'store', 'changes.ts'),
  // The CLI may use every layer, but the TUI only to start it: plain commands and the status line
  // format through present/, so nothing they print depends on a view.
  cli: (t, _f, from) => t !== 'tui' || from === path.join(src, 'cli', 'commands', 'ui.ts'),
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

const imports = sourceFiles(src).flatMap((file) =>
  [...fs.readFileSync(file, 'utf8').matchAll(/^(?:import|export)\s[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => ({
    file,
    target: path.resolve(path.dirname(file), m[1]!).replace(/\.js$/, '.ts'),
  })),
);

describe('layers', () => {
  it('finds the imports it checks', () => {
    expect(imports.length).toBeGreaterThan(40);
  });

  it('imports only along the allowed direction', () => {
    const wrong = imports
      .filter(({ file, target }) => {
        const from = layerOf(file);
        const to = layerOf(target);
        // Within a layer, and the shared errors and timer modules, are always fine.
        if (from === to || to === 'errors' || to === 'safe-timers') return false;
        const rule = allowed[from];
        return rule === undefined || !rule(to, target, file);
      })
      .map(({ file, target }) => `${path.relative(src, file)} → ${path.relative(src, target)}`);
    expect(wrong).toEqual([]);
  });

  // What two commands share (the receiving process, option parsing) lives beside them, in cli/, so
  // a command file holds one command.
  it('a command imports no other command', () => {
    const commands = path.join(src, 'cli', 'commands');
    const wrong = imports
      .filter(({ file, target }) => path.dirname(file) === commands && path.dirname(target) === commands)
      .map(({ file, target }) => `${path.relative(src, file)} → ${path.relative(src, target)}`);
    expect(wrong).toEqual([]);
  });
});
