// The transcript files `status` and `transcripts` could not read, in plain lines.
import { formatCount } from '../../present/format.js';
import { plainText } from '../../present/sanitize.js';
import type { TranscriptProblems } from '../../store/read/transcript-problems.js';

/** What the scans could not read, with what to do; a long list is cut (`status --json` has it all). */
export function transcriptProblemLines(problems: TranscriptProblems, indent = '          '): string[] {
  const { fileErrors, skippedLines, filesWithSkippedLines } = problems;
  const shown = 5;
  return [
    ...(fileErrors.length === 0
      ? []
      : [
          `${indent}${formatCount(fileErrors.length)} unreadable ${fileErrors.length === 1 ? 'file' : 'files'} (each tried again once it changes; check owner and permissions):`,
        ]),
    ...fileErrors.slice(0, shown).map((f) => `${indent}  ${plainText(f.path)}: ${plainText(f.error)}`),
    ...(fileErrors.length > shown ? [`${indent}  and ${formatCount(fileErrors.length - shown)} more`] : []),
    ...(skippedLines === 0
      ? []
      : [
          `${indent}${formatCount(skippedLines)} over-long ${skippedLines === 1 ? 'line' : 'lines'} skipped in ${formatCount(filesWithSkippedLines)} ${filesWithSkippedLines === 1 ? 'file' : 'files'}`,
        ]),
  ];
}
