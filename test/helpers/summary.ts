// A Summary built by hand, for unit tests of what draws one (the dashboard's layout, panels and
// tiles): every figure 0 or empty, so a test sets only the figures it is about.
import type { Summary, SummaryBucket } from '../../src/store/read/types.js';

const hourMs = 3_600_000;

export const emptySummary: Summary = {
  range: { since: '2026-11-25T00:00:00.000Z', until: null, bucketMs: hourMs },
  costUsd: 0,
  unpricedRequests: 0,
  tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 },
  sessions: 0,
  commits: 0,
  pullRequests: 0,
  activeTime: { userSeconds: 0, cliSeconds: 0 },
  lines: { added: 0, removed: 0 },
  toolCalls: { total: 0, byTool: [] },
  apiRequests: { total: 0, byModel: [] },
  decisions: { accept: 0, reject: 0 },
  byModel: [],
  costSplit: { main: 0, subagent: 0, auxiliary: 0 },
  cacheWrites: { fiveMinuteTokens: null, oneHourTokens: null },
  cacheHitRatio: null,
  burnRateUsdPerHour: 0,
  currentSession: null,
  buckets: [],
  bySkill: [],
  byMcp: [],
  byAgent: [],
  byPlugin: [],
};

/** Hour `i` of 2026-11-25 (UTC) with one model's work in it. */
export function bucket(i: number, costUsd: number, model = 'claude-opus-4-8'): SummaryBucket {
  return {
    startMs: Date.parse('2026-11-25T00:00:00Z') + i * hourMs,
    costUsd,
    costByModel: { [model]: costUsd },
    inputTokens: 1000 * i,
    outputTokens: 50 * i,
    cacheReadTokens: 0,
    cacheCreationTokens: 0,
    activeUserSeconds: 30,
    activeCliSeconds: 10,
    linesAdded: i,
    linesRemoved: 0,
    toolCalls: i,
    apiRequests: i,
    apiRequestsByModel: { [model]: i },
    accepts: i,
    rejects: 0,
  };
}

/** A day of one model's work: every panel of the reference dashboard has something. */
export const busySummary: Summary = {
  ...emptySummary,
  costUsd: 1.25,
  tokens: { input: 24_000, output: 1_200, cacheRead: 9_000, cacheCreation: 300, total: 25_200 },
  sessions: 3,
  activeTime: { userSeconds: 720, cliSeconds: 240 },
  lines: { added: 24, removed: 3 },
  toolCalls: {
    total: 24,
    byTool: [
      { name: 'Edit', count: 14 },
      { name: 'Bash', count: 10 },
    ],
  },
  apiRequests: { total: 24, byModel: [{ name: 'claude-opus-4-8', count: 24 }] },
  decisions: { accept: 20, reject: 4 },
  byModel: [
    {
      model: 'claude-opus-4-8',
      costUsd: 1.25,
      unpricedRequests: 0,
      apiRequests: 24,
      tokens: { input: 24_000, output: 1_200, cacheRead: 9_000, cacheCreation: 300, total: 25_200 },
    },
  ],
  buckets: Array.from({ length: 24 }, (_, i) => bucket(i, i / 100)),
};
