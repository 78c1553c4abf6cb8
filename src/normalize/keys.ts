// Natural keys make every write idempotent: an exporter that retries a request changes nothing.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted, so equal content always hashes equally. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

export function contentHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}

export interface EventKeyParts {
  name: string;
  sessionId: string | null;
  sequence: number | null;
  requestId: string | null;
}

/**
 * api_request: session + the API's request id (unique per call; the session guards against an id
 * reused by a proxy or a test double). Other events: session + sequence + name, since event.sequence
 * increases per session. Without either, the record's full content.
 */
export function eventKey(parts: EventKeyParts, content: unknown): string {
  if (parts.name === 'api_request' && parts.requestId !== null) return `api_request:${parts.sessionId ?? ''}:${parts.requestId}`;
  if (parts.sessionId !== null && parts.sequence !== null) return `seq:${parts.sessionId}:${parts.sequence}:${parts.name}`;
  return `hash:${contentHash(content)}`;
}
