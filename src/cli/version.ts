import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package's folder and version, found by walking up from this file (the same code runs from src/ and dist/). */
export function packageRoot(): { dir: string; version: string } | null {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i += 1) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const pkg = JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'claude-otel-tui' && pkg.version) return { dir, version: pkg.version };
    }
    dir = path.dirname(dir);
  }
  return null;
}

export function packageVersion(): string {
  return packageRoot()?.version ?? 'unknown';
}
