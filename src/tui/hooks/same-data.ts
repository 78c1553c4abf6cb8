/**
 * Whether two read results hold the same data: plain objects and arrays by their contents, Maps and
 * Sets by their entries, Dates by their time, anything else by identity (NaN equals NaN). A re-read
 * that finds what was there keeps the old object, so nothing downstream renders again.
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((x, i) => sameData(x, other[i]));
  }
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof Map) {
    const other = b as Map<unknown, unknown>;
    if (a.size !== other.size) return false;
    for (const [k, v] of a) if (!other.has(k) || !sameData(v, other.get(k))) return false;
    return true;
  }
  if (a instanceof Set) {
    const other = b as Set<unknown>;
    if (a.size !== other.size) return false;
    for (const v of a) if (!other.has(v)) return false;
    return true;
  }
  const proto = Object.getPrototypeOf(a) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  const objB = b as Record<string, unknown>;
  return keysA.every((k) => Object.prototype.hasOwnProperty.call(objB, k) && sameData((a as Record<string, unknown>)[k], objB[k]));
}
