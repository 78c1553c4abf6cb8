// The receiver in a process of its own, for the large-request scenario: what `serve` runs, without
// the CLI around it, so the same build can be measured with slicing (`sliced`) and without
// (`unsliced`: one piece, one transaction, as before slicing), the before beside the after.
import { startReceiver } from '../src/receiver/server.js';
import { openDatabase } from '../src/store/open.js';

const [dbPath, mode] = process.argv.slice(2);
if (dbPath === undefined || (mode !== 'sliced' && mode !== 'unsliced')) throw new Error('usage: receiver-process.js DB sliced|unsliced');
const db = openDatabase(dbPath);
const receiver = await startReceiver({ db, port: 0, ...(mode === 'unsliced' ? { slices: { sliceRecords: Number.POSITIVE_INFINITY } } : {}) });
process.stdout.write(`claude-otel-tui is receiving OTLP/HTTP on ${receiver.url}\n`);
process.once('SIGTERM', () => {
  void receiver.close().then(() => {
    db.close();
    process.exit(0);
  });
});
