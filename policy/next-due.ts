/**
 * When the next one-to-one falls due for a supervisee: used by next-session-not-booked, the
 * compliance summary and reminders.
 *
 * Calendar-month profiles (CONTRACT "Next session not booked"): by the end of the calendar month
 * after the last held one (the N-th month for a rule expecting one every N months); with none
 * held yet, by the end of the current month (the next one when they were not in post all of it).
 * Interval profiles: the last held one-to-one (or the start date) plus the interval.
 */
import { asyeBase } from './asye';
import { addDays, addMonthsToMonth, lastOfMonth, monthOf } from './calendar';
import type { LocalDate, OrgSnapshot, Staff } from './domain';
import type { FrequencyRule, PolicyProfile } from './profile';
import { buildContext, frequencyFor, heldOneToOnes, inPostAllMonth } from './rules/context';
import { defaultCalendar, type WorkingCalendar } from './calendar';

export interface NextDue {
  due: LocalDate;
  lastHeld: LocalDate | null;
  rule: FrequencyRule;
  source: string;
}

/** `heldDays`: London dates of held one-to-ones on or before asOf, ascending. */
export function nextDueFor(
  profile: PolicyProfile,
  staff: Staff,
  heldDays: readonly LocalDate[],
  asOf: LocalDate,
): NextDue {
  const f = frequencyFor(profile, staff);
  const lastHeld = heldDays.length ? heldDays[heldDays.length - 1]! : null;
  // In the ASYE's weekly or fortnightly stretch, that interval sets the next due date.
  const asye = asyeBase(profile, staff, heldDays, asOf);
  if (asye)
    return {
      due: asye.due,
      lastHeld,
      rule: { type: 'interval', days: asye.intervalDays },
      source: profile.asye?.source ?? 'ASYE',
    };
  const month = monthOf(asOf);
  if (f.rule.type === 'calendar-month') {
    const every = f.rule.everyMonths ?? 1;
    let due: LocalDate;
    if (lastHeld !== null) due = lastOfMonth(addMonthsToMonth(monthOf(lastHeld), every));
    else {
      const countsThisMonth = inPostAllMonth({ ...staff, leftDate: undefined }, month);
      due = lastOfMonth(countsThisMonth ? month : addMonthsToMonth(month, 1));
    }
    return { due, lastHeld, rule: f.rule, source: f.source };
  }
  const base = lastHeld ?? staff.startDate ?? null;
  return {
    due: base ? addDays(base, f.rule.days) : asOf,
    lastHeld,
    rule: f.rule,
    source: f.source,
  };
}

/** Convenience for one supervisee from a whole snapshot. Null when the staff id is unknown. */
export function nextDue(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  staffId: string,
  asOf: LocalDate,
  calendar: WorkingCalendar = defaultCalendar,
): NextDue | null {
  const ctx = buildContext(snapshot, profile, asOf, calendar);
  const staff = ctx.hierarchy.get(staffId);
  if (!staff) return null;
  return nextDueFor(
    profile,
    staff,
    heldOneToOnes(ctx, staffId).map((h) => h.day),
    asOf,
  );
}
