// Every attribute of every record of the real logs captures, dropped or given another AnyValue type:
// every request answered 200, untouched records stored exactly (see helpers/record-mutations-run.ts).
import { afterAll, describe, expect, it } from 'vitest';
import { captureCases, capturedRequests } from './helpers/captures.js';
import { recordAttributes, messageOf } from './helpers/record-mutations.js';
import { mutateCapture, stopAll } from './helpers/record-mutations-run.js';

const captures = captureCases.flatMap((c) => capturedRequests(c)).filter((c) => c.signal === 'logs');
afterAll(stopAll);

let requests = 0;
describe('every attribute of every log record, dropped or of another type', () => {
  it.each(captures.map((c) => [`${c.case}/${c.file}`, c] as const))('%s: 200, untouched records stored exactly, the changed one stored or counted', async (_name, capture) => {
    const outcome = await mutateCapture(capture);
    requests += outcome.requests;
    expect(outcome.problems).toEqual([]);
    expect(outcome.rollupsMatch).toBe(true);
    expect(outcome.requests).toBeGreaterThan(recordAttributes(capture.signal, messageOf(capture)).flat().length);
    // Thousands of requests per capture: seconds on an idle machine, much longer on a shared one.
  }, 180_000);

  it('sent thousands of requests', () => {
    expect(requests).toBeGreaterThan(4000);
  });
});
