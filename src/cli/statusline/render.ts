// The status line's work, given a database: record the snapshot, read today's spend and plan use,
// format the line. Shared by the `statusline` command (its own short-lived connection) and the
// receiver's POST /statusline (the running claude-otel-tui's connection: no Node start to pay).
import type { Db } from '../../store/open.js';
import { freshSpend } from '../../store/read/fresh-spend.js';
import { planForecast, type PlanWindowForecast } from '../../store/read/plan-forecast.js';
import { resetToleranceMs } from '../../store/read/plan-samples.js';
import { localDay, type Spend } from '../../store/read/spend.js';
import { recordStatusline, type RateWindow } from '../../store/statusline.js';
import type { Budgets } from '../../present/budget.js';
import type { PlanWindowFigures } from '../../present/plan-forecast.js';
import { formatStatusline } from './format-line.js';
import type { StatuslineInput } from './parse-input.js';

export interface RenderRequest {
  input: StatuslineInput;
  budgets: Budgets;
  nowMs: number;
  isColor: boolean;
  /** One-line notes for stderr (the command) or nowhere (the receiver). */
  note(text: string): void;
}

export function renderStatusline(db: Db | null, { input, budgets, nowMs, isColor, note }: RenderRequest): string {
  const snapshot = input.isParsed ? input.snapshot : null;
  let figures: Spend | null = null;
  let fiveHour = fromStdin(snapshot?.fiveHour ?? null);
  let sevenDay = fromStdin(snapshot?.sevenDay ?? null);
  if (db !== null) {
    try {
      if (snapshot !== null) recordStatusline(db, snapshot);
    } catch (error) {
      note(`${isBusy(error) ? 'the database is busy' : messageOf(error)}; snapshot skipped`);
    }
    try {
      const claude =
        snapshot === null || snapshot.costUsd === null ? null : { sessionId: snapshot.sessionId, costUsd: snapshot.costUsd, durationMs: snapshot.durationMs };
      figures = freshSpend(db, { nowMs, day: localDay(nowMs), ...(snapshot === null ? {} : { sessionId: snapshot.sessionId }), claude });
      // Input without rate limits (another session, an API key login) still shows the latest known.
      const known = planForecast(db, { nowMs });
      fiveHour = withForecast(snapshot?.fiveHour ?? null, known.fiveHour, nowMs);
      sevenDay = withForecast(snapshot?.sevenDay ?? null, known.sevenDay, nowMs);
    } catch (error) {
      note(`cannot read today's spend: ${messageOf(error)}`);
    }
  }
  return formatStatusline(
    {
      sessionUsd: snapshot?.costUsd ?? figures?.sessionUsd ?? null,
      todayUsd: figures?.todayUsd ?? null,
      burnRateUsdPerHour: figures?.burnRateUsdPerHour ?? null,
      fiveHour,
      sevenDay,
      budgets,
      nowMs,
    },
    isColor,
  );
}

const fromStdin = (w: RateWindow | null): PlanWindowFigures | null => (w === null ? null : { ...w, forecast: null });

/**
 * The stored window (with its forecast) when stdin names the same one: it also holds what other
 * sessions reported; also when stdin's window has reset (an idle session's old figure). stdin's
 * figure when the store has not caught up (a skipped snapshot).
 */
function withForecast(stdin: RateWindow | null, stored: PlanWindowForecast | null, nowMs: number): PlanWindowFigures | null {
  if (stdin === null || (stdin.resetsAtMs !== null && stdin.resetsAtMs <= nowMs)) return stored;
  const isSameWindow =
    stored !== null && stdin.resetsAtMs !== null && stored.resetsAtMs !== null && Math.abs(stored.resetsAtMs - stdin.resetsAtMs) <= resetToleranceMs;
  return isSameWindow ? { ...stored, usedPct: Math.max(stored.usedPct, stdin.usedPct) } : fromStdin(stdin);
}

function isBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code ?? ''));
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
