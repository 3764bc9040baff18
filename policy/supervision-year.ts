/** The supervision year (local-government year 1 April–31 March unless the profile says otherwise). */
import { addDays, monthOf, monthsInRange } from './calendar';
import type { LocalDate } from './domain';

export interface SupervisionYear {
  start: LocalDate;
  /** Inclusive last day. */
  end: LocalDate;
  /** e.g. `2026-27`. */
  label: string;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

export function supervisionYear(
  asOf: LocalDate,
  yearStart: { month: number; day: number },
): SupervisionYear {
  const y = Number(asOf.slice(0, 4));
  const thisYears = `${y}-${pad(yearStart.month)}-${pad(yearStart.day)}`;
  const startYear = asOf >= thisYears ? y : y - 1;
  const start = `${startYear}-${pad(yearStart.month)}-${pad(yearStart.day)}`;
  const next = `${startYear + 1}-${pad(yearStart.month)}-${pad(yearStart.day)}`;
  return { start, end: addDays(next, -1), label: `${startYear}-${String(startYear + 1).slice(2)}` };
}

/** Calendar months that fall wholly or partly in the year, as `YYYY-MM`. */
const monthsByYear = new WeakMap<SupervisionYear, readonly string[]>();

/** The year's twelve months, worked out once per year object (asked for each supervisee). */
export function monthsOfYear(year: SupervisionYear): readonly string[] {
  let months = monthsByYear.get(year);
  if (!months) {
    months = monthsInRange(monthOf(year.start), monthOf(year.end));
    monthsByYear.set(year, months);
  }
  return months;
}
