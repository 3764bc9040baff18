/**
 * londonInstant goes through the time-zone database (~0.1 ms a call); an organisation's data
 * repeats the same few hundred days and a handful of times, so reading or writing a large
 * export is dominated by it unless memoised. Bounded so that a long-running process that
 * reads many exports does not grow without limit.
 */
import { londonInstant } from '../policy/calendar';
import type { Instant, LocalDate } from '../policy/domain';

const MAX_ENTRIES = 200_000;
const cache = new Map<string, Instant>();

export function cachedLondonInstant(date: LocalDate, hhmm: string): Instant {
  const key = `${date}T${hhmm}`;
  let value = cache.get(key);
  if (value === undefined) {
    value = londonInstant(date, hhmm);
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, value);
  }
  return value;
}
