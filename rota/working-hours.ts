/**
 * Adding "working hours" (the triage desk's hours on working days, London wall clock) to a
 * moment, so that "2 working hours" reported at 16:30 on a Friday lands at 10:30 on Monday.
 */
import {
  addDays,
  londonDateOf,
  londonInstant,
  londonMinutesOfDay,
  type WorkingCalendar,
} from '../policy/calendar';
import type { Instant } from '../policy/domain';

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
