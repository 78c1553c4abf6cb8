// A session's project is the git repository its working directory is in (the folder holding `.git`,
// a directory or, in a worktree, a file), else the working directory itself. Looked up on this
// machine's disk, once per directory per scan. A repository at the home folder itself (dotfiles) is
// not taken as every session's project.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export function createProjectRoots(home = os.homedir()): (cwd: string) => string {
  const known = new Map<string, string>();
  return (cwd) => {
    const cached = known.get(cwd);
    if (cached !== undefined) return cached;
    let root = cwd;
    for (let dir = cwd; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, '.git'))) {
        if (dir !== home || cwd === home) root = dir;
        break;
      }
      if (path.dirname(dir) === dir) break;
    }
    known.set(cwd, root);
    return root;
  };
}
