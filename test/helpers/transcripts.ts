// Claude Code's config folder as it looks on a user's machine: projects/<cwd with / as ->/<id>.jsonl,
// filled with the captured transcripts (optionally moved to another working directory).
import fs from 'node:fs';
import path from 'node:path';
import { capturesDir } from './captures.js';

export function capturedTranscript(caseName: string): string {
  return fs.readFileSync(path.join(capturesDir, caseName, 'transcript.jsonl'), 'utf8');
}

export function transcriptLines(caseName: string): Array<Record<string, unknown>> {
  return capturedTranscript(caseName)
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

export function sessionIdOf(caseName: string): string {
  return transcriptLines(caseName).find((l) => typeof l['sessionId'] === 'string')!['sessionId'] as string;
}

/** Writes a case's transcript where Claude Code would; `cwd` replaces the captured working directory. */
export function writeTranscript(configDir: string, caseName: string, options: { cwd?: string; lines?: Array<Record<string, unknown>> } = {}): string {
  const lines = (options.lines ?? transcriptLines(caseName)).map((l) => (options.cwd !== undefined && 'cwd' in l ? { ...l, cwd: options.cwd } : l));
  const cwd = (lines.find((l) => typeof l['cwd'] === 'string')?.['cwd'] as string | undefined) ?? '/unknown';
  const file = path.join(configDir, 'projects', cwd.replace(/[/.]/g, '-'), `${sessionIdOf(caseName)}.jsonl`);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, lines.map((l) => `${JSON.stringify(l)}\n`).join(''));
  return file;
}
