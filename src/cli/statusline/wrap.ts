// Runs the user's own status line command (through the shell, as Claude Code does) with the same
// stdin. It can fail or hang: then it adds nothing, and ours still prints.
import { spawn } from 'node:child_process';
import { setSafeTimeout } from '../../safe-timers.js';

export const wrapTimeoutMs = 1000;

/** Their stdout, or '' when it fails to start or outlives the timeout (its output is then cut). */
export function runWrapped(command: string, stdin: string, timeoutMs = wrapTimeoutMs): Promise<string> {
  return new Promise((resolve) => {
    let out = '';
    let isDone = false;
    const finish = (text: string) => {
      if (isDone) return;
      isDone = true;
      clearTimeout(timer);
      resolve(text);
    };
    // Its own process group, so a timeout ends the shell and whatever it started.
    const child = spawn(command, { shell: true, detached: true, stdio: ['pipe', 'pipe', 'ignore'] });
    const timer = setSafeTimeout(() => {
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
      child.unref();
      finish('');
    }, timeoutMs);
    child.on('error', () => finish(''));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.on('close', () => finish(out));
    child.stdin.on('error', () => undefined);
    child.stdin.end(stdin);
  });
}

/**
 * Theirs after ours: their first line joins ours on the same line (" │ "), so both show in the one
 * line every Claude Code version draws; any further lines of theirs follow unchanged.
 */
export function combineLines(ours: string, theirs: string): string {
  const lines = theirs.replace(/\r\n/g, '\n').replace(/\n+$/, '').split('\n');
  const [first, ...rest] = lines;
  if (first === undefined || (first.trim() === '' && rest.length === 0)) return ours;
  return [first.trim() === '' ? ours : `${ours} │ ${first}`, ...rest].join('\n');
}
