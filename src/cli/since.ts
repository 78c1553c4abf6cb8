import { UserError } from '../errors.js';

const units: Record<string, number> = { m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `15m`, `24h`, `7d`, `2w`, `all`, or an ISO 8601 date/time; returns Unix ms, undefined for all. */
export function parseSince(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined || value === 'all') return undefined;
  const relative = /^(\d+)([mhdw])$/.exec(value.trim());
  if (relative) return nowMs - Number(relative[1]) * units[relative[2]!]!;
  const parsed = Date.parse(value);
  if (Number.isFinite(parsed)) return parsed;
  throw new UserError(`--since "${value}" is not a duration or a date`, 'use 15m, 1h, 24h, 7d, 30d, all, or an ISO date like 2026-11-01', 2);
}
