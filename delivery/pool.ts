/**
 * A bounded pool for sending: at most `limit` items in flight, taken in order, each started
 * only when a slot frees up (so a claim is taken just before its send). `shouldStop` is asked
 * before each item: a stopping instance starts nothing new and lets what it holds finish.
 * `one` must not throw (each caller reports its own item errors).
 *
 * With `ramp`, the pool starts with `ramp.initial` workers and adds one, up to `limit`, while
 * `ramp.wanted()` says more would help, asked each time an item finishes and whenever `one`
 * calls the `more` it is given (an item that hangs must not stop the pool growing: the tick
 * asks once its claim is taken, before the send). The tick's pool is sized
 * for the worst case (200 claims in flight, for when many sends wait out a Retry-After); started
 * all at once, those 200 claims' store round trips crowded the event loop for the first half
 * second of a burst, while the queue they fed sent almost nothing (issue 14, fan-out bench).
 */
export interface PoolRamp {
  /** Workers started at once (at least 1). */
  initial: number;
  /** Whether another worker would be used now. */
  wanted: () => boolean;
}

export async function runPool<T>(
  items: readonly T[],
  limit: number,
  one: (item: T, more: () => void) => Promise<void>,
  shouldStop?: () => boolean,
  ramp?: PoolRamp,
): Promise<{ stopped: boolean }> {
  const max = Math.min(Math.max(1, limit), items.length);
  let next = 0;
  let stopped = false;
  const running: Array<Promise<void>> = [];
  const grow = (): void => {
    if (running.length < max && next < items.length && !stopped) running.push(worker());
  };
  const more = (): void => {
    if (ramp?.wanted()) grow();
  };
  async function worker(): Promise<void> {
    while (next < items.length) {
      if (shouldStop?.()) {
        stopped = true;
        return;
      }
      await one(items[next++] as T, more);
      more();
    }
  }
  const initial = ramp ? Math.max(1, Math.min(ramp.initial, max)) : max;
  for (let i = 0; i < initial; i++) grow();
  // Workers started later are pushed onto `running` while earlier ones run: wait for all.
  for (let i = 0; i < running.length; i++) await running[i];
  return { stopped };
}
