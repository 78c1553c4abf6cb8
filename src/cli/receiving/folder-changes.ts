// Whether anything changed in some folders since last asked, as the operating system tells it
// (fs.watch, recursive): the transcript watch skips its scans between the minute's full scan while
// Claude Code writes nothing. A folder that does not exist is looked for at each ask (one stat), and
// watched once it appears. A folder that cannot be watched (a file system without notifications, a
// watch that failed) makes every answer "maybe", which keeps the scans as they were.
import fs from 'node:fs';

export interface FolderChanges {
  /** False only when nothing happened since the last call in any folder, each watched or still missing. */
  takeChanged(): boolean;
  close(): void;
}

type Folder = { dir: string; state: 'missing' | 'blind' } | { dir: string; state: 'watched'; watcher: fs.FSWatcher };

export function watchFolders(dirs: readonly string[]): FolderChanges {
  let isChanged = true;
  const watch = (dir: string): Folder => {
    try {
      const watcher = fs.watch(dir, { recursive: true, persistent: false }, () => (isChanged = true));
      const folder: Folder = { dir, state: 'watched', watcher };
      watcher.on('error', () => {
        watcher.close();
        folders[folders.indexOf(folder)] = { dir, state: 'blind' };
      });
      return folder;
    } catch (error) {
      return { dir, state: (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'blind' };
    }
  };
  const folders = dirs.map(watch);
  return {
    takeChanged() {
      for (const [i, f] of folders.entries()) {
        if (f.state === 'blind') isChanged = true;
        else if (f.state === 'missing' && fs.existsSync(f.dir)) {
          folders[i] = watch(f.dir);
          isChanged = true;
        }
      }
      const answer = isChanged;
      isChanged = false;
      return answer;
    },
    close() {
      for (const f of folders) if (f.state === 'watched') f.watcher.close();
    },
  };
}
