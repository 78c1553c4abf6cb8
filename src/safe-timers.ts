// setTimeout and setInterval with the delay clamped to what Node can keep. Node runs a delay over
// 2^31−1 ms (about 24.8 days), or a non-number, after 1 ms with a TimeoutOverflowWarning, so one
// absurd delay (a hostile Retry-After, a flag, a clock that jumped) would turn a wait into a busy
// loop that floods stderr. Every timer in the code base goes through here.

export const maxTimerDelayMs = 2 ** 31 - 1;

/** A delay Node keeps as asked: negative is 0; too long, infinite or NaN is the longest it can wait. */
export function safeDelayMs(delayMs: number): number {
  if (Number.isNaN(delayMs)) return maxTimerDelayMs;
  return Math.min(maxTimerDelayMs, Math.max(0, delayMs));
}

export function setSafeTimeout(callback: () => void, delayMs: number): NodeJS.Timeout {
  return setTimeout(callback, safeDelayMs(delayMs));
}

/** At least 1 ms apart, so not even a 0 interval spins. */
export function setSafeInterval(callback: () => void, intervalMs: number): NodeJS.Timeout {
  return setInterval(callback, Math.max(1, safeDelayMs(intervalMs)));
}
