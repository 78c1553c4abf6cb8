// Every attribute of every span of the real captures, dropped or given another AnyValue type:
// every request answered 200, untouched records stored exactly (see helpers/record-mutations-run.ts).
// Claude Code 2.1.332 (the only captures with spans): each attribute of each kind of record, once.
import { describeRecordMutations } from './helpers/record-mutations-suite.js';

describeRecordMutations('traces', 'span', { older: false, minRequests: 500 });
