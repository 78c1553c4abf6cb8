import type { PruneResult } from '../../store/prune.js';

/** What a prune removed (or would), for `prune` and the receiving process's retention. */
export function describePrune(r: PruneResult): string {
  return `${r.events} events, ${r.metricPoints} metric points, ${r.metricSeries} metric series, ${r.spans} spans, ${r.transcriptRequests} transcript requests and ${r.statuslineSnapshots} status line snapshots older than ${new Date(r.cutoffMs).toISOString()}`;
}
