// Cumulative points carry a running total since their start time. The stored delta of a point is its
// total minus the total of the point just before it in the same run (same series, same start time).
// A new start time begins a new run (a restart): its first point counts whole. A total that goes down
// within a run is a reset the exporter did not announce: the point counts whole, never negative.

export function cumulativeDelta(total: number, previousTotal: number | null): number {
  if (previousTotal === null) return total;
  const delta = total - previousTotal;
  return delta < 0 ? total : delta;
}
