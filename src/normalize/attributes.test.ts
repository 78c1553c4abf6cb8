import { describe, expect, it } from 'vitest';
import { baseModel, flag, integer, numeric, text } from './attributes.js';

describe('attribute coercion', () => {
  it.each([
    [{ v: 12 }, 12],
    [{ v: '12' }, 12],
    [{ v: ' 3.5 ' }, 3.5],
    [{ v: 'abc' }, null],
    [{ v: '' }, null],
    [{ v: true }, null],
    [{}, null],
  ])('numeric(%j) = %j', (attributes, expected) => {
    expect(numeric(attributes, 'v')).toBe(expected);
  });

  it.each([
    [{ v: '7' }, 7],
    [{ v: 7.5 }, null],
    [{ v: '9007199254740993' }, null],
  ])('integer(%j) = %j', (attributes, expected) => {
    expect(integer(attributes, 'v')).toBe(expected);
  });

  it.each([
    [{ v: 'true' }, true],
    [{ v: 'FALSE' }, false],
    [{ v: false }, false],
    [{ v: 1 }, true],
    [{ v: 'yes' }, null],
  ])('flag(%j) = %j', (attributes, expected) => {
    expect(flag(attributes, 'v')).toBe(expected);
  });

  it('takes the first present of several names (older Claude Code versions renamed attributes)', () => {
    expect(text({ name: 'Bash' }, 'tool_name', 'name')).toBe('Bash');
    expect(text({ tool_name: 'Edit', name: 'Bash' }, 'tool_name', 'name')).toBe('Edit');
  });

  it.each([
    ['claude-opus-4-8[1m]', 'claude-opus-4-8'],
    ['claude-haiku-4-5', 'claude-haiku-4-5'],
  ])('baseModel(%s) = %s', (model, expected) => {
    expect(baseModel(model)).toBe(expected);
  });
});
