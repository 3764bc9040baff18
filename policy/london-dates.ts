/**
 * The one memo of London calendar conversions (policy rules, the planner, the CSV contract).
 * Each exact conversion goes through the time-zone database (~0.1 ms a call), while an
 * organisation's data repeats the same few hundred days and a handful of times, so evaluating,
 * planning or reading a large export is dominated by it unless memoised.
 *
 * - London's offset from UTC is always a whole hour, so the London date of a moment depends only
 *   on its UTC hour: caching by hour is exact.
 * - A London wall-clock time on a date is cached by (date, HH:mm).
 * - Working-day sums are cached per plan by (day, n).
 *
 * The two process-wide maps are bounded, so a long-running process does not grow without limit.
 */
import { londonDateOf, londonInstant, type WorkingCalendar } from './calendar';
import type { Instant, LocalDate } from './domain';

const MAX_ENTRIES = 200_000;
const HOUR_MS = 3_600_000;
const dateByHour = new Map<number, LocalDate>();
const dateByInstant = new Map<string, LocalDate>();
const instantByWallClock = new Map<string, Instant>();

/** londonDateOf, memoised per UTC hour. Throws RangeError for a string that is no instant. */
export function cachedLondonDate(at: Instant): LocalDate {
  // The same instant strings recur (sessions start at a handful of times on a few hundred
  // days, and the rules ask for each session's date several times): looking the string up
  // skips the parse. V8 keeps a string's hash with it, so a repeated lookup is cheap.
  const known = dateByInstant.get(at);
  if (known !== undefined) return known;
  const day = dateOfInstant(at);
  if (dateByInstant.size >= MAX_ENTRIES) dateByInstant.clear();
  dateByInstant.set(at, day);
  return day;
}

function dateOfInstant(at: Instant): LocalDate {
  const ms = Date.parse(at);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${at}`);
  const hour = Math.floor(ms / HOUR_MS);
  let d = dateByHour.get(hour);
  if (d === undefined) {
    d = londonDateOf(new Date(hour * HOUR_MS));
    if (dateByHour.size > MAX_ENTRIES) dateByHour.clear();
    dateByHour.set(hour, d);
  }
  return d;
}

/** londonInstant (the UTC instant of a London wall-clock time on a date), memoised. */
export function cachedLondonInstant(date: LocalDate, hhmm: string): Instant {
  const key = `${date}T${hhmm}`;
  let value = instantByWallClock.get(key);
  if (value === undefined) {
    value = londonInstant(date, hhmm);
    if (instantByWallClock.size >= MAX_ENTRIES) instantByWallClock.clear();
    instantByWallClock.set(key, value);
  }
  return value;
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
