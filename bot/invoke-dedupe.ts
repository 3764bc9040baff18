/**
 * A second line of defence against double submits: Teams retries an invoke it did not get an
 * answer to in time, and people double-click. The same card (its message id) + user + verb +
 * data gets the same response, and the work runs once: a concurrent duplicate waits for the
 * first, and a later one within the window is answered from memory when the first COMPLETED
 * its work. Anything else (a failure, "busy, try again in a minute", a refusal) is forgotten as
 * soon as it is answered, so pressing again really tries again. Use-cases are idempotent in the
 * store as well; this only saves repeated work and keeps the answer consistent. Per instance,
 * in memory, bounded.
 */
import { createHash } from 'node:crypto';

/** Stable JSON: keys sorted, so `{a,b}` and `{b,a}` hash the same. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

export function invokeKey(activityId: string, userId: string, verb: string, data: unknown): string {
  return createHash('sha256')
    .update(`${activityId}\n${userId}\n${verb}\n${stableStringify(data)}`)
    .digest('hex');
}

export class InvokeDedupe<T> {
  private readonly entries = new Map<string, { at: number; result: Promise<T> }>();

  constructor(
    private readonly windowMs: number = 10 * 60_000,
    private readonly maxEntries: number = 5000,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Runs `work` once per key: a duplicate while it runs shares its result; one within the window
   * after it finished shares it only if `completed(result)` (the work is done and must not be
   * redone). A failure is never remembered either: the retry gets a real second chance.
   */
  run(
    key: string,
    work: () => Promise<T>,
    completed: (result: T) => boolean,
  ): { result: Promise<T>; duplicate: boolean } {
    this.prune();
    const hit = this.entries.get(key);
    if (hit && this.now() - hit.at < this.windowMs) return { result: hit.result, duplicate: true };
    const result = work();
    const entry = { at: this.now(), result };
    this.entries.set(key, entry);
    // Only our own entry: a later run for the same key may have replaced it meanwhile.
    const forget = () => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    };
    result.then((r) => {
      if (!completed(r)) forget();
    }, forget);
    return { result, duplicate: false };
  }

  private prune(): void {
    const cutoff = this.now() - this.windowMs;
    for (const [k, e] of this.entries) {
      if (e.at >= cutoff && this.entries.size <= this.maxEntries) break;
      this.entries.delete(k);
    }
  }
}
