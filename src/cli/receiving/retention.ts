// --keep-days N on serve and ui: the receiving process prunes at start and then once a day. A viewer
// leaves it to that process.
import type { Db } from '../../store/open.js';
import { prune } from '../../store/prune.js';
import { describePrune } from '../format/prune-report.js';
import type { PeriodicTask } from './periodic-tasks.js';

const dayMs = 86_400_000;

export function retentionTask(db: Db, days: number, report: (line: string) => void, nowMs: () => number = Date.now): PeriodicTask {
  return {
    name: 'retention',
    intervalMs: dayMs,
    run() {
      const result = prune(db, nowMs() - days * dayMs);
      if (result.events + result.metricPoints + result.spans + result.transcriptRequests + result.statuslineSnapshots > 0)
        report(`retention: removed ${describePrune(result)}`);
    },
  };
}
