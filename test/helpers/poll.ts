// Waiting for something another process does, without a fixed sleep: read until it gives a value.

export interface PollOptions {
  /** Default 10 s. */
  timeoutMs?: number;
  /** Between reads; default 25 ms. */
  intervalMs?: number;
  /** What the failure shows as last seen (a screen, a log). */
  last?: () => string;
}

/** Resolves with the first value `read` gives (not undefined); rejects after `timeoutMs`. */
export async function poll<T>(read: () => T | undefined | Promise<T | undefined>, { timeoutMs = 10_000, intervalMs = 25, last }: PollOptions = {}): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(last === undefined ? 'timed out waiting' : `timed out waiting; last seen:\n${last()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
