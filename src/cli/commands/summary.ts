import { UserError } from '../../errors.js';
import { openDatabase } from '../../store/open.js';
import { groupByMachine } from '../../store/read/machines.js';
import { planForecast } from '../../store/read/plan-forecast.js';
import { branchCosts, type BranchCost } from '../../store/read/branches.js';
import { groupByProject } from '../../store/read/projects.js';
import { untrackedUsage } from '../../store/read/transcript-coverage.js';
import { sessions } from '../../store/read/sessions.js';
import type { SessionRow } from '../../store/read/types.js';
import { localDay, spend } from '../../store/read/spend.js';
import { summary } from '../../store/read/summary.js';
import { resolveBudgets } from '../config.js';
import { attributionGroupings, attributionRows, attributionTable, type AttributionGrouping } from '../format/attribution-report.js';
import { budgetLine, budgetReport, todayLine, todayReport } from '../format/budget-report.js';
import { writeJson } from '../format/json.js';
import { formatCount, formatUsd } from '../../present/format.js';
import { planLine } from '../../present/plan-forecast.js';
import { unseenSpendNote } from '../../present/unseen-spend.js';
import { renderTable } from '../format/table.js';
import { databasePath } from '../paths.js';
import { parseSince } from '../since.js';
import { printOut } from '../format/print.js';

export interface SummaryOptions {
  since?: string;
  by?: string;
  json?: boolean;
  db?: string;
  budgetDaily?: string;
  budgetSession?: string;
}

const groupings = ['model', 'day', 'session', 'project', 'branch', 'machine', ...attributionGroupings] as const;
type Grouping = (typeof groupings)[number];
const isAttribution = (by: Grouping | undefined): by is AttributionGrouping => (attributionGroupings as readonly string[]).includes(by ?? '');

export function summaryCommand(options: SummaryOptions, nowMs = Date.now()): void {
  const by = options.by as Grouping | undefined;
  if (by !== undefined && !groupings.includes(by)) throw new UserError(`--by ${options.by} is not one of ${groupings.join(', ')}`, undefined, 2);
  const sinceMs = parseSince(options.since, nowMs);
  const range = sinceMs === undefined ? {} : { sinceMs };
  const budgets = resolveBudgets(options);
  const db = openDatabase(databasePath(options.db), { readonly: true });
  try {
    const dayMs = 86_400_000;
    const s = summary(db, { ...range, nowMs, ...(by === 'day' ? { bucketMs: dayMs } : {}) });
    const attributed = isAttribution(by) ? by : undefined;
    const groups = isAttribution(by)
      ? []
      : groupRows(
          by,
          s,
          by === 'session' || by === 'project' || by === 'machine' ? sessions(db, { ...range, nowMs }) : [],
          by === 'branch' ? branchCosts(db, range) : [],
        );
    const today = spend(db, { nowMs, day: localDay(nowMs) });
    const untracked = untrackedUsage(db, range);
    const plan = planForecast(db, { nowMs });
    const extra = { today: todayReport(today), budget: budgetReport(budgets, today, s.currentSession), untracked, plan };
    if (options.json)
      return writeJson(
        by === undefined ? { ...s, ...extra } : { ...s, ...extra, by, groups: attributed === undefined ? groups : attributionRows(s, attributed) },
      );
    const lines = [
      `cost ${formatUsd(s.costUsd)}${s.unpricedRequests > 0 ? ` (+${s.unpricedRequests} unpriced requests)` : ''}`,
      `tokens ${formatCount(s.tokens.total)} (in ${formatCount(s.tokens.input)}, out ${formatCount(s.tokens.output)}; cache read ${formatCount(s.tokens.cacheRead)}, cache write ${formatCount(s.tokens.cacheCreation)}${cacheWriteSplit(s)})`,
      `sessions ${s.sessions}  commits ${s.commits}  pull requests ${s.pullRequests}`,
      `active time: you ${Math.round(s.activeTime.userSeconds)}s, Claude ${Math.round(s.activeTime.cliSeconds)}s  lines +${s.lines.added} -${s.lines.removed}`,
      `API requests ${s.apiRequests.total}  tool calls ${s.toolCalls.total}  decisions: ${s.decisions.accept} accepted, ${s.decisions.reject} rejected`,
      ...(untracked.sessions === 0
        ? []
        : [
            `not in telemetry: ${untracked.sessions} sessions with ${untracked.requests} requests only in transcripts (${untracked.estimatedCostUsd === null ? 'no list price' : `≈${formatUsd(untracked.estimatedCostUsd)}`}, not in the totals)`,
          ]),
      todayLine(extra.today),
      ...(extra.budget === null ? [] : [budgetLine(extra.budget)]),
      ...[planLine(plan, nowMs)].filter((l) => l !== null),
      unseenSpendNote,
      '',
    ];
    printOut(lines.join('\n'));
    if (attributed !== undefined) {
      printOut(attributionTable(s, attributed));
      return;
    }
    if (groups.length > 0) {
      // A branch also says how much of its cost no commit took.
      const isBranch = by === 'branch';
      printOut(
        renderTable(
          [
            { header: by ?? '' },
            { header: 'Cost', align: 'right' },
            { header: 'Requests', align: 'right' },
            { header: 'Tokens', align: 'right' },
            ...(isBranch
              ? [
                  { header: 'Commits', align: 'right' as const },
                  { header: 'Not committed', align: 'right' as const },
                ]
              : []),
          ],
          groups.map((g) => [
            g.key,
            formatUsd(g.costUsd),
            formatCount(g.apiRequests),
            formatCount(g.tokens),
            ...(isBranch ? [formatCount(g.commits ?? 0), formatUsd(g.notCommittedUsd ?? 0)] : []),
          ]),
        ),
      );
    }
  } finally {
    db.close();
  }
}

/** ", of which 5m N, 1h N" when some event in range split its cache writes (2.1.332+). */
function cacheWriteSplit(s: ReturnType<typeof summary>): string {
  const c = s.cacheWrites;
  return c.fiveMinuteTokens === null && c.oneHourTokens === null ? '' : `: 5m ${formatCount(c.fiveMinuteTokens)}, 1h ${formatCount(c.oneHourTokens)}`;
}

interface Group {
  key: string;
  costUsd: number | null;
  apiRequests: number | null;
  tokens: number;
  sessions?: number;
  unpricedSessions?: number;
  flaggedSessions?: number;
  commits?: number;
  committedUsd?: number;
  notCommittedUsd?: number;
  unpricedParts?: number;
}

function groupRows(
  by: Exclude<Grouping, AttributionGrouping> | undefined,
  s: ReturnType<typeof summary>,
  sessionRows: SessionRow[],
  branches: BranchCost[],
): Group[] {
  switch (by) {
    case undefined:
      return [];
    case 'model':
      return s.byModel.map((m) => ({ key: m.model, costUsd: m.costUsd, apiRequests: m.apiRequests, tokens: m.tokens.total }));
    case 'day':
      return s.buckets
        .filter((b) => b.apiRequests > 0 || b.costUsd > 0 || b.inputTokens + b.outputTokens > 0)
        .map((b) => ({
          key: new Date(b.startMs).toISOString().slice(0, 10),
          costUsd: b.costUsd,
          apiRequests: b.apiRequests,
          tokens: Math.round(b.inputTokens + b.outputTokens),
        }));
    case 'session':
      return sessionRows.map((r) => ({ key: r.sessionId, costUsd: r.costUsd, apiRequests: r.apiRequests, tokens: r.tokens.total }));
    case 'project':
      // Whole sessions, as `sessions` shows them; unpriced sessions are counted, not guessed.
      return groupByProject(sessionRows).map((g) => ({
        key: g.project ?? '(no project)',
        costUsd: g.costUsd,
        apiRequests: g.apiRequests,
        tokens: g.tokens.total,
        sessions: g.sessions,
        unpricedSessions: g.unpricedSessions,
        flaggedSessions: g.flaggedSessions,
      }));
    case 'branch':
      // Whole sessions split at their commits (README: what a commit costs).
      return branches.map((b) => ({
        key: b.branch ?? '(no branch)',
        costUsd: b.costUsd,
        apiRequests: b.apiRequests,
        tokens: b.tokens.total,
        sessions: b.sessions,
        commits: b.commits,
        committedUsd: b.committedUsd,
        notCommittedUsd: b.notCommittedUsd,
        unpricedParts: b.unpricedParts,
      }));
    case 'machine':
      // Whole sessions, like project.
      return groupByMachine(sessionRows).map((g) => ({
        key: g.machine ?? '(this machine)',
        costUsd: g.costUsd,
        apiRequests: g.apiRequests,
        tokens: g.tokens.total,
        sessions: g.sessions,
        unpricedSessions: g.unpricedSessions,
      }));
    default: {
      const unreachable: never = by;
      return unreachable;
    }
  }
}
