import { describe, expect, it } from 'vitest';
import { commitMessage, commitOf, gitCommitId, toolParameters } from './tool-parameters.js';

const sha = '64c0e33a1f85b63ee0cfd11cfa11db0e14772aea';

describe('tool_parameters', () => {
  it.each([
    ['{"git_commit_id":"x"}', { git_commit_id: 'x' }],
    ['not json', {}],
    ['[1,2]', {}],
    ['"text"', {}],
    [{ git_commit_id: 'x' }, { git_commit_id: 'x' }],
    [7, {}],
  ])('reads %j as %j', (value, expected) => {
    expect(toolParameters({ tool_parameters: value })).toEqual(expected);
  });

  it.each([
    [sha, sha],
    [sha.toUpperCase(), sha],
    ['64c0e33', '64c0e33'],
    ['64c0e3', null],
    ['a'.repeat(64), 'a'.repeat(64)],
    ['a'.repeat(65), null],
    ['64c0e33; rm -rf /', null],
    ['zzzzzzz', null],
  ])('takes %j as the commit id %j', (id, expected) => {
    expect(gitCommitId({ tool_parameters: JSON.stringify({ git_commit_id: id }) })).toBe(expected);
  });

  it('takes a number or a missing id as no commit', () => {
    expect([gitCommitId({ tool_parameters: '{"git_commit_id":1234567}' }), gitCommitId({ tool_parameters: '{}' }), gitCommitId({})]).toEqual([
      null,
      null,
      null,
    ]);
  });

  it('finds a commit only in a tool_result, with its branch and command when they are non-empty strings', () => {
    const attributes = { tool_parameters: JSON.stringify({ git_commit_id: sha, git_branch: '', full_command: 'git commit -m x' }) };
    expect(commitOf('tool_result', attributes)).toEqual({ commitId: sha, branch: null, command: 'git commit -m x' });
    expect(commitOf('tool_decision', attributes)).toBeNull();
  });

  it.each([
    ['git commit -m "Add hello.py"', 'Add hello.py'],
    ['git commit -m \'Fix: the "quoted" bug\'', 'Fix: the "quoted" bug'],
    ['git commit -m "Say \\"hi\\""', 'Say "hi"'],
    ['git add . && git commit --message="One line"', 'One line'],
    ['git commit -m "$(cat <<\'EOF\'\nAdd the parser\n\nLonger text.\n\nCo-Authored-By: Claude <noreply@anthropic.com>\nEOF\n)"', 'Add the parser'],
    ['git commit', null],
    ['git commit -F msg.txt', null],
  ])('reads the message of %j as %j', (command, expected) => {
    expect(commitMessage(command)).toBe(expected);
  });
});
