import { describe, expect, it } from 'vitest';
import { isOurHost } from './routes.js';

describe('isOurHost', () => {
  it.each([
    ['127.0.0.1:4318', '127.0.0.1', true],
    ['localhost:4318', '127.0.0.1', true],
    ['[::1]:4318', '127.0.0.1', true],
    ['localhost', '127.0.0.1', true],
    ['localhost:4319', '127.0.0.1', false],
    ['evil.example:4318', '127.0.0.1', false],
    ['devbox.lan:4318', 'devbox.lan', true],
    ['DEVBOX.LAN:4318', 'devbox.lan', true],
    ['[fd00::5]:4318', 'fd00::5', true],
    ['[fd00::5]:4318', '[fd00::5]', true],
    ['192.168.1.5:4318', '127.0.0.1', false],
    // Listening on every address: any IP literal, and this machine's name, but no other name.
    ['192.168.1.5:4318', '0.0.0.0', true],
    ['[fd00::5]:4318', '::', true],
    ['mybox:4318', '0.0.0.0', true],
    ['evil.example:4318', '0.0.0.0', false],
    ['', '127.0.0.1', false],
    ['127.0.0.1:4318:1', '127.0.0.1', false],
    ['user@127.0.0.1:4318', '127.0.0.1', false],
  ])('%j listening on %j: %s', (host, listen, expected) => {
    expect(isOurHost(host, listen, 4318, 'mybox')).toBe(expected);
  });
});
