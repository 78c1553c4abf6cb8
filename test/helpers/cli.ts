// Runs the built CLI (dist/, made by `npm run build` or `npm test`'s pretest) as a user would: a
// child process with a fixed time zone and no colour. Asynchronous, so a receiver running in the
// test process keeps answering while the CLI runs.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
// The bundle, as the package's bin: what a user runs is what the tests run.
export const cliPath = path.join(repoRoot, 'dist', 'claude-otel-tui.mjs');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The status line's own small bundle, which `setup --statusline` installs. */
export const statuslinePath = path.join(repoRoot, 'dist', 'statusline.cjs');
export const statuslineShPath = path.join(repoRoot, 'dist', 'statusline.sh');

export function runCli(args: string[], env: Record<string, string> = {}, input?: string, script = cliPath): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: repoRoot,
      // No config file of the developer's: budgets come only from what a test passes.
      env: { ...process.env, TZ: 'UTC', NO_COLOR: '1', XDG_CONFIG_HOME: path.join(repoRoot, 'test', 'fixtures', 'no-config'), ...env },
      stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    child.stdin?.end(input);
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
