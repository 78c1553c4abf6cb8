// Claude Code sends numbers and booleans as strings in some events and versions, and renamed a few
// attributes over time. Every read of an attribute goes through these coercions: at ingest (from the
// decoded OTLP record) and at read time (from the stored raw JSON), so both read a value the same way.

/** Attributes as decoded, or as parsed back from stored JSON: values are not trusted to have a type. */
export type AttributeBag = Readonly<Record<string, unknown>>;

/** One attribute, read from the first of its names that is present, coerced to one type. */
export type Reader<T> = (attributes: AttributeBag) => T | null;

function firstDefined(attributes: AttributeBag, keys: readonly string[]): unknown {
  for (const key of keys) {
    // Own properties only: an attribute called `constructor` must not find Object.prototype's.
    if (!Object.hasOwn(attributes, key)) continue;
    const v = attributes[key];
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

export function text(attributes: AttributeBag, ...keys: string[]): string | null {
  const v = firstDefined(attributes, keys);
  if (v === undefined) return null;
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? null;
}

/** A finite number from a number or a numeric string; null otherwise. */
export function numeric(attributes: AttributeBag, ...keys: string[]): number | null {
  const v = firstDefined(attributes, keys);
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/** A whole number (token counts, sequence numbers); fractional or non-numeric input gives null. */
export function integer(attributes: AttributeBag, ...keys: string[]): number | null {
  const n = numeric(attributes, ...keys);
  return n !== null && Number.isSafeInteger(n) ? n : null;
}

export function flag(attributes: AttributeBag, ...keys: string[]): boolean | null {
  const v = firstDefined(attributes, keys);
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
  }
  return null;
}

/** Claude Code's placeholder for a prompt or response it was told not to export. */
const redactedMarker = '<REDACTED>';

// The same coercions as readers, for the vocabulary's tables: each names its attribute once.
export const textOf =
  (...keys: string[]): Reader<string> =>
  (a) =>
    text(a, ...keys);
export const numberOf =
  (...keys: string[]): Reader<number> =>
  (a) =>
    numeric(a, ...keys);
export const integerOf =
  (...keys: string[]): Reader<number> =>
  (a) =>
    integer(a, ...keys);
export const flagOf =
  (...keys: string[]): Reader<boolean> =>
  (a) =>
    flag(a, ...keys);

/** A list of strings (an array attribute, or one value as a list of one); null when not sent. */
export const textListOf =
  (...keys: string[]): Reader<string[]> =>
  (a) => {
    const v = firstDefined(a, keys);
    if (v === undefined) return null;
    const items = Array.isArray(v) ? v : [v];
    return items.flatMap((item) => (typeof item === 'string' ? [item] : typeof item === 'number' || typeof item === 'boolean' ? [String(item)] : []));
  };

/** Text that Claude Code may have replaced by its redaction marker: null when redacted or not sent. */
export const unredactedTextOf =
  (...keys: string[]): Reader<string> =>
  (a) => {
    const value = text(a, ...keys);
    return value === redactedMarker ? null : value;
  };

/** US dollars from `usdKey`, else from `microsKey` (millionths of a dollar), else unknown. */
export const usdOf =
  (usdKey: string, microsKey: string): Reader<number> =>
  (a) => {
    const usd = numeric(a, usdKey);
    if (usd !== null) return usd;
    const micros = numeric(a, microsKey);
    return micros === null ? null : micros / 1_000_000;
  };
