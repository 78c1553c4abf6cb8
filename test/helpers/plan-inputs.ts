// Status line inputs in the documented rate_limits shape, run through the real `statusline` command
// at injected times, and a real 2.1.332 turn's telemetry moved to chosen times, through the receiver.
import fs from 'node:fs';
import path from 'node:path';
import { statuslineCommand } from '../../src/cli/commands/statusline.js';
import { captureFiles, deliver, rebased } from './rebased-capture.js';
import type { TempReceiver } from './temp-store.js';

const fixtures = path.join(import.meta.dirname, '..', 'fixtures', 'statusline');
const template = JSON.parse(fs.readFileSync(path.join(fixtures, 'subscription-login.jsonl'), 'utf8').split('\n')[0] ?? '') as Record<string, unknown>;
const turn = captureFiles(path.join(fixtures, 'v2.1.332-interactive-statusline'));
/** The turn's first request was sent just after this; its api_request events cost $0.02648 in all. */
const turnStartMs = Date.parse('2026-11-30T00:17:23Z');

export interface RateWindowInput {
  pct: number;
  resetsAtMs: number;
}

export interface PlanFeed {
  /** One status line refresh at nowMs; what it printed. lines_added moves so that each is stored. */
  refresh(nowMs: number, five: RateWindowInput | null, seven?: RateWindowInput | null): Promise<string>;
  /** The real turn's telemetry (another session each time), its first request just after startMs. */
  turnAt(startMs: number): Promise<void>;
}

export function planFeed(store: TempReceiver): PlanFeed {
  let refreshes = 0;
  let turns = 0;
  return {
    async refresh(nowMs, five, seven = null) {
      refreshes += 1;
      const limits = {
        ...(five === null ? {} : { five_hour: { used_percentage: five.pct, resets_at: five.resetsAtMs / 1000 } }),
        ...(seven === null ? {} : { seven_day: { used_percentage: seven.pct, resets_at: seven.resetsAtMs / 1000 } }),
      };
      const input = {
        ...template,
        cost: { total_cost_usd: 0, total_duration_ms: 1000, total_lines_added: refreshes, total_lines_removed: 0 },
        rate_limits: limits,
      };
      let stdout = '';
      let stderr = '';
      await statuslineCommand(
        { db: store.dbPath },
        { stdin: JSON.stringify(input), nowMs, env: { NO_COLOR: '1', XDG_CONFIG_HOME: store.dir }, stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) },
      );
      if (stderr !== '') throw new Error(`statusline said: ${stderr}`);
      return stdout;
    },
    async turnAt(startMs) {
      turns += 1;
      await deliver(store.receiver.url, rebased(turn, startMs - turnStartMs, `0b000000-0000-4000-8000-${String(turns).padStart(12, '0')}`));
    },
  };
}
