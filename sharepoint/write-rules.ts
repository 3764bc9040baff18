/**
 * When a write that met a 412 was already done, and when two records are the same. Pure.
 */
import { createHash } from 'node:crypto';

/**
 * Whether every field of `patch` already has that value in `current`: a write met by a 412
 * whose change is already there was done (by an earlier attempt, or identically by someone
 * else) and is reported as success rather than as a conflict.
 */
export function alreadyApplied(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): boolean {
  return Object.entries(patch).every(([k, v]) => same(current[k], v));
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  // An id list (sessions.attendees): the same ids in the same order (the contract sorts none,
  // so order is what was written).
  if (Array.isArray(a) || Array.isArray(b)) {
    const la = asList(a);
    const lb = asList(b);
    return !!la && !!lb && la.length === lb.length && la.every((x, i) => x === lb[i]);
  }
  if ((a === undefined || a === null || a === '') && (b === undefined || b === null || b === ''))
    return true;
  if (typeof a === 'string' && typeof b === 'string') {
    const ta = Date.parse(a);
    const tb = Date.parse(b);
    return (
      !Number.isNaN(ta) && ta === tb && /\d{4}-\d{2}-\d{2}T/.test(a) && /\d{4}-\d{2}-\d{2}T/.test(b)
    );
  }
  return false;
}

/** A list as itself, blank as the empty list, anything else as null (not a list). */
function asList(v: unknown): unknown[] | null {
  if (Array.isArray(v)) return v;
  return v === undefined || v === null || v === '' ? [] : null;
}

export function sameRecord(a: object, b: object): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) =>
    same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

export function hash(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);
}
