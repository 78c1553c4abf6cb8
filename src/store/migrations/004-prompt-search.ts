import type { Migration } from '../migrate.js';

/**
 * A trigram index of prompt text (rowid = the user_prompt event's id), so the sessions filter finds
 * a substring among a million events without reading every prompt. Redacted prompts are not indexed.
 * Migration 008 recreates it with more columns; this is the shape and fill of version 4, frozen.
 */
export const promptSearch: Migration = {
  version: 4,
  name: 'prompt-search',
  up(db) {
    db.exec(`CREATE VIRTUAL TABLE prompt_search USING fts5(prompt, tokenize = 'trigram')`);
    db.exec(promptSearchFillSql);
  },
};

/** The index of the prompts stored so far, as version 4 filled it (exported for the upgrade tests). */
export const promptSearchFillSql = `
  INSERT INTO prompt_search (rowid, prompt)
  SELECT id, json_extract(raw_json, '$.attributes.prompt') FROM events
  WHERE name = 'user_prompt' AND json_extract(raw_json, '$.attributes.prompt') IS NOT NULL
    AND json_extract(raw_json, '$.attributes.prompt') <> '<REDACTED>'`;
