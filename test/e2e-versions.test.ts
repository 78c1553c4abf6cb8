// Which Claude Code versions the end-to-end test runs, and what each gets: the env var's parsing
// (a bad list must fail the run, never quietly test nothing) and the version comparison.
import { describe, expect, it } from 'vitest';
import { claudeCodeVersions, isAtLeast, PROVEN_CLAUDE_CODE_VERSIONS, TRACES_SINCE } from './helpers/claude-code.js';

describe('CLAUDE_OTEL_TUI_E2E_VERSIONS', () => {
  it.each([
    [undefined, ['2.1.197', '2.1.332']],
    ['', ['2.1.197', '2.1.332']],
    ['2.1.332', ['2.1.332']],
    [' 2.1.197 , 2.1.340,2.1.197', ['2.1.197', '2.1.340']],
    ['2.2.0-beta.1', ['2.2.0-beta.1']],
  ])('%j runs %j', (value, versions) => {
    expect(claudeCodeVersions(value)).toEqual(versions);
  });

  it('defaults to the proven versions', () => {
    expect(claudeCodeVersions(undefined)).toEqual([...PROVEN_CLAUDE_CODE_VERSIONS]);
  });

  it.each(['latest', '2.1', '2.1.197;2.1.332', ','])('refuses %j, saying what to write instead', (value) => {
    expect(() => claudeCodeVersions(value)).toThrow(/is not a list of versions; use e\.g\. CLAUDE_OTEL_TUI_E2E_VERSIONS=2\.1\.197,2\.1\.332$/);
  });
});

describe('isAtLeast', () => {
  it.each([
    ['2.1.197', TRACES_SINCE, false],
    ['2.1.332', TRACES_SINCE, true],
    ['2.1.1000', TRACES_SINCE, true],
    ['2.2.0', TRACES_SINCE, true],
    ['3.0.0', '2.10.0', true],
    ['2.9.9', '2.10.0', false],
    ['2.1.332-beta.1', TRACES_SINCE, true],
  ])('%s ≥ %s is %s', (version, minimum, expected) => {
    expect(isAtLeast(version, minimum)).toBe(expected);
  });
});
