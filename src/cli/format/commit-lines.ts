import type { CommitLines } from '../../store/read/commits.js';
import { formatCount } from '../../present/format.js';

/** "+12 -3", or "—" when the lines cannot be told apart from the interval's neighbours. */
export function formatLines(lines: CommitLines | null): string {
  return lines === null ? '—' : `+${formatCount(lines.added)} -${formatCount(lines.removed)}`;
}
