// The real Claude Code 2.1.197 request bodies in test/fixtures/captures, with their headers; and, apart
// so the tests that iterate every 2.1.197 case do not meet them, 2.1.332's in captures-2.1.332 (all
// but the interactive one with traces: CLAUDE_CODE_ENHANCED_TELEMETRY_BETA=1, OTEL_TRACES_EXPORTER=otlp).
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const capturesDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'captures');
export const captures2_1_332Dir = path.join(capturesDir, '..', 'captures-2.1.332');

export interface CapturedRequest {
  case: string;
  file: string;
  path: string;
  signal: 'logs' | 'metrics' | 'traces';
  headers: Record<string, string>;
  body: Buffer;
}

/** The 2.1.197 captures have no traces; code written for logs and metrics only takes these. */
export function isLogsOrMetrics(request: CapturedRequest): request is CapturedRequest & { signal: 'logs' | 'metrics' } {
  return request.signal !== 'traces';
}

export interface ApiUsage {
  n: number;
  model: string;
  status: number;
  kind: 'main' | 'aux' | 'subagent';
  usage?: { input_tokens: number; output_tokens: number; cache_read_input_tokens: number; cache_creation_input_tokens: number };
}

export const captureCases = fs.readdirSync(capturesDir).sort();
export const captureCases2_1_332 = fs.readdirSync(captures2_1_332Dir).sort();

export function capturedRequests(caseName: string, root = capturesDir): CapturedRequest[] {
  const dir = path.join(root, caseName);
  return fs
    .readdirSync(dir)
    .filter((f) => /^\d{3}-(logs|metrics|traces)\.(pb|json)(\.gz)?$/.test(f))
    .sort()
    .map((file) => {
      const meta = JSON.parse(fs.readFileSync(path.join(dir, file.replace(/\.(pb|json)(\.gz)?$/, '.meta.json')), 'utf8')) as {
        path: string;
        headers: Record<string, string>;
      };
      const headers: Record<string, string> = { 'content-type': meta.headers['content-type'] ?? '' };
      if (meta.headers['content-encoding']) headers['content-encoding'] = meta.headers['content-encoding'];
      return {
        case: caseName,
        file,
        path: meta.path,
        signal: file.includes('-logs.') ? 'logs' : file.includes('-traces.') ? 'traces' : 'metrics',
        headers,
        body: fs.readFileSync(path.join(dir, file)),
      } satisfies CapturedRequest;
    });
}

export function apiUsage(caseName: string, root = capturesDir): ApiUsage[] {
  return fs
    .readFileSync(path.join(root, caseName, 'api-usage.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ApiUsage);
}

/** What the scripted API told Claude Code, summed: the ground truth for stored tokens. */
export function usageTotals(records: readonly ApiUsage[]): { input: number; output: number; cacheRead: number; cacheCreation: number } {
  const t = { input: 0, output: 0, cacheRead: 0, cacheCreation: 0 };
  for (const r of records) {
    if (r.usage === undefined) continue;
    t.input += r.usage.input_tokens;
    t.output += r.usage.output_tokens;
    t.cacheRead += r.usage.cache_read_input_tokens;
    t.cacheCreation += r.usage.cache_creation_input_tokens;
  }
  return t;
}
