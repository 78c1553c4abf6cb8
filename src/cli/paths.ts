import os from 'node:os';
import path from 'node:path';

/** --db, then CLAUDE_OTEL_TUI_DB, then $XDG_DATA_HOME/claude-otel-tui/telemetry.db (~/.local/share fallback). */
export function databasePath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return path.resolve(flag);
  if (env['CLAUDE_OTEL_TUI_DB']) return path.resolve(env['CLAUDE_OTEL_TUI_DB']);
  const dataHome = env['XDG_DATA_HOME'] && path.isAbsolute(env['XDG_DATA_HOME']) ? env['XDG_DATA_HOME'] : path.join(os.homedir(), '.local', 'share');
  return path.join(dataHome, 'claude-otel-tui', 'telemetry.db');
}

/** Claude Code's settings: $CLAUDE_CONFIG_DIR/settings.json, else ~/.claude/settings.json. */
export function claudeSettingsPath(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env['CLAUDE_CONFIG_DIR'] ? env['CLAUDE_CONFIG_DIR'] : path.join(os.homedir(), '.claude');
  return path.join(dir, 'settings.json');
}
