import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sessionIdOfFile } from './scan-transcripts.js';

const session = '0a000000-0000-4000-8000-000000000011';
const projects = path.join('home', 'dev', '.claude', 'projects', '-home-dev-proj');

describe('the session of a transcript file, by its path', () => {
  it.each([
    [path.join(projects, `${session}.jsonl`), session],
    // Claude Code 2.1.332 writes a subagent's transcript beside its session's, under subagents/.
    [path.join(projects, session, 'subagents', 'agent-a21d4b1ee8dbce6e4.jsonl'), session],
    [path.join(projects, session, 'other', 'agent-a21d4b1ee8dbce6e4.jsonl'), null],
    [path.join(projects, 'not-a-session', 'subagents', 'agent-a1.jsonl'), null],
    [path.join(projects, session, 'subagents', 'notes.jsonl'), null],
  ])('%s → %s', (file, expected) => {
    expect(sessionIdOfFile(file)).toBe(expected);
  });
});
