/**
 * The working-day calendar: Europe/London, England & Wales bank holidays.
 *
 * Every deadline, "N working days after", "end of day" and month boundary in the project goes
 * through here, so that the machine's own time zone never matters. LocalDate arithmetic is
 * done on UTC midnights (no DST there); only the conversions between a London wall-clock
 * time and an Instant touch the time-zone database (via @date-fns/tz).
 *
 * Bank holidays come from the maintained `date-holidays` data set (GB, region ENG: England &
 * Wales share one list), type `public`, which includes substitute days and one-off days
 * (the 2022 Jubilee and State Funeral, the 2023 Coronation). An organisation can add or
 * remove days (a new one-off holiday announced before the library catches up) through
 * `WorkingCalendar` options.
 */
import { memoOfStringAndCount } from '../kernel/memo';
import { TZDate } from '@date-fns/tz';
import Holidays from 'date-holidays';
import type { Instant, LocalDate } from './domain';

export const LONDON = 'Europe/London';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Parses and validates `YYYY-MM-DD` (a real calendar date); null when it is not one. */
export function parseLocalDate(text: string): LocalDate | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return null;
  return m[0];
}

/*
 * Date arithmetic is on every rule's path (a large organisation's evaluation does millions of
 * these), so the common case, a well-formed `YYYY-MM-DD` from year 100 to 9999, is done with
 * integer arithmetic on the proleptic Gregorian calendar (days from civil, H. Hinnant) instead
 * of a regular expression and a Date round trip. Anything else takes the Date path, which
 * defines the behaviour (month and day overflow roll over as Date.UTC does; years 0–99 are
 * Date.UTC's 1900–1999). calendar.test.ts checks both paths agree.
 */
const ZERO = 48;

/** The digit at `i`, or -1 when it is not an ASCII digit. */
export function digit(d: string, i: number): number {
  const c = d.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : -1;
}

/** Days since 1970-01-01 of y-m-d, m 1..12, d any integer (rolls over like Date.UTC). */
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

function toUtcMidnight(d: LocalDate): number {
  if (d.length === 10 && d.charCodeAt(4) === 45 && d.charCodeAt(7) === 45) {
    const y0 = digit(d, 0);
    const y1 = digit(d, 1);
    const y2 = digit(d, 2);
    const y3 = digit(d, 3);
    const m0 = digit(d, 5);
    const m1 = digit(d, 6);
    const d0 = digit(d, 8);
    const d1 = digit(d, 9);
    if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) >= 0) {
      const y = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
      if (y >= 100) {
        // Month 00 or 13+ rolls into the year before or after, as Date.UTC does.
        const mi = m0 * 10 + m1 - 1;
        const carry = Math.floor(mi / 12);
        return daysFromCivil(y + carry, mi - carry * 12 + 1, d0 * 10 + d1) * DAY_MS;
      }
    }
  }
  const m = DATE_RE.exec(d);
  if (!m) throw new RangeError(`not a YYYY-MM-DD date: ${d}`);
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
}

const TWO_DIGITS = Array.from({ length: 32 }, (_, i) => (i < 10 ? `0${i}` : String(i)));

/**
 * The strings fromUtcMidnight has made, by day number: date arithmetic on a large organisation
 * asks for the same few thousand days hundreds of thousands of times, and handing out one
 * string per day spares making (and collecting) a new one each time. Bounded for a
 * long-running process.
 */
const daysByNumber = new Map<number, LocalDate>();

function fromUtcMidnight(t: number): LocalDate {
  const z = t / DAY_MS;
  const known = daysByNumber.get(z);
  if (known !== undefined) return known;
  const made = civilFromDays(t, z);
  if (daysByNumber.size >= 100_000) daysByNumber.clear();
  daysByNumber.set(z, made);
  return made;
}

function civilFromDays(t: number, z: number): LocalDate {
  if (Number.isInteger(z)) {
    // Civil from days (H. Hinnant).
    const zz = z + 719468;
    const era = Math.floor(zz / 146097);
    const doe = zz - era * 146097;
    const yoe = Math.floor(
      (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
    );
    const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
    const mp = Math.floor((5 * doy + 2) / 153);
    const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year >= 1000 && year <= 9999) return `${year}-${TWO_DIGITS[month]}-${TWO_DIGITS[day]}`;
  }
  return new Date(t).toISOString().slice(0, 10);
}

export function addDays(d: LocalDate, n: number): LocalDate {
  return fromUtcMidnight(toUtcMidnight(d) + n * DAY_MS);
}

/** Whole calendar days from a to b (b - a): 1 March to 29 March is 28. */
export function daysBetween(a: LocalDate, b: LocalDate): number {
  return Math.round((toUtcMidnight(b) - toUtcMidnight(a)) / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(d: LocalDate): number {
  // 1970-01-01 was a Thursday.
  return (((Math.floor(toUtcMidnight(d) / DAY_MS) + 4) % 7) + 7) % 7;
}

export function isWeekend(d: LocalDate): boolean {
  const w = dayOfWeek(d);
  return w === 0 || w === 6;
}

/** `YYYY-MM` of a date. */
export function monthOf(d: LocalDate): string {
  return d.slice(0, 7);
}

export function firstOfMonth(month: string): LocalDate {
  return `${month}-01`;
}

export function lastOfMonth(month: string): LocalDate {
  return addDays(firstOfMonth(addMonthsToMonth(month, 1)), -1);
}

/** The last calendar month completed by the end of day d: d's own month on its last day. */
export function lastCompletedMonth(d: LocalDate): string {
  const month = monthOf(d);
  return d === lastOfMonth(month) ? month : addMonthsToMonth(month, -1);
}

/** addMonthsToMonth's answers (a few hundred months and a few n recur). */
const monthsOn = memoOfStringAndCount(computeAddMonthsToMonth);

/** `YYYY-MM` plus n months. */
export function addMonthsToMonth(month: string, n: number): string {
  return monthsOn(month, n);
}

function computeAddMonthsToMonth(month: string, n: number): string {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1 + n;
  const yy = y + Math.floor(m / 12);
  const mm = ((m % 12) + 12) % 12;
  return `${String(yy).padStart(4, '0')}-${String(mm + 1).padStart(2, '0')}`;
}

/** Calendar months from `from` to `to` inclusive, as `YYYY-MM`. */
export function monthsInRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m = addMonthsToMonth(m, 1)) out.push(m);
  return out;
}

/** addMonths' answers (the same few thousand days and a few n recur). */
const monthsLater = memoOfStringAndCount(computeAddMonths);

/** The same day n months later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb). */
export function addMonths(d: LocalDate, n: number): LocalDate {
  return monthsLater(d, n);
}

function computeAddMonths(d: LocalDate, n: number): LocalDate {
  const month = addMonthsToMonth(monthOf(d), n);
  const last = lastOfMonth(month);
  const day = d.slice(8, 10);
  const candidate = `${month}-${day}`;
  return candidate > last ? last : candidate;
}

/** The London calendar date of a moment. */
export function londonDateOf(at: Date | Instant): LocalDate {
  const date = typeof at === 'string' ? new Date(at) : at;
  const z = new TZDate(date.getTime(), LONDON);
  return `${z.getFullYear()}-${String(z.getMonth() + 1).padStart(2, '0')}-${String(z.getDate()).padStart(2, '0')}`;
}

/** London wall-clock minutes since midnight of a moment (for working hours). */
export function londonMinutesOfDay(at: Date | Instant): number {
  const date = typeof at === 'string' ? new Date(at) : at;
  const z = new TZDate(date.getTime(), LONDON);
  return z.getHours() * 60 + z.getMinutes();
}

/**
 * The Instant of a London wall-clock time on a date. In the spring-forward gap (01:00–02:00
 * on the last Sunday of March) the time is moved forward an hour; in the autumn overlap the
 * first (BST) occurrence is taken.
 */
export function londonInstant(d: LocalDate, hhmm = '00:00'): Instant {
  const t = toUtcMidnight(d);
  const base = new Date(t);
  const [hh, mm] = hhmm.split(':').map(Number);
  const z = new TZDate(
    base.getUTCFullYear(),
    base.getUTCMonth(),
    base.getUTCDate(),
    hh ?? 0,
    mm ?? 0,
    LONDON,
  );
  // In the autumn overlap TZDate resolves to the second (GMT) occurrence; an hour earlier is
  // the same wall-clock time in BST, which is the one documented above.
  const earlier = z.getTime() - 3_600_000;
  if (
    londonDateOf(new Date(earlier)) === d &&
    londonMinutesOfDay(new Date(earlier)) === (hh ?? 0) * 60 + (mm ?? 0)
  )
    return new Date(earlier).toISOString();
  return new Date(z.getTime()).toISOString();
}

/** The moment a London day ends (= the next day's 00:00 London). */
export function endOfLondonDay(d: LocalDate): Instant {
  return londonInstant(addDays(d, 1), '00:00');
}

export interface CalendarOptions {
  /** Extra non-working days (e.g. a one-off bank holiday announced after the data set). */
  extraHolidays?: LocalDate[];
  /** Days the data set lists that the organisation works. */
  removedHolidays?: LocalDate[];
}

/** Working days: Monday–Friday, not an England & Wales bank holiday. */
export class WorkingCalendar {
  private readonly byYear = new Map<number, Set<LocalDate>>();
  private readonly extra: Set<LocalDate>;
  private readonly removed: Set<LocalDate>;
  private readonly holidays = new Holidays('GB', 'ENG');

  constructor(options: CalendarOptions = {}) {
    this.extra = new Set(options.extraHolidays ?? []);
    this.removed = new Set(options.removedHolidays ?? []);
  }

  private yearSet(year: number): Set<LocalDate> {
    let set = this.byYear.get(year);
    if (!set) {
      set = new Set(
        this.holidays
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10))
          .filter((d) => !this.removed.has(d)),
      );
      for (const d of this.extra) if (d.startsWith(String(year))) set.add(d);
      this.byYear.set(year, set);
    }
    return set;
  }

  isBankHoliday(d: LocalDate): boolean {
    return this.yearSet(Number(d.slice(0, 4))).has(d);
  }

  /** Bank holidays (weekday or not) in a year, sorted. */
  bankHolidays(year: number): LocalDate[] {
    return [...this.yearSet(year)].sort();
  }

  isWorkingDay(d: LocalDate): boolean {
    return !isWeekend(d) && !this.isBankHoliday(d);
  }

  /** The n-th working day after d (n ≥ 1); n = 0 returns d itself. */
  addWorkingDays(d: LocalDate, n: number): LocalDate {
    if (n < 0) return this.subtractWorkingDays(d, -n);
    let cur = d;
    let left = n;
    while (left > 0) {
      cur = addDays(cur, 1);
      if (this.isWorkingDay(cur)) left--;
    }
    return cur;
  }

  /** The n-th working day before d. */
  subtractWorkingDays(d: LocalDate, n: number): LocalDate {
    let cur = d;
    let left = n;
    while (left > 0) {
      cur = addDays(cur, -1);
      if (this.isWorkingDay(cur)) left--;
    }
    return cur;
  }

  /** d itself when it is a working day, else the next one. */
  nextWorkingDayOnOrAfter(d: LocalDate): LocalDate {
    let cur = d;
    while (!this.isWorkingDay(cur)) cur = addDays(cur, 1);
    return cur;
  }

  /** Working days in (a, b]: how many working days after a the day b is. 0 when b ≤ a. */
  workingDaysAfter(a: LocalDate, b: LocalDate): number {
    let count = 0;
    for (let cur = addDays(a, 1); cur <= b; cur = addDays(cur, 1))
      if (this.isWorkingDay(cur)) count++;
    return count;
  }

  /**
   * Whether at least n of the days after a, up to and including b, are working days:
   * workingDaysAfter(a, b) >= n without counting past n (asked of gaps between absences and of
   * absences that can be months long).
   */
  hasWorkingDaysAfter(a: LocalDate, b: LocalDate, n = 1): boolean {
    let count = 0;
    for (let cur = addDays(a, 1); cur <= b && count < n; cur = addDays(cur, 1))
      if (this.isWorkingDay(cur)) count++;
    return count >= n;
  }

  /** Working days from a to b inclusive, in order. */
  workingDaysInRange(a: LocalDate, b: LocalDate): LocalDate[] {
    const out: LocalDate[] = [];
    for (let cur = a; cur <= b; cur = addDays(cur, 1)) if (this.isWorkingDay(cur)) out.push(cur);
    return out;
  }

  /** The first Monday of a month, or the first working day after it when that is a bank holiday. */
  firstMondayCheckDay(month: string): LocalDate {
    let d = firstOfMonth(month);
    while (dayOfWeek(d) !== 1) d = addDays(d, 1);
    return this.nextWorkingDayOnOrAfter(d);
  }
}

/** The calendar with no local overrides; most code uses this. */
export const defaultCalendar = new WorkingCalendar();
