import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { watchFolders, type FolderChanges } from './folder-changes.js';

const dirs: string[] = [];
const open: FolderChanges[] = [];
afterEach(() => {
  for (const w of open.splice(0)) w.close();
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'folder-changes-'));
  dirs.push(dir);
  return dir;
}

/**
 * Grows the file and asks, until it says changed (a notification arrives on its own time, and the
 * watch may still be setting up its subfolders at first); false after 10 s.
 */
async function changedAfterGrowth(changes: FolderChanges, file: string): Promise<boolean> {
  const deadline = Date.now() + 10_000;
  do {
    fs.appendFileSync(file, '{}\n');
    await new Promise((resolve) => setTimeout(resolve, 20));
    if (changes.takeChanged()) return true;
  } while (Date.now() < deadline);
  return false;
}

describe('watchFolders', () => {
  it('says changed at first, then not until a file in a subfolder grows; a missing folder counts once it appears', async () => {
    const root = tempDir();
    const project = path.join(root, 'projects', '-home-me-app');
    fs.mkdirSync(project, { recursive: true });
    fs.writeFileSync(path.join(project, 'a.jsonl'), '{}\n');
    const later = path.join(root, 'other', 'projects');
    const changes = watchFolders([path.join(root, 'projects'), later]);
    open.push(changes);
    const first = [changes.takeChanged(), changes.takeChanged()];
    const afterAppend = await changedAfterGrowth(changes, path.join(project, 'a.jsonl'));
    fs.mkdirSync(later, { recursive: true });
    const afterAppearing = changes.takeChanged();
    expect({ first, afterAppend, afterAppearing }).toEqual({ first: [true, false], afterAppend: true, afterAppearing: true });
  });
});
