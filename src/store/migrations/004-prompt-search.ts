import type { Migration } from '../migrate.js';
import { rebuildPromptSearch } from '../rollups.js';

/**
 * A trigram index of prompt text (rowid = the user_prompt event's id), so the sessions filter finds
 * a substring among a million events without reading every prompt. Redacted prompts are not indexed.
 */
export const promptSearch: Migration = {
  version: 4,
  name: 'prompt-search',
  up(db) {
    db.exec(`CREATE VIRTUAL TABLE prompt_search USING fts5(prompt, tokenize = 'trigram')`);
    rebuildPromptSearch(db);
  },
};
