// `tool_parameters` of tool_decision and tool_result: a JSON object sent as a string (an OTLP map
// is read the same way). Bash: bash_command, full_command, description; after a `git commit` that
// Claude Code ran (2.1.332, with OTEL_LOG_TOOL_DETAILS=1) also git_commit_id and git_branch.
// migrations/012-commits.ts repeats the commit rule below in SQL for the events already stored:
// a change here is a change there (test/commits.test.ts compares the two on the real capture).
import type { AttributeBag, Reader } from './attribute-values.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

// Several readers look into one event's parameters (the typed event, the commit): parsed once per bag.
const parsedOf = new WeakMap<AttributeBag, AttributeBag>();

/** The parameters as an attribute bag; empty when absent, not JSON, or not an object. */
export function toolParameters(attributes: AttributeBag): AttributeBag {
  const known = parsedOf.get(attributes);
  if (known !== undefined) return known;
  const value = Object.hasOwn(attributes, 'tool_parameters') ? attributes['tool_parameters'] : undefined;
  let parameters: AttributeBag = {};
  if (isObject(value)) parameters = value;
  else if (typeof value === 'string') {
    try {
      const parsed: unknown = JSON.parse(value);
      if (isObject(parsed)) parameters = parsed;
    } catch {
      // Not JSON: no parameters we can read.
    }
  }
  parsedOf.set(attributes, parameters);
  return parameters;
}

/** A string parameter, as sent; null when absent, empty or not a string. */
const stringParameter =
  (key: string): Reader<string> =>
  (attributes) => {
    const value = toolParameters(attributes)[key];
    return typeof value === 'string' && value !== '' ? value : null;
  };

/** A full or abbreviated git object name, lower-cased: 7 to 64 hex digits (SHA-1 or SHA-256). */
const commitIdPattern = /^[0-9a-f]{7,64}$/;

/** The commit a `git commit` made: its id when it is one (anything else is not a commit we can name). */
export const gitCommitId: Reader<string> = (attributes) => {
  const value = toolParameters(attributes)['git_commit_id'];
  if (typeof value !== 'string') return null;
  const id = value.toLowerCase();
  return commitIdPattern.test(id) ? id : null;
};

/** The branch it was made on, as git named it (telemetry text: sanitise before showing). */
export const gitBranch: Reader<string> = stringParameter('git_branch');

/** The command line Bash ran (telemetry text). */
export const fullCommand: Reader<string> = stringParameter('full_command');

export interface CommitRef {
  commitId: string;
  branch: string | null;
  /** The `git commit …` command line, where the message is. */
  command: string | null;
}

/** The commit a tool_result reports, or null (any other event, a failed commit, no tool details). */
export function commitOf(eventName: string, attributes: AttributeBag): CommitRef | null {
  if (eventName !== 'tool_result') return null;
  const commitId = gitCommitId(attributes);
  return commitId === null ? null : { commitId, branch: gitBranch(attributes), command: fullCommand(attributes) };
}

/**
 * The first line of the message in a `git commit -m …` command: Claude Code writes it as a quoted
 * argument or a here-document (`-m "$(cat <<'EOF' … EOF)"`). null when the command says it another way.
 */
export function commitMessage(command: string | null): string | null {
  if (command === null) return null;
  const heredoc = /<<-?\s*['"]?(\w+)['"]?\n([\s\S]*?)\n\s*\1\b/.exec(command);
  const quoted = /(?:^|\s)(?:-m|--message)(?:\s+|=)(?:"((?:[^"\\]|\\.)*)"|'([^']*)')/.exec(command);
  const body = heredoc?.[2] ?? quoted?.[1]?.replace(/\\(.)/g, '$1') ?? quoted?.[2] ?? null;
  const first =
    body
      ?.split('\n')
      .find((line) => line.trim() !== '')
      ?.trim() ?? null;
  return first === null || first === '' ? null : first;
}
