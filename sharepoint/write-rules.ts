/**
 * When a write that met a 412 may still go ahead, and when it was already done. Pure.
 */
import { createHash } from 'node:crypto';

const ONCE_ONLY = ['supervisorSignedAt', 'superviseeSignedAt', 'recordCompletedAt'];

/** A confirmation/cancellation starts from `scheduled`; a signature or completion is set once. */
export function sessionStillApplies(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): boolean {
  if (
    'status' in patch &&
    patch['status'] !== current['status'] &&
    current['status'] !== 'scheduled'
  )
    return false;
  for (const f of ONCE_ONLY)
    if (f in patch && current[f] !== undefined && !same(current[f], patch[f])) return false;
  return true;
}

export function alreadyApplied(
  current: Record<string, unknown>,
  patch: Record<string, unknown>,
): boolean {
  return Object.entries(patch).every(([k, v]) => same(current[k], v));
}

function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
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

export function sameRecord(a: object, b: object): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((k) =>
    same((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

export function hash(v: unknown): string {
  return createHash('sha256').update(JSON.stringify(v)).digest('hex').slice(0, 16);
}
