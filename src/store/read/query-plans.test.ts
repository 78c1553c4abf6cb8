// Each hot read query uses the index it was written for (house style: asserted, not assumed).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../open.js';
import { branchSessionsSql, tailSql } from './branches.js';
import { commitsInRangeSql, sessionLinesSql } from './commits.js';
import { upstreamsSql } from './forward-status.js';
import { transcriptStatesSql } from './integrity.js';
import { latestPlanUsageSql } from './plan-usage.js';
import { latestSampleSql, planSamplesSql } from './plan-samples.js';
import { firstTotalAfterSql, totalAtOrBeforeSql } from './fresh-spend.js';
import { projectCostsSql } from './projects.js';
import { timelineSql } from './session.js';
import { sessionSpansSql } from './spans.js';
import { untrackedSql } from './transcript-coverage.js';
import { matchingSessionsSql, sessionsInRangeSql } from './session-aggregates.js';
import { rolledUsageSql } from './summary-sources.js';
import { rawAttributionSql, rawCacheWritesSql, rolledAttributionSql, rolledCacheWritesSql } from './attribution.js';
import { rollupRowSql } from '../rollups.js';
import { deferredRollupSql } from '../rollups-deferred.js';
import { usageFactsSql } from './usage-facts.js';
import { pendingSql, syncEventsSql, syncPointsSql } from './sync-rows.js';

let dir: string;
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'plans-'));
  db = openDatabase(path.join(dir, 't.db'));
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const range = { since: 0, until: 1, origin: 0, bucket: 1, nullSessionMetrics: 1, nullSessionDecisions: 1 };

function plan(sql: string, params: unknown): string {
  return (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params as object) as { detail: string }[]).map((r) => r.detail).join('\n');
}

describe('query plans', () => {
  it.each([
    ['events of a session in order', timelineSql, 's1', /SEARCH events USING INDEX events_by_session \(session_id=\?\)/],
    ['spans of a session in order', sessionSpansSql, 's1', /SEARCH spans USING INDEX spans_by_session \(session_id=\?\)/],
    ['api_request events in a range', usageFactsSql, range, /SEARCH e USING INDEX events_by_name_time \(name=\? AND time_ms>\? AND time_ms<\?\)/],
    ['cost and token points in a range', usageFactsSql, range, /SEARCH p USING INDEX metric_points_by_time \(end_ms>\? AND end_ms<\?\)/],
    ['does a session have api_request events', usageFactsSql, range, /SEARCH x USING INDEX sqlite_autoindex_session_stats_1 \(session_id=\?\)/],
    ['sessions overlapping a range', sessionsInRangeSql, range, /SEARCH st USING INDEX session_stats_by_last \(last_ms>\?\)/],
    [
      'prompts containing the filter, through the trigram index',
      matchingSessionsSql,
      { needle: 'x', like: '%x%', wideLike: '%x%', since: 0, until: 1 },
      /SCAN prompt_search VIRTUAL TABLE INDEX 0:L0/,
    ],
    ['transcript requests of listed sessions', transcriptStatesSql, { ids: '["s1"]', cutoffMs: 0 }, /SEARCH t USING PRIMARY KEY \(session_id=\?\)/],
    [
      'is a transcript request in telemetry',
      transcriptStatesSql,
      { ids: '["s1"]', cutoffMs: 0 },
      /SEARCH e USING COVERING INDEX sqlite_autoindex_events_1 \(dedup_key=\?\)/,
    ],
    ['cost by project of the sessions in a range', projectCostsSql, range, /SEARCH st USING INDEX session_stats_by_last \(last_ms>\?\)/],
    ['is a transcript session in telemetry', untrackedSql, range, /SEARCH s USING COVERING INDEX sqlite_autoindex_session_stats_1 \(session_id=\?\)/],
    ["untracked sessions' transcript requests", untrackedSql, range, /SEARCH t USING PRIMARY KEY \(session_id=\?\)/],
    [
      "whole hours of the events' usage, without the session",
      rolledUsageSql,
      range,
      /SEARCH event_usage_hours USING PRIMARY KEY \(hour_ms>\? AND hour_ms<\?\)/,
    ],
    [
      'whole hours of usage of the sessions priced from metrics',
      rolledUsageSql,
      range,
      /SEARCH u USING INDEX usage_hours_by_session \(source=\? AND session_id=\? AND hour_ms>\? AND hour_ms<\?\)/,
    ],
    ['sessions of a short range priced from metrics', rolledUsageSql, range, /SEARCH x USING INDEX session_stats_by_last \(last_ms>\?\)/],
    ['forward queue depth, size and age per upstream', upstreamsSql, {}, /SEARCH r USING COVERING INDEX forward_requests_by_upstream \(upstream=\?\)/],
    ['forward drops per upstream', upstreamsSql, {}, /SEARCH d USING (COVERING )?INDEX forward_drops_by_upstream \(upstream=\?\)/],
    ['the latest plan use', latestPlanUsageSql, {}, /SCAN statusline_snapshots USING INDEX statusline_rate_limits_by_time/],
    [
      'plan samples in a range',
      planSamplesSql,
      { since: 0, until: 1 },
      /SEARCH statusline_snapshots USING INDEX statusline_rate_limits_by_time \(time_ms>\? AND time_ms<\?\)/,
    ],
    [
      "a session's status line total at a time",
      totalAtOrBeforeSql,
      ['s1', 1],
      /SEARCH statusline_snapshots USING PRIMARY KEY \(session_id=\? AND time_ms<\?\)/,
    ],
    [
      "a session's first status line total after a time",
      firstTotalAfterSql,
      ['s1', 1],
      /SEARCH statusline_snapshots USING PRIMARY KEY \(session_id=\? AND time_ms>\?\)/,
    ],
    [
      'the latest 5-hour sample',
      latestSampleSql('fiveHour'),
      { until: 1 },
      /SEARCH statusline_snapshots USING INDEX statusline_rate_limits_by_time \(time_ms<\?\)/,
    ],
    ['whole hours by skill, MCP server, agent, plugin', rolledAttributionSql, range, /SEARCH a USING PRIMARY KEY \(hour_ms>\? AND hour_ms<\?\)/],
    [
      'api_request events by what they were made for, in a range',
      rawAttributionSql,
      range,
      /SEARCH e USING INDEX events_by_name_time \(name=\? AND time_ms>\? AND time_ms<\?\)/,
    ],
    [
      'cost and token points by what they were made for, in a range',
      rawAttributionSql,
      range,
      /SEARCH p USING INDEX metric_points_by_time \(end_ms>\? AND end_ms<\?\)/,
    ],
    ['whole hours of cache writes by lifetime', rolledCacheWritesSql, range, /SEARCH cache_write_hours USING PRIMARY KEY \(hour_ms>\? AND hour_ms<\?\)/],
    [
      'cache writes by lifetime in a range',
      rawCacheWritesSql,
      range,
      /SEARCH events USING INDEX events_by_name_time \(name=\? AND time_ms>\? AND time_ms<\?\)/,
    ],
    ["a session's agents and notifications", sessionsInRangeSql, range, /SEARCH a USING PRIMARY KEY \(session_id=\?\)/],
    ['commits in a range', commitsInRangeSql, range, /SEARCH c USING INDEX commits_by_time \(time_ms>\? AND time_ms<\?\)/],
    [
      "a commit's interval starts at the previous commit of its session",
      commitsInRangeSql,
      range,
      /SEARCH p USING COVERING INDEX commits_by_session \(session_id=\? AND time_ms<\?\)/,
    ],
    [
      "the requests and prompts of a commit's interval",
      commitsInRangeSql,
      range,
      /SEARCH e USING INDEX events_by_name_time \(name=\? AND time_ms>\? AND time_ms<\?\)/,
    ],
    ["a session's lines of code points", sessionLinesSql, { sessionId: 's1' }, /SEARCH s USING INDEX metric_series_by_session \(session_id=\? AND name=\?\)/],
    ['cost by branch of the sessions in a range', branchSessionsSql, range, /SEARCH st USING INDEX session_stats_by_last \(last_ms>\?\)/],
    ['does a session have commits', branchSessionsSql, range, /SEARCH c USING COVERING INDEX commits_by_session \(session_id=\?\)/],
    [
      "a session's requests after its last commit",
      tailSql,
      { sessionId: 's1' },
      /SEARCH e USING INDEX events_by_name_time \(name=\? AND time_ms>\? AND time_ms<\?\)/,
    ],
    ['events not yet in a sync segment', syncEventsSql, [0, 5, 10], /SEARCH events USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
    ['points not yet in a sync segment', syncPointsSql, [0, 5, 10], /SEARCH p USING INTEGER PRIMARY KEY \(rowid>\? AND rowid<\?\)/],
    ['what waits for the next sync segment', pendingSql, { events: 0, points: 0, spans: 0 }, /^(?![\s\S]*SCAN (events|metric_points|spans))/],
  ])('%s', (_name, sql, params, expected) => {
    expect(plan(sql, params)).toMatch(expected);
  });

  it.each(rollupRowSql().map((sql) => [sql.slice(0, sql.indexOf('(')).trim(), sql]))('%s, kept row by row, reads only the new row', (_name, sql) => {
    const detail = plan(sql, { id: 1, sign: 1 });
    expect(detail).toMatch(/SEARCH (e|p|events) USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    expect(detail).not.toMatch(/SCAN (e|p|s|events|metric_points|metric_series)\b/);
  });

  const deferred = deferredRollupSql();
  it.each(
    [...deferred.events.map((sql) => [sql, { ids: '[1]' }] as const), ...deferred.points.map((sql) => [sql, { ids: '[1]', series: '[1]' }] as const)].map(
      ([sql, params]) => [sql.slice(sql.indexOf('INSERT'), sql.indexOf('(')).trim(), sql, params],
    ),
  )('%s, once per transaction, reads the raw rows by id only', (_name, sql, params) => {
    const detail = plan(sql, params);
    expect(detail).toMatch(/SEARCH main\.(events|metric_points) USING INTEGER PRIMARY KEY \(rowid=\?\)/);
    // The raw tables only by id; what is scanned is the transaction's own rows.
    expect(detail.split('\n').filter((line) => /main\./.test(line) && !/^SEARCH main\.\w+ USING INTEGER PRIMARY KEY \(rowid=\?\)$/.test(line))).toEqual([]);
    expect(detail).not.toMatch(/INDEX (events_|metric_series_|metric_points_|sqlite_autoindex_(events|metric))/);
  });
});
