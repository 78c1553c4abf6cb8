// One rule for every surface: text we did not write passes one sanitiser before any output. In the
// CLI that is structural: only the printer (src/cli/format/print.ts) touches stdout and stderr,
// besides the status line's own stdout. A new direct write fails here.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Files that may write to the process's streams, and why. */
const allowed: Record<string, string> = {
  'src/cli/format/print.ts': 'the printer: plainText on every line of a report or note, plainLines on data',
  'src/cli/statusline-main.ts':
    "the status line's stdout: our figures and colours, then the wrapped command's own output, as it would reach Claude Code without us",
};

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name) ? [full] : [];
  });
}

describe('what the CLI prints', () => {
  it('reaches stdout and stderr only through the printer and the JSON writer', () => {
    const files = [...sourceFiles(path.join(root, 'src', 'cli')), ...sourceFiles(path.join(root, 'bin'))];
    const writes = files.flatMap((file) => {
      const rel = path.relative(root, file).split(path.sep).join('/');
      return fs
        .readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ where: `${rel}:${i + 1}`, rel, line }))
        .filter(({ line }) => /\bprocess\.(stdout|stderr)\b(?!\.isTTY|\.columns)|\bconsole\.\w+\(/.test(line));
    });
    expect(files.length).toBeGreaterThan(20);
    expect(writes.filter((w) => allowed[w.rel] === undefined).map((w) => `${w.where}: ${w.line.trim()}`)).toEqual([]);
    // Each exception is still used; a stale one would hide a new write in that file.
    for (const rel of Object.keys(allowed))
      expect(
        writes.some((w) => w.rel === rel),
        rel,
      ).toBe(true);
  });
});
