// Anthropic's published list prices, USD per million tokens, for the one figure telemetry cannot give:
// an estimate of what requests cost that reached the transcript but never reached telemetry. Never
// used for a total; a model not listed here gives no estimate rather than a guess.

interface Prices {
  input: number;
  output: number;
  cacheRead: number;
  /** 5-minute cache writes (Claude Code's default). */
  cacheWrite: number;
}

// Most specific first: the first prefix that matches wins.
const table: ReadonlyArray<readonly [RegExp, Prices]> = [
  [/^claude-opus-4-(?:0|1)(?:\b|-)|^claude-opus-4(?:-\d{8})?$/, { input: 15, output: 75, cacheRead: 1.5, cacheWrite: 18.75 }],
  [/^claude-opus-4-\d/, { input: 5, output: 25, cacheRead: 0.5, cacheWrite: 6.25 }],
  [/^claude-sonnet-4|^claude-3-7-sonnet/, { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75 }],
  [/^claude-haiku-4/, { input: 1, output: 5, cacheRead: 0.1, cacheWrite: 1.25 }],
  [/^claude-3-5-haiku/, { input: 0.8, output: 4, cacheRead: 0.08, cacheWrite: 1 }],
];

export interface TokenUse {
  input: number;
  output: number;
  cacheRead: number;
  cacheCreation: number;
}

/** null when the model is unknown to the table. */
export function listPriceUsd(model: string | null, tokens: TokenUse): number | null {
  if (model === null) return null;
  const prices = table.find(([pattern]) => pattern.test(model))?.[1];
  if (prices === undefined) return null;
  return (
    (tokens.input * prices.input + tokens.output * prices.output + tokens.cacheRead * prices.cacheRead + tokens.cacheCreation * prices.cacheWrite) / 1_000_000
  );
}

/** Usage read from transcripts, summed per model as it is added, with its list-price estimate. */
export interface EstimatedUsage {
  tokens: TokenUse & { total: number };
  /** null once any added model has no list price: a partial estimate would read as a whole one. */
  estimatedCostUsd: number | null;
}

export function emptyEstimate(): EstimatedUsage {
  return { tokens: { input: 0, output: 0, cacheRead: 0, cacheCreation: 0, total: 0 }, estimatedCostUsd: 0 };
}

export function addToEstimate(usage: EstimatedUsage, model: string | null, tokens: TokenUse): void {
  const t = usage.tokens;
  t.input += tokens.input;
  t.output += tokens.output;
  t.cacheRead += tokens.cacheRead;
  t.cacheCreation += tokens.cacheCreation;
  t.total = t.input + t.output;
  const priced = listPriceUsd(model, tokens);
  usage.estimatedCostUsd = usage.estimatedCostUsd === null || priced === null ? null : usage.estimatedCostUsd + priced;
}
