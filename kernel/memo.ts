/**
 * Memos for pure functions of a string (and a count): date and month arithmetic that an
 * evaluation of a large organisation asks the same few thousand questions hundreds of thousands
 * of times (allocating a new string each time, and collecting it, cost more than the sums).
 * Bounded: past `limit` answers a map starts again, so a long-running process does not grow
 * without end. Only for pure functions: the answer is kept and handed out again.
 */
export function memoOfString<T>(compute: (key: string) => T, limit = 50_000): (key: string) => T {
  const answers = new Map<string, T>();
  return (key) => {
    let v = answers.get(key);
    if (v === undefined) {
      v = compute(key);
      if (answers.size >= limit) answers.clear();
      answers.set(key, v);
    }
    return v;
  };
}

/** memoOfString for a function of a string and a count (kept per count, then per string). */
export function memoOfStringAndCount<T>(
  compute: (key: string, n: number) => T,
  limit = 50_000,
): (key: string, n: number) => T {
  const byCount = new Map<number, Map<string, T>>();
  return (key, n) => {
    let answers = byCount.get(n);
    if (!answers) byCount.set(n, (answers = new Map()));
    let v = answers.get(key);
    if (v === undefined) {
      v = compute(key, n);
      if (answers.size >= limit) answers.clear();
      answers.set(key, v);
    }
    return v;
  };
}
