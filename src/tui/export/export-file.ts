// `e` in the TUI: the current view written to a new file, named for what and when, e.g.
// claude-otel-tui-sessions-20261126-1405.csv. It may hold prompt text, so only its owner may read it.
import fs from 'node:fs';
import path from 'node:path';

export interface ExportRequest {
  dir: string;
  what: 'sessions' | 'session';
  extension: 'csv' | 'json';
  text: string;
  nowMs: number;
}

/** Local time, as the user reads the clock: 20261126-1405. */
export function exportStamp(nowMs: number): string {
  const d = new Date(nowMs);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${two(d.getMonth() + 1)}${two(d.getDate())}-${two(d.getHours())}${two(d.getMinutes())}`;
}

/** Writes the file, never over another (a second export in the same minute gets -2, -3, …); returns its path. */
export function writeExport(request: ExportRequest): string {
  const base = path.join(path.resolve(request.dir), `claude-otel-tui-${request.what}-${exportStamp(request.nowMs)}`);
  for (let n = 1; ; n += 1) {
    const file = `${base}${n === 1 ? '' : `-${n}`}.${request.extension}`;
    try {
      fs.writeFileSync(file, request.text, { flag: 'wx', mode: 0o600 });
      return file;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 100) throw error;
    }
  }
}

/** The footer's one line: where it went, or why it did not. */
export function exportNotice(request: ExportRequest, count: string): string {
  try {
    // The path first: on a narrow terminal the footer cuts the end.
    return `exported to ${writeExport(request)} (${count})`;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'no such folder'
        : code === 'EACCES' || code === 'EPERM'
          ? 'permission denied'
          : error instanceof Error
            ? error.message
            : String(error);
    return `export failed: ${request.dir}: ${why} (CLAUDE_OTEL_TUI_EXPORT_DIR sets the folder)`;
  }
}
