/** Date helpers the triage use-cases share (re-exported from policy/calendar, plus month labels). */
export { addMonthsToMonth, londonDateOf, monthOf } from '../policy/calendar';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** `2026-12` → `December 2026`. */
export function formatMonth(month: string): string {
  return `${MONTHS[Number(month.slice(5, 7)) - 1] ?? month.slice(5, 7)} ${month.slice(0, 4)}`;
}
