import { toRow } from '../../store/read/sessions.js';
import type { SessionDetail } from '../../store/read/types.js';

/** One session and its timeline: what `session --json` prints and what `e` writes from the session view. */
export function sessionJson(detail: SessionDetail): unknown {
  const { appVersion, terminalType, os } = detail.session;
  return { session: { ...toRow(detail.session), appVersion, terminalType, os }, turns: detail.turns };
}
