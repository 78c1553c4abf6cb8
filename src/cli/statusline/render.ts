// The status line's work, given a database: record the snapshot, read today's spend and plan use,
// format the line. Shared by the `statusline` command (its own short-lived connection) and the
// receiver's POST /statusline (the running claude-otel-tui's connection: no Node start to pay).
import type { Db } from '../../store/open.js';
import { planUsage } from '../../store/read/plan-usage.js';
import { localDay, spend, type Spend } from '../../store/read/spend.js';
import { recordStatusline } from '../../store/statusline.js';
import type { Budgets } from '../../present/budget.js';
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
  let plan = snapshot === null ? null : { fiveHour: snapshot.fiveHour, sevenDay: snapshot.sevenDay };
  if (db !== null) {
    try {
      if (snapshot !== null) recordStatusline(db, snapshot);
    } catch (error) {
      note(`${isBusy(error) ? 'the database is busy' : messageOf(error)}; snapshot skipped`);
    }
    try {
      figures = spend(db, { nowMs, day: localDay(nowMs), ...(snapshot === null ? {} : { sessionId: snapshot.sessionId }) });
      // Input without rate limits (another session, an API key login) still shows the latest known.
      if (plan === null || (plan.fiveHour === null && plan.sevenDay === null)) plan = planUsage(db, { nowMs });
    } catch (error) {
      note(`cannot read today's spend: ${messageOf(error)}`);
    }
  }
  return formatStatusline(
    {
      sessionUsd: snapshot?.costUsd ?? figures?.sessionUsd ?? null,
      todayUsd: figures?.todayUsd ?? null,
      burnRateUsdPerHour: figures?.burnRateUsdPerHour ?? null,
      fiveHour: plan?.fiveHour ?? null,
      sevenDay: plan?.sevenDay ?? null,
      budgets,
    },
    isColor,
  );
}

function isBusy(error: unknown): boolean {
  return /^SQLITE_(BUSY|LOCKED)/.test(String((error as { code?: unknown }).code ?? ''));
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
