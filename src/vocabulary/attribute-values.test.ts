import { describe, expect, it } from 'vitest';
import { flag, integer, numeric, text, unredactedTextOf, usdOf } from './attribute-values.js';
import { baseModel } from './attributes.js';

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
    [{ v: '1' }, true],
    [{ v: '0' }, false],
    [{ v: 0 }, false],
    [{ v: 'yes' }, null],
  ])('flag(%j) = %j', (attributes, expected) => {
    expect(flag(attributes, 'v')).toBe(expected);
  });

  it('takes the first present of several names (older Claude Code versions renamed attributes)', () => {
    expect(text({ name: 'Bash' }, 'tool_name', 'name')).toBe('Bash');
    expect(text({ tool_name: 'Edit', name: 'Bash' }, 'tool_name', 'name')).toBe('Edit');
  });

  it('reads only the attributes themselves, never what every object inherits', () => {
    expect([text({}, 'constructor'), numeric({}, 'valueOf'), text({ toString: 'x' }, 'toString')]).toEqual([null, null, 'x']);
  });

  it('takes dollars from the USD attribute, else from micros, else leaves them unknown', () => {
    const cost = usdOf('cost_usd', 'cost_usd_micros');
    expect([cost({ cost_usd: '0.25', cost_usd_micros: 1 }), cost({ cost_usd_micros: '7935' }), cost({ cost_usd: 'n/a' }), cost({})]).toEqual([
      0.25,
      0.007935,
      null,
      null,
    ]);
  });

  it("treats Claude Code's redaction marker as no text", () => {
    const prompt = unredactedTextOf('prompt');
    expect([prompt({ prompt: '<REDACTED>' }), prompt({ prompt: 'hi' }), prompt({})]).toEqual([null, 'hi', null]);
  });

  it.each([
    ['claude-opus-4-8[1m]', 'claude-opus-4-8'],
    ['claude-haiku-4-5', 'claude-haiku-4-5'],
  ])('baseModel(%s) = %s', (model, expected) => {
    expect(baseModel(model)).toBe(expected);
  });
});
