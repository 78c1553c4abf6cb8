// What no local tool can count, said wherever totals are explained (the README's "How the numbers
// are kept exact" has the details). Seen in the lab with Claude Code 2.1.332: an interactive
// session in "auto mode" asks a classifier model before a tool runs; those requests are billed,
// yet no api_request event, cost metric, transcript line or status-line cost reports them.

/** For `summary`'s plain output, below the totals. */
export const unseenSpendNote =
  "not in any total: interactive auto mode's classifier requests before a tool runs (Claude Code 2.1.332) are billed but reported nowhere";

/** For the `?` overlay: one line that fits 80 columns. */
export const unseenSpendShortNote = "Not in totals: auto mode's classifier requests (billed, never reported)";
