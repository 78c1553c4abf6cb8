// One budget for the request bodies held in memory across all connections at once. The per-request
// limit (16 MiB) alone lets 100 slow uploads hold 1.6 GB; with this, a request that would take the
// total beyond the budget is answered 503 + Retry-After before its bytes are kept.
//
// Large bodies may fill the budget only up to a reserve, so that while big uploads hold it, the small
// requests Claude Code sends (a few KiB to a few hundred) still fit. A request holds its share from
// its first byte (or its Content-Length, taken at once) until its answer is sent.

export interface BodyBudget {
  /** A new request's share, empty until it grows. */
  hold(): BodyHold;
  /** Bytes held now, across all requests. */
  usedBytes(): number;
  /** The most ever held at once. */
  peakBytes(): number;
  readonly limitBytes: number;
}

export interface BodyHold {
  readonly budget: BodyBudget;
  /** Grows this request's share to `bytes` in all; false (nothing taken) when the budget has no room. */
  growTo(bytes: number): boolean;
  heldBytes(): number;
  /** Gives the share back; safe to call more than once. */
  release(): void;
}

export const defaultBodyBudgetBytes = 64 * 1024 * 1024;
/** Up to this, a body counts as small and may use the reserve. */
export const smallBodyBytes = 1024 * 1024;

export function createBodyBudget(limitBytes: number): BodyBudget {
  // An eighth for small bodies, and never less than one small body: the budget may be set low.
  const reserveBytes = Math.min(limitBytes, Math.max(smallBodyBytes, Math.floor(limitBytes / 8)));
  let used = 0;
  let peak = 0;
  const budget: BodyBudget = {
    limitBytes,
    usedBytes: () => used,
    peakBytes: () => peak,
    hold() {
      let held = 0;
      return {
        budget,
        heldBytes: () => held,
        growTo(bytes) {
          if (bytes <= held) return true;
          const ceilingBytes = bytes <= smallBodyBytes ? limitBytes : limitBytes - reserveBytes;
          if (used + (bytes - held) > ceilingBytes) return false;
          used += bytes - held;
          held = bytes;
          peak = Math.max(peak, used);
          return true;
        },
        release() {
          used -= held;
          held = 0;
        },
      };
    },
  };
  return budget;
}
