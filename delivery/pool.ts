/**
 * A bounded pool for sending: at most `limit` items in flight, taken in order, each started
 * only when a slot frees up (so a claim is taken just before its send). `shouldStop` is asked
 * before each item: a stopping instance starts nothing new and lets what it holds finish.
 * `one` must not throw (each caller reports its own item errors).
 */
export async function runPool<T>(
  items: readonly T[],
  limit: number,
  one: (item: T) => Promise<void>,
  shouldStop?: () => boolean,
): Promise<{ stopped: boolean }> {
  let next = 0;
  let stopped = false;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      if (shouldStop?.()) {
        stopped = true;
        return;
      }
      await one(items[next++] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return { stopped };
}
