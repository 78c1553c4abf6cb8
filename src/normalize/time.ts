/** Unix nanoseconds (decimal string) to whole milliseconds, exactly, through BigInt. */
export function nanosToMs(nanos: string): number {
  return Number(BigInt(nanos) / 1_000_000n);
}
