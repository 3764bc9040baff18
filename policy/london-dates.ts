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
import { memoOfStringAndCount } from '../kernel/memo';
import { digit, londonDateOf, londonInstant, type WorkingCalendar } from './calendar';
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
  // skips the parse. V8 keeps a string's hash with it, and rows loaded through a string pool
  // share one string per instant, so a repeated lookup is about three times cheaper than even
  // reading the date off the string.
  const known = dateByInstant.get(at);
  if (known !== undefined) return known;
  const day = utcDateBeforeTen(at) ?? dateOfInstant(at);
  if (dateByInstant.size >= MAX_ENTRIES) dateByInstant.clear();
  dateByInstant.set(at, day);
  return day;
}

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The value of the two digits at i and i + 1, or -1. */
function twoDigits(s: string, i: number): number {
  const a = digit(s, i);
  const b = digit(s, i + 1);
  return (a | b) >= 0 ? a * 10 + b : -1;
}

/**
 * The London date of a canonical UTC instant (`YYYY-MM-DDTHH:MM:SSZ`, milliseconds optional)
 * before 22:00 UTC, read off the string: London is never more than two hours ahead of UTC (one
 * in BST, two in the war years' double summer time) and never behind it, so before 22:00 UTC
 * the London date is the UTC date. Anything else (another offset, 22:00 or later, a date that
 * does not exist, which Date.parse would roll over) gives null and takes the exact path.
 * Used when the memo does not know the instant yet: far cheaper than parsing it and converting
 * through the time-zone database.
 */
function utcDateBeforeTen(at: string): LocalDate | null {
  const n = at.length;
  if (n !== 20 && n !== 24) return null;
  if (at.charCodeAt(n - 1) !== 90 /* Z */) return null;
  if (
    n === 24 &&
    (at.charCodeAt(19) !== 46 /* . */ || twoDigits(at, 20) < 0 || twoDigits(at, 21) < 0)
  )
    return null;
  if (
    at.charCodeAt(4) !== 45 ||
    at.charCodeAt(7) !== 45 ||
    at.charCodeAt(10) !== 84 /* T */ ||
    at.charCodeAt(13) !== 58 ||
    at.charCodeAt(16) !== 58
  )
    return null;
  const century = twoDigits(at, 0);
  const yy = twoDigits(at, 2);
  const month = twoDigits(at, 5);
  const day = twoDigits(at, 8);
  const hour = twoDigits(at, 11);
  const minute = twoDigits(at, 14);
  const second = twoDigits(at, 17);
  if (century < 10 || yy < 0 || month < 1 || month > 12 || day < 1) return null;
  if (hour < 0 || hour > 21 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
  if (day > DAYS_IN_MONTH[month - 1]!) return null;
  const year = century * 100 + yy;
  if (month === 2 && day === 29 && (year % 4 !== 0 || (year % 100 === 0 && year % 400 !== 0)))
    return null;
  // One string per day, handed out again each time: no allocation per call, and rules that key
  // maps by the day or compare days meet the same string, whose hash V8 has already computed.
  const slot = (year - 1000) * 372 + (month - 1) * 31 + (day - 1);
  return (dayStrings[slot] ??= at.slice(0, 10));
}

/** The day strings handed out by utcDateBeforeTen, by (year, month, day) slot. */
const dayStrings: Array<LocalDate | undefined> = [];

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

/**
 * A per-plan (or per-evaluation) cache of `calendar.addWorkingDays`, negative counts going back:
 * the same few hundred days and counts recur.
 */
export function workingDayMath(calendar: WorkingCalendar) {
  const get = memoOfStringAndCount((d, n) => calendar.addWorkingDays(d, n));
  return {
    add: (d: LocalDate, n: number) => get(d, n),
    subtract: (d: LocalDate, n: number) => get(d, -n),
  };
}
