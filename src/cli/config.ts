// Budgets from $XDG_CONFIG_HOME/claude-otel-tui/config.json (~/.config fallback), then the flags,
// which win. The file is optional; a wrong value in it is an error that names the file and field.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { UserError } from '../errors.js';
import type { Budgets } from '../present/budget.js';

export function configPath(env: NodeJS.ProcessEnv = process.env): string {
  const home = env['XDG_CONFIG_HOME'] && path.isAbsolute(env['XDG_CONFIG_HOME']) ? env['XDG_CONFIG_HOME'] : path.join(os.homedir(), '.config');
  return path.join(home, 'claude-otel-tui', 'config.json');
}

const fields = { budgetDailyUsd: 'dailyUsd', budgetSessionUsd: 'sessionUsd' } as const;

export function readConfigBudgets(file: string): Budgets {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new UserError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`, 'fix its permissions or remove it');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UserError(
      `${file} is not valid JSON (${error instanceof Error ? error.message : String(error)})`,
      'fix it, e.g. {"budgetDailyUsd": 10, "budgetSessionUsd": 2}',
    );
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new UserError(`${file} does not hold a JSON object`, 'e.g. {"budgetDailyUsd": 10, "budgetSessionUsd": 2}');
  const budgets: Budgets = {};
  for (const [field, key] of Object.entries(fields)) {
    const v = (value as Record<string, unknown>)[field];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) {
      throw new UserError(`${file}: "${field}" is ${JSON.stringify(v)}, not a positive number of USD`, `e.g. "${field}": 10`);
    }
    budgets[key] = v;
  }
  return budgets;
}

export interface BudgetFlags {
  budgetDaily?: string;
  budgetSession?: string;
}

export function parseBudgetFlag(flag: string, value: string): number {
  const usd = Number(value.replace(/^\$/, ''));
  if (value.trim() === '' || !Number.isFinite(usd) || usd <= 0) throw new UserError(`${flag} "${value}" is not a positive number of USD`, `e.g. ${flag} 10`, 2);
  return usd;
}

/** The config file's budgets, overridden by the flags given. */
export function resolveBudgets(flags: BudgetFlags, env: NodeJS.ProcessEnv = process.env): Budgets {
  const budgets = readConfigBudgets(configPath(env));
  if (flags.budgetDaily !== undefined) budgets.dailyUsd = parseBudgetFlag('--budget-daily', flags.budgetDaily);
  if (flags.budgetSession !== undefined) budgets.sessionUsd = parseBudgetFlag('--budget-session', flags.budgetSession);
  return budgets;
}
