/**
 * The monthly readiness check (003 "Triage Cover"): "The rota must be completed 2 months in
 * advance, checked by the first staff member on the first Monday of the month."
 *
 * On the check day (the first Monday, or the next working day when that Monday is a bank
 * holiday) every working day from the check day up to and including the same date two
 * calendar months later must have a member who can be there (CONTRACT "Triage horizon": the
 * first-Monday check uses the same window as the findings and `triage gaps`).
 */
import { addMonthsToMonth, monthOf, type WorkingCalendar } from '../policy/calendar';
import type { Absence, LocalDate, RotaDay, Staff } from '../policy/domain';
import type { TriageSettings } from '../policy/profile';
import { uncoveredDays } from '../policy/triage-coverage';
import { horizonEnd } from './rota-view';

export interface Readiness {
  asOf: LocalDate;
  /** This month's check day. */
  checkDay: LocalDate;
  isCheckDay: boolean;
  /** Checked range, inclusive. */
  from: LocalDate;
  to: LocalDate;
  /** The months ahead that must be complete (`YYYY-MM`). */
  months: string[];
  ready: boolean;
  gaps: LocalDate[];
}

export function readiness(
  rota: readonly RotaDay[],
  asOf: LocalDate,
  settings: TriageSettings,
  calendar: WorkingCalendar,
  absences: readonly Absence[] = [],
  staff: readonly Staff[] = [],
): Readiness {
  const month = monthOf(asOf);
  const checkDay = calendar.firstMondayCheckDay(month);
  const to = horizonEnd(asOf, settings.monthsAhead);
  const months: string[] = [];
  for (let i = 1; i <= settings.monthsAhead; i++) months.push(addMonthsToMonth(month, i));
  const gaps = uncoveredDays(rota, asOf, to, calendar, absences, staff);
  return {
    asOf,
    checkDay,
    isCheckDay: checkDay === asOf,
    from: asOf,
    to,
    months,
    ready: gaps.length === 0,
    gaps,
  };
}
