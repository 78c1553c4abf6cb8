import type { SessionRow } from '../../store/read/types.js';
import { toCsv } from './csv.js';

const header = ['sessionId', 'startTime', 'endTime', 'user', 'model', 'prompts', 'agents', 'durationMs', 'costUsd', 'toolCalls', 'apiRequests', 'errors', 'linesAdded', 'linesRemoved', 'inputTokens', 'outputTokens', 'cacheReadTokens', 'cacheCreationTokens', 'totalTokens', 'project', 'projectPath', 'gitBranch', 'integrity', 'missingRequests'];

export function sessionsCsv(rows: readonly SessionRow[]): string {
  return toCsv(header, rows.map((r) => [r.sessionId, r.startTime, r.endTime, r.user, r.model, r.prompts, r.agents, r.durationMs, r.costUsd, r.toolCalls, r.apiRequests, r.errors, r.linesAdded, r.linesRemoved, r.tokens.input, r.tokens.output, r.tokens.cacheRead, r.tokens.cacheCreation, r.tokens.total, r.project, r.projectPath, r.gitBranch, r.integrity.status, r.integrity.missingRequests]));
}
