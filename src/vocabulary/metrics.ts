// Claude Code's metrics, by the names it exports them under, and the values of the `type` attribute
// that splits some of them. SQL in store/ interpolates these (they are our constants, never input).

export const metricName = {
  sessionCount: 'claude_code.session.count',
  costUsd: 'claude_code.cost.usage',
  tokens: 'claude_code.token.usage',
  activeTimeSeconds: 'claude_code.active_time.total',
  linesOfCode: 'claude_code.lines_of_code.count',
  commits: 'claude_code.commit.count',
  pullRequests: 'claude_code.pull_request.count',
  codeEditToolDecision: 'claude_code.code_edit_tool.decision',
} as const;

/** `type` of claude_code.token.usage. */
export const tokenType = { input: 'input', output: 'output', cacheRead: 'cacheRead', cacheCreation: 'cacheCreation' } as const;

/** `type` of claude_code.lines_of_code.count. */
export const linesType = { added: 'added', removed: 'removed' } as const;

/** `type` of claude_code.active_time.total: the person's time at the keyboard, or Claude Code's. */
export const activeTimeType = { user: 'user', cli: 'cli' } as const;
