/**
 * Working hours (pure), London wall-clock time, so they follow the clock changes. Two uses:
 *
 * - the send window (quiet hours): nothing is sent at night, at weekends or on an England &
 *   Wales bank holiday; a notification due outside working hours waits for the next working
 *   morning (scheduler/);
 * - adding working hours to a moment: "2 working hours" reported at 16:30 on a Friday lands at
 *   10:30 on Monday (the triage desk's hours on working days: rota/sick-cover.ts).
 */
import {
  addDays,
  londonDateOf,
  londonInstant,
  londonMinutesOfDay,
  type WorkingCalendar,
} from './calendar';
import type { Instant } from './domain';

export interface WorkingHours {
  /** London wall clock `HH:mm`, inclusive. */
  start: string;
  /** London wall clock `HH:mm`, exclusive. */
  end: string;
  /** ISO weekdays that are working days (1 = Monday … 7 = Sunday); bank holidays never are. */
  days: number[];
}

export const DEFAULT_WORKING_HOURS: WorkingHours = {
  start: '08:30',
  end: '17:30',
  days: [1, 2, 3, 4, 5],
};

const HHMM = /^([01]\d|2[0-3]):([0-5]\d)$/;

function minutes(hhmm: string): number {
  const m = HHMM.exec(hhmm);
  if (!m) throw new RangeError(`working hours: not a HH:mm time: ${hhmm}`);
  return Number(m[1]) * 60 + Number(m[2]);
}

/** Validates a configuration (fails fast with a message naming the bad value). */
export function parseWorkingHours(input: Partial<WorkingHours> = {}): WorkingHours {
  const wh = { ...DEFAULT_WORKING_HOURS, ...input };
  if (minutes(wh.start) >= minutes(wh.end)) {
    throw new RangeError(`working hours: start ${wh.start} must be before end ${wh.end}`);
  }
  if (wh.days.length === 0 || wh.days.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new RangeError('working hours: days must be ISO weekdays 1..7');
  }
  return wh;
}

function isoWeekday(d: string): number {
  const w = new Date(`${d}T00:00:00Z`).getUTCDay();
  return w === 0 ? 7 : w;
}

/** A day messages may go out on: a configured weekday that is not a bank holiday. */
export function isSendingDay(d: string, wh: WorkingHours, calendar: WorkingCalendar): boolean {
  return wh.days.includes(isoWeekday(d)) && !calendar.isBankHoliday(d);
}

/** Whether a moment falls inside working hours. */
export function isWithinWorkingHours(
  at: Instant | Date,
  wh: WorkingHours,
  calendar: WorkingCalendar,
): boolean {
  const day = londonDateOf(at);
  if (!isSendingDay(day, wh, calendar)) return false;
  const m = londonMinutesOfDay(at);
  return m >= minutes(wh.start) && m < minutes(wh.end);
}

/**
 * The first moment at or after `at` inside working hours: `at` itself when it is inside,
 * else the start of the next working morning (today's, when `at` is before it).
 */
export function nextWorkingMoment(
  at: Instant | Date,
  wh: WorkingHours,
  calendar: WorkingCalendar,
): Instant {
  const iso = typeof at === 'string' ? new Date(at).toISOString() : at.toISOString();
  if (isWithinWorkingHours(iso, wh, calendar)) return iso;
  let day = londonDateOf(iso);
  if (isSendingDay(day, wh, calendar) && londonMinutesOfDay(iso) < minutes(wh.start)) {
    return londonInstant(day, wh.start);
  }
  // A year of non-sending days cannot happen with a valid config; the bound keeps it total.
  for (let i = 0; i < 370; i++) {
    day = addDays(day, 1);
    if (isSendingDay(day, wh, calendar)) return londonInstant(day, wh.start);
  }
  throw new RangeError('working hours: no sending day within a year');
}

/** The start of working hours on a day (the "working morning" a notification is planned for). */
export function workingMorning(day: string, wh: WorkingHours): Instant {
  return londonInstant(day, wh.start);
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
}

function fromMinutes(mins: number): string {
  return `${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
}

/** The moment `hours` working hours after `from`, counting only desk hours on working days. */
export function addWorkingHours(
  from: Instant,
  hours: number,
  calendar: WorkingCalendar,
  desk: { start: string; end: string },
): Instant {
  const start = toMinutes(desk.start);
  const end = toMinutes(desk.end);
  let left = Math.round(hours * 60);
  let day = londonDateOf(from);
  let cur = londonMinutesOfDay(from);
  for (let guard = 0; guard < 3660; guard++) {
    if (!calendar.isWorkingDay(day) || cur >= end) {
      day = addDays(day, 1);
      cur = start;
      continue;
    }
    if (cur < start) cur = start;
    const room = end - cur;
    if (left <= room) return londonInstant(day, fromMinutes(cur + left));
    left -= room;
    day = addDays(day, 1);
    cur = start;
  }
  throw new RangeError('addWorkingHours: no working day within ten years');
}
