// What to do with an upstream's answer: delivered, try again later (and when), or drop (and why).
// OTLP/HTTP says: retry on 429, 502, 503, 504 and network errors, honouring Retry-After; other 4xx
// will never succeed. We also retry any 5xx and 408, since a proxy's 500 is often passing.

export type PostOutcome = { kind: 'answer'; status: number; retryAfter: string | undefined; firstLine: string } | { kind: 'failed'; error: string };

export type Verdict = { kind: 'delivered' } | { kind: 'retry'; error: string; retryAfterMs: number | undefined } | { kind: 'drop'; reason: string };

export function verdictFor(outcome: PostOutcome, nowMs: number): Verdict {
  if (outcome.kind === 'failed') return { kind: 'retry', error: outcome.error, retryAfterMs: undefined };
  const { status, firstLine } = outcome;
  const said = `HTTP ${status}${firstLine === '' ? '' : `: ${firstLine}`}`;
  if (status >= 200 && status < 300) return { kind: 'delivered' };
  if (status === 429 || status === 503) return { kind: 'retry', error: said, retryAfterMs: parseRetryAfter(outcome.retryAfter, nowMs) };
  if (status === 408 || status >= 500) return { kind: 'retry', error: said, retryAfterMs: undefined };
  if (status >= 400) return { kind: 'drop', reason: said };
  // 1xx and 3xx: redirects are not followed, so the URL needs fixing; keep the data meanwhile.
  return { kind: 'retry', error: `${said} (redirects are not followed; check the --forward URL)`, retryAfterMs: undefined };
}

/** Retry-After as delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const dateMs = Date.parse(text);
  return Number.isNaN(dateMs) ? undefined : Math.max(0, dateMs - nowMs);
}

/** Exponential from `baseMs`, doubling per attempt up to `maxMs`, with jitter in its upper half so senders spread out. */
export function backoffMs(attempts: number, baseMs: number, maxMs: number, random: () => number): number {
  const ceilingMs = Math.min(maxMs, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.round(ceilingMs / 2 + (random() * ceilingMs) / 2);
}
