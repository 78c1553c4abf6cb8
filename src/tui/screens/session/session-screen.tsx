import { useStdout } from 'ink';
import { useMemo, type Dispatch } from 'react';
import type { DataFeed } from '../../../store/changes.js';
import { session } from '../../../store/read/session.js';
import { spansRaw } from '../../../store/read/spans.js';
import { turnWaterfall } from '../../../store/read/waterfall.js';
import { exportNotice } from '../../export/export-file.js';
import { sessionJson } from '../../../present/export/session-json.js';
import { useKeys } from '../../hooks/use-keys.js';
import { useClock } from '../../hooks/use-now.js';
import { useReadModel, useTimedReadModel } from '../../hooks/use-read-model.js';
import { osc52 } from './osc52.js';
import { RawJsonView, rawEventTitle, rawJsonLines, rawJsonText, rawPageHeight } from './raw-json-view.js';
import type { SessionAction, SessionState } from './session-state.js';
import { SessionView } from './session-view.js';
import { stepCursor, timelineRows, turnKey } from './timeline-rows.js';
import { rawTarget, type RawTarget } from './waterfall-raw.js';
import { waterfallRows } from './waterfall-rows.js';
import { WaterfallView } from './waterfall-view.js';
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

// The integrity check allows for the export lag up to "now": the injected clock's, not the machine's.
const sessionAt = (db: DataFeed['db'], { sessionId, nowMs }: { sessionId: string; nowMs: number }) => session(db, sessionId, nowMs);

const noSpans: readonly { traceId: string; spanId: string }[] = [];

export function SessionScreen({ feed, sessionId, state, dispatch, isFocused, onBack, exportDir, onNotice, width, height }: SessionScreenProps) {
  const detail = useTimedReadModel(feed, sessionAt, (nowMs) => ({ sessionId, nowMs }));
  // Only `e` needs the time (for its file name): it takes it when pressed, so no tick renders this screen.
  const clock = useClock();
  const { stdout } = useStdout();
  const rows = useMemo(
    () => (detail === null ? [] : timelineRows(detail.turns, state.collapsed, Date.parse(detail.session.startTime), state.expanded)),
    [detail, state.collapsed, state.expanded],
  );
  const count = rows.length;
  // The rows can shrink under the cursor (a live session is re-read); clamp rather than point past the end.
  const cursor = Math.min(state.cursor, Math.max(0, count - 1));
  const row = rows[cursor];

  // The waterfall of one turn, in place of the event list.
  const turnIndex = detail === null || state.waterfall === null ? -1 : detail.turns.findIndex((t, i) => turnKey(t, i) === state.waterfall?.turnKey);
  const turn = detail?.turns[turnIndex] ?? null;
  const waterfall = useMemo(() => (turn === null ? null : turnWaterfall(turn)), [turn]);
  const bars = useMemo(() => (waterfall === null ? [] : waterfallRows(waterfall)), [waterfall]);
  const agents = useMemo(() => new Map((detail?.subagents ?? []).map((a) => [a.agentId, a])), [detail]);
  const barCursor = Math.min(state.waterfall?.cursor ?? 0, Math.max(0, bars.length - 1));
  const bar = bars[barCursor];
  const isWaterfall = state.waterfall !== null;

  // What enter shows as raw JSON: the event under the cursor, or the selected bar's span(s) or event.
  const target: RawTarget | null = isWaterfall
    ? turn === null || bar === undefined
      ? null
      : rawTarget(bar, turn)
    : row?.kind === 'event'
      ? { kind: 'event', event: row.event }
      : null;
  const spanKeys = state.isRawOpen && target?.kind === 'spans' ? target.keys : noSpans;
  const storedSpans = useReadModel(feed, spansRaw, spanKeys);
  const raw =
    !state.isRawOpen || target === null
      ? null
      : target.kind === 'event'
        ? { title: rawEventTitle(target.event), value: target.event.raw }
        : storedSpans.length === 0
          ? null
          : { title: target.title, value: storedSpans.length === 1 ? storedSpans[0] : storedSpans };
  // Keyed on the value shown, not on `raw` (a new object each render).
  const hasRaw = raw !== null;
  const rawValue = raw?.value;
  const rawLines = useMemo(() => (hasRaw ? rawJsonLines(rawValue) : []), [hasRaw, rawValue]);
  const page = rawPageHeight(height);
  const rawMax = Math.max(0, rawLines.length - page);

  useKeys('session', isFocused && !state.isRawOpen && !isWaterfall, {
    down: () => dispatch({ type: 'move', by: stepCursor(rows, cursor, 1) - state.cursor, count }),
    up: () => dispatch({ type: 'move', by: stepCursor(rows, cursor, -1) - state.cursor, count }),
    top: () => dispatch({ type: 'top' }),
    bottom: () => dispatch({ type: 'move', by: stepCursor(rows, count, -1) - state.cursor, count }),
    open: () => {
      if (row?.kind === 'turn') dispatch({ type: 'toggleTurn', key: row.key });
      else if (row?.kind === 'startup') dispatch({ type: 'toggleStartup', key: row.key });
      else if (row?.kind === 'event') dispatch({ type: 'openRaw' });
    },
    waterfall: () => {
      if (row !== undefined) dispatch({ type: 'openWaterfall', turnKey: row.kind === 'turn' ? row.key : row.turnKey });
    },
    back: onBack,
    export: () => {
      if (detail === null) return onNotice(`nothing to export: session ${sessionId} has no data`);
      const text = `${jsonText(sessionJson(detail), 2)}\n`;
      onNotice(
        exportNotice(
          { dir: exportDir, what: 'session', extension: 'json', text, nowMs: clock.now() },
          `session ${sessionId.slice(0, 8)}… (${detail.turns.length} turns)`,
        ),
      );
    },
  });
  useKeys('waterfall', isFocused && !state.isRawOpen && isWaterfall, {
    down: () => dispatch({ type: 'moveBar', by: barCursor + 1 - (state.waterfall?.cursor ?? 0), count: bars.length }),
    up: () => dispatch({ type: 'moveBar', by: barCursor - 1 - (state.waterfall?.cursor ?? 0), count: bars.length }),
    top: () => dispatch({ type: 'moveBar', by: -(state.waterfall?.cursor ?? 0), count: bars.length }),
    bottom: () => dispatch({ type: 'barBottom', count: bars.length }),
    open: () => {
      if (target !== null) dispatch({ type: 'openRaw' });
      else if (bar?.kind === 'lane') onNotice("an agent's lane has no span of its own: j moves to its bars");
    },
    back: () => dispatch({ type: 'closeWaterfall' }),
  });
  useKeys('raw', isFocused && state.isRawOpen, {
    down: () => dispatch({ type: 'scrollRaw', by: 1, max: rawMax }),
    up: () => dispatch({ type: 'scrollRaw', by: -1, max: rawMax }),
    pageDown: () => dispatch({ type: 'scrollRaw', by: page, max: rawMax }),
    pageUp: () => dispatch({ type: 'scrollRaw', by: -page, max: rawMax }),
    copy: () => {
      if (raw === null) return;
      stdout.write(osc52(rawJsonText(raw.value)));
      dispatch({ type: 'copied' });
    },
    back: () => dispatch({ type: 'closeRaw' }),
  });

  if (raw !== null) {
    const copiedBytes = state.isCopied ? Buffer.byteLength(rawJsonText(raw.value), 'utf8') : null;
    return (
      <RawJsonView title={raw.title} lines={rawLines} scroll={Math.min(state.rawScroll, rawMax)} copiedBytes={copiedBytes} width={width} height={height} />
    );
  }
  if (isWaterfall) {
    return (
      <WaterfallView
        turn={turn}
        turnNumber={turnIndex + 1}
        turnCount={detail?.turns.length ?? 0}
        waterfall={waterfall}
        rows={bars}
        cursor={barCursor}
        agents={agents}
        width={width}
        height={height}
      />
    );
  }
  return <SessionView sessionId={sessionId} detail={detail} rows={rows} cursor={cursor} width={width} height={height} />;
}
