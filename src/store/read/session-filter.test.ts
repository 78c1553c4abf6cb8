// The sessions filter, matched part by part (migration 007), finds exactly the sessions the earlier
// one-query form found, on a generated store with every kind of match and the awkward needles.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../stress/lib/prng.mjs';
import { openDatabase, type Db } from '../open.js';
import { createRollupWriter } from '../rollups.js';
import { sessions } from './sessions.js';

const hourMs = 3_600_000;
const originMs = Date.parse('2026-11-01T00:00:00Z');

/** The filter before migration 007: every session tested in one pass, prompts through their events. */
const earlierMatchSql = `
  SELECT st.session_id FROM session_stats st
  WHERE st.last_ms >= @since AND +st.first_ms < @until
    AND (instr(lower(st.session_id), @needle) > 0
      OR instr(lower(coalesce(st.user_email, st.user_id, st.m_user_id, '')), @needle) > 0
      OR instr(lower(coalesce(
        (SELECT l.project FROM session_labels l WHERE l.session_id = st.session_id),
        (SELECT t.project_name FROM transcript_sessions t WHERE t.session_id = st.session_id), '')), @needle) > 0
      OR EXISTS (SELECT 1 FROM session_models m WHERE m.session_id = st.session_id AND instr(lower(m.model), @needle) > 0))
  UNION
  SELECT e.session_id FROM events e
  WHERE e.id IN (SELECT rowid FROM prompt_search WHERE prompt LIKE @like ESCAPE '\\')
    AND e.time_ms >= @since AND e.time_ms < @until AND e.session_id IS NOT NULL`;

const words = [
  'Memory leak',
  'memory LEAK in cache',
  'fix the 50% case',
  'rename a_b to ab',
  'path C:\\tmp',
  'Écrire le café',
  'écrire',
  'opus vs sonnet',
  'list files',
  'GREP TODO',
];
const models = ['claude-opus-4-1', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'Custom_Model%'];
const projects = ['alpha', 'Beta_Repo', 'gamma%', 'café'];

let dir: string;
let db: Db;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'filter-'));
  db = openDatabase(path.join(dir, 't.db'));
  const random = mulberry32(7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const writer = createRollupWriter(db);
  const insert = db.prepare(`INSERT INTO events (dedup_key, session_id, name, time_ms, user_email, model, cost_usd, raw_json, received_ms)
    VALUES (@key, @sessionId, @name, @timeMs, @userEmail, @model, @costUsd, @rawJson, 0)`);
  const label = db.prepare('INSERT INTO session_labels (session_id, project) VALUES (?, ?)');
  const transcript = db.prepare('INSERT INTO transcript_sessions (session_id, project_name) VALUES (?, ?)');
  db.transaction(() => {
    for (let s = 0; s < 300; s++) {
      const sessionId = `${s % 7 === 0 ? 'ABC' : 'def'}-${s.toString(16).padStart(4, '0')}`;
      const startMs = originMs + Math.floor(random() * 20 * 24) * hourMs;
      const userEmail = random() < 0.8 ? `${pick(['Ann', 'bob', 'Zoë'])}@example.com` : null;
      for (let i = 0; i < 6; i++) {
        const timeMs = startMs + i * 10 * 60_000;
        const isPrompt = i % 2 === 0;
        const prompt = random() < 0.1 ? '<REDACTED>' : pick(words);
        const raw = isPrompt ? { attributes: { prompt } } : { attributes: {} };
        const row = {
          key: `${sessionId}:${i}`,
          sessionId,
          name: isPrompt ? 'user_prompt' : 'api_request',
          timeMs,
          userEmail,
          model: isPrompt ? null : pick(models),
          costUsd: isPrompt ? null : 0.01,
          rawJson: JSON.stringify(raw),
        };
        writer.addEvent(insert.run(row).lastInsertRowid);
      }
      if (random() < 0.3) label.run(sessionId, pick(projects));
      if (random() < 0.5) transcript.run(sessionId, pick(projects));
    }
    // A prompt with no session matches nothing.
    writer.addEvent(
      insert.run({
        key: 'orphan',
        sessionId: null,
        name: 'user_prompt',
        timeMs: originMs,
        userEmail: null,
        model: null,
        costUsd: null,
        rawJson: JSON.stringify({ attributes: { prompt: 'memory leak' } }),
      }).lastInsertRowid,
    );
  })();
});
afterAll(() => {
  db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function earlier(needle: string, since: number, until: number): string[] {
  const like = `%${needle.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  return (db.prepare(earlierMatchSql).pluck().all({ needle, like, since, until }) as string[]).sort();
}

const needles = [
  'memory leak',
  'MEMORY',
  'leak',
  'opus',
  'custom_model%',
  '50%',
  '%',
  '_',
  'a_b',
  'c:\\tmp',
  '\\',
  'é',
  'É',
  'écrire',
  'café',
  'beta_repo',
  'gamma%',
  'alpha',
  'abc-',
  'def-00',
  'zoë',
  'ann@',
  'redacted',
  'xyz',
  'le',
];
// A range that cuts sessions (and their prompts) in two, and all time.
const ranges = [
  [originMs + 5 * 24 * hourMs + 25 * 60_000, originMs + 9 * 24 * hourMs],
  [0, 8_640_000_000_000_000],
] as const;

describe('sessions filter', () => {
  it.each(ranges.flatMap(([since, until]) => needles.map((needle) => [needle, since, until] as const)))(
    '%s in [%d, %d) matches the sessions it matched before',
    (needle, since, until) => {
      const found = sessions(db, { sinceMs: since, untilMs: until, filter: needle })
        .map((r) => r.sessionId)
        .sort();
      expect(found).toEqual(earlier(needle.trim().toLowerCase(), since, until));
    },
  );

  it('finds some sessions by each kind of match', () => {
    const [since, until] = ranges[0];
    expect(['memory leak', 'opus', 'gamma%', 'abc-', 'zoë'].map((n) => earlier(n, since, until).length > 0)).toEqual([true, true, true, true, true]);
  });
});
