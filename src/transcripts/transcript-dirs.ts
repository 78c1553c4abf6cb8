// Where Claude Code writes transcripts: <config dir>/projects. CLAUDE_CONFIG_DIR names the config
// dir (several, comma-separated, as ccusage accepts); without it Claude Code has used ~/.claude and,
// in newer versions, ~/.config/claude — both are looked at.
import os from 'node:os';
import path from 'node:path';

export function transcriptDirs(env: NodeJS.ProcessEnv = process.env, home = os.homedir()): string[] {
  const configured = env['CLAUDE_CONFIG_DIR']
    ?.split(',')
    .map((d) => d.trim())
    .filter((d) => d !== '');
  const configDirs =
    configured !== undefined && configured.length > 0
      ? configured
      : [path.join(env['XDG_CONFIG_HOME'] || path.join(home, '.config'), 'claude'), path.join(home, '.claude')];
  return configDirs.map((d) => path.join(path.resolve(d), 'projects'));
}
