// The property test of one signal, as each test/record-mutations-*.test.ts runs it: one file per
// signal, so vitest runs the three (each thousands of requests) side by side.
import { afterAll, describe, expect, it } from 'vitest';
import { captureCases, captureCases2_1_332, captures2_1_332Dir, capturedRequests, type CapturedRequest } from './captures.js';
import { messageOf, recordAttributes } from './record-mutations.js';
import { mutateCapture, stopAll } from './record-mutations-run.js';

const label = (c: CapturedRequest) => [`${c.case}/${c.file}`, c] as const;
const title = '%s: 200, untouched records stored exactly, the changed one stored or counted';
// Thousands of requests per capture: seconds on an idle machine, much longer on a shared one.
const timeoutMs = 180_000;

/**
 * Claude Code 2.1.197: every attribute of every record (when `older` is set). Claude Code 2.1.332:
 * each attribute of each kind of record, once. Then: at least `minRequests` requests were sent.
 */
export function describeRecordMutations(
  signal: CapturedRequest['signal'],
  records: string,
  { older, minRequests }: { older: boolean; minRequests: number },
): void {
  const captures = older ? captureCases.flatMap((c) => capturedRequests(c)).filter((c) => c.signal === signal) : [];
  const newer = captureCases2_1_332.flatMap((c) => capturedRequests(c, captures2_1_332Dir)).filter((c) => c.signal === signal);
  afterAll(stopAll);

  let requests = 0;
  if (older) {
    describe(`every attribute of every ${records} of 2.1.197, dropped or of another type`, () => {
      it.each(captures.map(label))(
        title,
        async (_name, capture) => {
          const outcome = await mutateCapture(capture);
          requests += outcome.requests;
          expect(outcome.problems).toEqual([]);
          expect(outcome.rollupsMatch).toBe(true);
          expect(outcome.requests).toBeGreaterThan(recordAttributes(capture.signal, messageOf(capture)).flat().length);
        },
        timeoutMs,
      );
    });
  }

  const covered = new Set<string>();
  describe(`each attribute of each kind of ${records} of 2.1.332, dropped or of another type`, () => {
    it.each(newer.map(label))(
      title,
      async (_name, capture) => {
        const outcome = await mutateCapture(capture, covered);
        requests += outcome.requests;
        expect(outcome.problems).toEqual([]);
        expect(outcome.rollupsMatch).toBe(true);
      },
      timeoutMs,
    );

    it(`sent at least ${minRequests} requests`, () => {
      expect(requests).toBeGreaterThan(minRequests);
    });
  });
}
