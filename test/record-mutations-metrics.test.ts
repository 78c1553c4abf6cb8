// Every attribute of every metric data point of the real captures, dropped or given another AnyValue type:
// every request answered 200, untouched records stored exactly (see helpers/record-mutations-run.ts).
// Claude Code 2.1.197: every record. Claude Code 2.1.332: each attribute of each kind of record, once.
import { describeRecordMutations } from './helpers/record-mutations-suite.js';

describeRecordMutations('metrics', 'metric data point', { older: true, minRequests: 4000 });
