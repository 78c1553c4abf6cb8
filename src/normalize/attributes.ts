// Claude Code sends numbers and booleans as strings in some events and versions, and renamed a few
// attributes over time. Every read of an attribute goes through these coercions.
import type { AttributeValue, Attributes } from '../otlp/types.js';

export function firstDefined(attributes: Attributes, ...keys: string[]): AttributeValue | undefined {
  for (const key of keys) {
    const v = attributes[key];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

export function text(attributes: Attributes, ...keys: string[]): string | null {
  const v = firstDefined(attributes, ...keys);
  if (v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

/** A finite number from a number or a numeric string; null otherwise. */
export function numeric(attributes: Attributes, ...keys: string[]): number | null {
  const v = firstDefined(attributes, ...keys);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A whole number (token counts, sequence numbers); fractional or non-numeric input gives null. */
export function integer(attributes: Attributes, ...keys: string[]): number | null {
  const n = numeric(attributes, ...keys);
  return n !== null && Number.isSafeInteger(n) ? n : null;
}

export function flag(attributes: Attributes, ...keys: string[]): boolean | null {
  const v = firstDefined(attributes, ...keys);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return null;
}

/** The metric model carries context-window suffixes (`claude-opus-4-8[1m]`) that events do not. */
export function baseModel(model: string | null): string | null {
  if (model === null) return null;
  return model.replace(/\[[^\]]*\]$/, '');
}

/**
 * A project the user named in their own resource attributes (OTEL_RESOURCE_ATTRIBUTES=project=x):
 * when set, it wins over the project found from the session's transcript.
 */
export function projectLabel(recordAttributes: Attributes, resourceAttributes: Attributes): string | null {
  return text(resourceAttributes, 'project', 'project.name') ?? text(recordAttributes, 'project', 'project.name');
}
