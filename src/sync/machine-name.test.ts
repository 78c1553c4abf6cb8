import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { UserError } from '../errors.js';
import { openDatabase } from '../store/open.js';
import { createSyncState } from '../store/sync-state.js';
import { hostMachineName, isMachineName, resolveMachineName } from './machine-name.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'machine-name-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
let n = 0;
const freshState = () => createSyncState(openDatabase(path.join(dir, `${(n += 1)}.db`)));

describe('machine names', () => {
  it.each([
    ["Joe's MacBook Pro.local", 'joe-s-macbook-pro.local'],
    ['DEV-BOX', 'dev-box'],
    ['.hidden..', 'hidden'],
    ['ünïcode', 'n-code'],
  ])('the host name %s becomes the folder %s', (host, name) => {
    expect(hostMachineName(host)).toBe(name);
    expect(isMachineName(name)).toBe(true);
  });

  it('the first name is kept: a host name that changes later does not split the machine', () => {
    const state = freshState();
    expect(resolveMachineName(state, undefined, 'MacBook-Pro.local')).toBe('macbook-pro.local');
    expect(resolveMachineName(state, undefined, 'MacBook-Pro-2.local')).toBe('macbook-pro.local');
    expect(resolveMachineName(state, 'laptop', 'MacBook-Pro-2.local')).toBe('laptop');
    expect(resolveMachineName(state, undefined, 'other')).toBe('laptop');
  });

  it.each([['../up'], ['a/b'], ['.dot'], ['x'.repeat(65)], ['']])('--machine %j is refused as a folder name', (name) => {
    expect(() => resolveMachineName(freshState(), name)).toThrow(UserError);
  });

  it('a host name many machines share must be replaced by a name', () => {
    expect(() => resolveMachineName(freshState(), undefined, 'localhost')).toThrow(/does not tell this machine from others/);
  });
});
