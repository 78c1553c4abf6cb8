import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter, verdictFor } from './retry-policy.js';

const nowMs = Date.parse('2026-11-26T14:05:00Z');

describe('retry policy', () => {
  it.each([
    [200, undefined, { kind: 'delivered' }],
    [204, undefined, { kind: 'delivered' }],
    [429, '3', { kind: 'retry', error: 'HTTP 429: slow down', retryAfterMs: 3000 }],
    [503, 'Thu, 26 Nov 2026 14:05:10 GMT', { kind: 'retry', error: 'HTTP 503: slow down', retryAfterMs: 10_000 }],
    [503, 'soon', { kind: 'retry', error: 'HTTP 503: slow down', retryAfterMs: undefined }],
    [500, '5', { kind: 'retry', error: 'HTTP 500: slow down', retryAfterMs: undefined }],
    [408, undefined, { kind: 'retry', error: 'HTTP 408: slow down', retryAfterMs: undefined }],
    [400, undefined, { kind: 'drop', reason: 'HTTP 400: slow down' }],
    [401, undefined, { kind: 'drop', reason: 'HTTP 401: slow down' }],
    [413, undefined, { kind: 'drop', reason: 'HTTP 413: slow down' }],
    [301, undefined, { kind: 'retry', error: 'HTTP 301: slow down (redirects are not followed; check the --forward URL)', retryAfterMs: undefined }],
  ])('HTTP %i with Retry-After %s', (status, retryAfter, expected) => {
    expect(verdictFor({ kind: 'answer', status, retryAfter, firstLine: 'slow down' }, nowMs)).toEqual(expected);
  });

  it('retries a network error', () => {
    expect(verdictFor({ kind: 'failed', error: 'connect ECONNREFUSED 127.0.0.1:1' }, nowMs)).toEqual({
      kind: 'retry',
      error: 'connect ECONNREFUSED 127.0.0.1:1',
      retryAfterMs: undefined,
    });
  });

  it('reads a Retry-After date in the past as now', () => {
    expect(parseRetryAfter('Thu, 26 Nov 2026 14:00:00 GMT', nowMs)).toBe(0);
  });

  it.each([
    [1, 0, 500],
    [1, 1, 1000],
    [2, 1, 2000],
    [9, 1, 256_000],
    [10, 1, 300_000],
    [400, 0, 150_000],
  ])('backoff after %i attempts (random %d) is %i ms', (attempts, random, expected) => {
    expect(backoffMs(attempts, 1000, 300_000, () => random)).toBe(expected);
  });
});
