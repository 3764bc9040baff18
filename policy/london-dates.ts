/**
 * Memoised calendar conversions for planning a large organisation on every tick. London's
 * offset from UTC is always a whole hour, so the London date of a moment depends only on its
 * UTC hour: caching by `YYYY-MM-DDTHH` is exact. Working-day sums are cached by (day, n).
 */
import { londonDateOf, type WorkingCalendar } from './calendar';
import type { Instant, LocalDate } from './domain';

const MAX = 200_000;
const byHour = new Map<string, LocalDate>();

/** londonDateOf for an Instant in canonical `…Z` form (falls back to the exact conversion). */
export function londonDateFast(at: Instant): LocalDate {
  if (at.length < 20 || !at.endsWith('Z')) return londonDateOf(at);
  const hour = at.slice(0, 13);
  let d = byHour.get(hour);
  if (d === undefined) {
    if (byHour.size > MAX) byHour.clear();
    d = londonDateOf(`${hour}:00:00.000Z`);
    byHour.set(hour, d);
  }
  return d;
}

/** A per-plan cache of `calendar.addWorkingDays` / `subtractWorkingDays`. */
export function workingDayMath(calendar: WorkingCalendar) {
  const cache = new Map<string, LocalDate>();
  const get = (d: LocalDate, n: number): LocalDate => {
    const k = `${d}|${n}`;
    let v = cache.get(k);
    if (v === undefined) {
      v = n >= 0 ? calendar.addWorkingDays(d, n) : calendar.subtractWorkingDays(d, -n);
      cache.set(k, v);
    }
    return v;
  };
  return {
    add: (d: LocalDate, n: number) => get(d, n),
    subtract: (d: LocalDate, n: number) => get(d, -n),
  };
}
