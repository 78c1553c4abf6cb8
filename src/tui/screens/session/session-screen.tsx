import { useStdout } from 'ink';
import { useMemo, type Dispatch } from 'react';
import type { DataFeed } from '../../../store/changes.js';
import { session } from '../../../store/read/session.js';
import { exportNotice } from '../../export/export-file.js';
import { sessionJson } from '../../../present/export/session-json.js';
import { useKeys } from '../../hooks/use-keys.js';
import { useNow } from '../../hooks/use-now.js';
import { useReadModel } from '../../hooks/use-read-model.js';
import { osc52 } from './osc52.js';
import { RawJsonView, rawJsonLines, rawJsonText, rawPageHeight } from './raw-json-view.js';
import type { SessionAction, SessionState } from './session-state.js';
import { SessionView } from './session-view.js';
import { timelineRows } from './timeline-rows.js';
import { jsonText } from '../../../present/sanitize.js';

export interface SessionScreenProps {
  feed: DataFeed;
  sessionId: string;
  state: SessionState;
  dispatch: Dispatch<SessionAction>;
  isFocused: boolean;
  onBack: () => void;
  /** Where `e` writes, and how it reports the path (or error). */
  exportDir: string;
  onNotice: (text: string) => void;
  width: number;
  height: number;
}

export function SessionScreen({ feed, sessionId, state, dispatch, isFocused, onBack, exportDir, onNotice, width, height }: SessionScreenProps) {
  const detail = useReadModel(feed, session, sessionId);
  const nowMs = useNow();
  const { stdout } = useStdout();
  const rows = useMemo(
    () => (detail === null ? [] : timelineRows(detail.turns, state.collapsed, Date.parse(detail.session.startTime), state.expanded)),
    [detail, state.collapsed, state.expanded],
  );
  const count = rows.length;
  // The rows can shrink under the cursor (a live session is re-read); clamp rather than point past the end.
  const cursor = Math.min(state.cursor, Math.max(0, count - 1));
  const row = rows[cursor];
  const rawEvent = state.isRawOpen && row?.kind === 'event' ? row.event : null;
  const rawLines = useMemo(() => (rawEvent === null ? [] : rawJsonLines(rawEvent.raw)), [rawEvent]);
  const page = rawPageHeight(height);
  const rawMax = Math.max(0, rawLines.length - page);

  useKeys('session', isFocused && !state.isRawOpen, {
    down: () => dispatch({ type: 'move', by: cursor + 1 - state.cursor, count }),
    up: () => dispatch({ type: 'move', by: cursor - 1 - state.cursor, count }),
    top: () => dispatch({ type: 'top' }),
    bottom: () => dispatch({ type: 'bottom', count }),
    open: () => {
      if (row?.kind === 'turn') dispatch({ type: 'toggleTurn', key: row.key });
      else if (row?.kind === 'startup') dispatch({ type: 'toggleStartup', key: row.key });
      else if (row?.kind === 'event') dispatch({ type: 'openRaw' });
    },
    back: onBack,
    export: () => {
      if (detail === null) return onNotice(`nothing to export: session ${sessionId} has no data`);
      const text = `${jsonText(sessionJson(detail), 2)}\n`;
      onNotice(exportNotice({ dir: exportDir, what: 'session', extension: 'json', text, nowMs }, `session ${sessionId.slice(0, 8)}… (${detail.turns.length} turns)`));
    },
  });
  useKeys('raw', isFocused && state.isRawOpen, {
    down: () => dispatch({ type: 'scrollRaw', by: 1, max: rawMax }),
    up: () => dispatch({ type: 'scrollRaw', by: -1, max: rawMax }),
    pageDown: () => dispatch({ type: 'scrollRaw', by: page, max: rawMax }),
    pageUp: () => dispatch({ type: 'scrollRaw', by: -page, max: rawMax }),
    copy: () => {
      if (rawEvent === null) return;
      stdout.write(osc52(rawJsonText(rawEvent.raw)));
      dispatch({ type: 'copied' });
    },
    back: () => dispatch({ type: 'closeRaw' }),
  });

  if (rawEvent !== null) {
    const copiedBytes = state.isCopied ? Buffer.byteLength(rawJsonText(rawEvent.raw), 'utf8') : null;
    return <RawJsonView event={rawEvent} lines={rawLines} scroll={Math.min(state.rawScroll, rawMax)} copiedBytes={copiedBytes} width={width} height={height} />;
  }
  return <SessionView sessionId={sessionId} detail={detail} rows={rows} cursor={cursor} width={width} height={height} />;
}
