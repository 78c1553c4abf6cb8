// An asynchronous subagent (Claude Code 2.1.332) reports back to the main thread as a user_prompt
// whose text is a <task-notification> block: the agent's id, its status, a summary and its result.
// Nobody typed it, so it is read as the agent's result, not as a person's prompt.
import { text, type AttributeBag, type Reader } from './attribute-values.js';

export interface AgentResult {
  /** The agent's id (`<task-id>`), as on its requests' `agent_id`. */
  agentId: string | null;
  /** `completed`, `failed`, … as Claude Code says it. */
  status: string | null;
  summary: string | null;
  result: string | null;
}

const opening = '<task-notification>';

/** The text between <tag> and </tag> (the first one), trimmed; null when absent. */
function element(body: string, tag: string): string | null {
  const start = body.indexOf(`<${tag}>`);
  if (start === -1) return null;
  const from = start + tag.length + 2;
  const end = body.indexOf(`</${tag}>`, from);
  const value = (end === -1 ? body.slice(from) : body.slice(from, end)).trim();
  return value === '' ? null : value;
}

/** Whether a prompt's text is an agent's notification rather than something a person typed. */
export function isTaskNotification(prompt: string): boolean {
  return prompt.trimStart().startsWith(opening);
}

export function parseTaskNotification(prompt: string): AgentResult | null {
  if (!isTaskNotification(prompt)) return null;
  return { agentId: element(prompt, 'task-id'), status: element(prompt, 'status'), summary: element(prompt, 'summary'), result: element(prompt, 'result') };
}

/** The agent's result read from the first of `keys` that holds prompt text; null for a typed (or redacted) prompt. */
export const agentResultOf =
  (...keys: string[]): Reader<AgentResult> =>
  (attributes: AttributeBag) => {
    for (const key of keys) {
      const value = text(attributes, key);
      const parsed = value === null ? null : parseTaskNotification(value);
      if (parsed !== null) return parsed;
    }
    return null;
  };

const startsWithOpening = (json: string, key: string) => `ltrim(json_extract(${json}, '$.attributes.${key}'), ' ' || char(9, 10, 13)) LIKE '${opening}%'`;

/**
 * SQL: the notification text of a user_prompt event's stored record (raw_json) when it is an
 * agent's notification, as agentResultOf reads it; NULL otherwise. Our constant, for store/.
 */
export const taskNotificationTextSql = (rawJsonColumn: string): string => `CASE
    WHEN ${startsWithOpening(rawJsonColumn, 'prompt')} THEN json_extract(${rawJsonColumn}, '$.attributes.prompt')
    WHEN ${startsWithOpening(rawJsonColumn, 'prompt_text')} THEN json_extract(${rawJsonColumn}, '$.attributes.prompt_text')
  END`;

/** SQL: the `<task-id>` of a notification text column (trimmed), '' when it names none. */
export const taskIdSql = (textColumn: string): string =>
  `CASE WHEN instr(${textColumn}, '<task-id>') > 0 AND instr(${textColumn}, '</task-id>') > instr(${textColumn}, '<task-id>')
    THEN trim(substr(${textColumn}, instr(${textColumn}, '<task-id>') + 9, instr(${textColumn}, '</task-id>') - instr(${textColumn}, '<task-id>') - 9)) ELSE '' END`;
