/**
 * How a date or a moment is written for people, everywhere (issue 17): `Thu 26 Nov 2026` and
 * `Thu 26 Nov 2026, 10:00`, in Europe/London whatever the server's time zone. The cards use it
 * and so do the use-cases' own sentences (a refusal, a message summary), so the two never
 * disagree.
 */
import { dayOfWeek, londonDateOf, londonMinutesOfDay } from './calendar';
import type { Instant, LocalDate } from './domain';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `Thu 26 Nov 2026` (a London date). */
export function formatDate(d: LocalDate): string {
  const month = MONTHS[Number(d.slice(5, 7)) - 1] ?? d.slice(5, 7);
  return `${DAYS[dayOfWeek(d)]} ${Number(d.slice(8, 10))} ${month} ${d.slice(0, 4)}`;
}

/** `Thu 26 Nov 2026, 10:00` in Europe/London, whatever the server's time zone. */
export function formatInstant(at: Instant): string {
  const minutes = londonMinutesOfDay(at);
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${formatDate(londonDateOf(at))}, ${hh}:${mm}`;
}
