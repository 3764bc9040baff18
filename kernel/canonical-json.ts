/**
 * Canonical JSON: every object's keys sorted, `undefined` dropped, no whitespace, so one content
 * has one text. The signature hash of a record is taken over it (usecases/record-hash.ts), and
 * the stores use it to tell "the same content again" (a retried write) from a change.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[k];
      if (v !== undefined) out[k] = sortKeys(v);
    }
    return out;
  }
  return value;
}
