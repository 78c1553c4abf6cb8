// Every attribute of every log record of the real captures, dropped or given another AnyValue type:
// every request answered 200, untouched records stored exactly (see helpers/record-mutations-run.ts).
// Claude Code 2.1.197: every record. Claude Code 2.1.332: each attribute of each kind of record, once.
import { afterAll, describe, expect, it } from 'vitest';
import { captureCases, captureCases2_1_332, captures2_1_332Dir, capturedRequests } from './helpers/captures.js';
import { messageOf, recordAttributes } from './helpers/record-mutations.js';
import { mutateCapture, stopAll } from './helpers/record-mutations-run.js';

const captures = captureCases.flatMap((c) => capturedRequests(c)).filter((c) => c.signal === 'logs');
const newer = captureCases2_1_332.flatMap((c) => capturedRequests(c, captures2_1_332Dir)).filter((c) => c.signal === 'logs');
afterAll(stopAll);

let requests = 0;
describe('every attribute of every log record of 2.1.197, dropped or of another type', () => {
  it.each(captures.map((c) => [`${c.case}/${c.file}`, c] as const))('%s: 200, untouched records stored exactly, the changed one stored or counted', async (_name, capture) => {
    const outcome = await mutateCapture(capture);
    requests += outcome.requests;
    expect(outcome.problems).toEqual([]);
    expect(outcome.rollupsMatch).toBe(true);
    expect(outcome.requests).toBeGreaterThan(recordAttributes(capture.signal, messageOf(capture)).flat().length);
    // Thousands of requests per capture: seconds on an idle machine, much longer on a shared one.
  }, 180_000);
});

const covered = new Set<string>();
describe('each attribute of each kind of log record of 2.1.332, dropped or of another type', () => {
  it.each(newer.map((c) => [`${c.case}/${c.file}`, c] as const))('%s: 200, untouched records stored exactly, the changed one stored or counted', async (_name, capture) => {
    const outcome = await mutateCapture(capture, covered);
    requests += outcome.requests;
    expect(outcome.problems).toEqual([]);
    expect(outcome.rollupsMatch).toBe(true);
  }, 180_000);

  it('sent thousands of requests', () => {
    expect(requests).toBeGreaterThan(4000);
  });
});
