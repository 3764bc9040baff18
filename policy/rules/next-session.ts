/**
 * next-session-not-booked (CONTRACT "Findings", "Next session not booked"): no one-to-one is
 * scheduled on or after the as-of day D although the next one falls due within the profile's
 * interval. Calendar-month profiles: due by the end of the calendar month after the last held
 * one, raised when that is less than one calendar month after D, and still raised once it has
 * passed, until one is booked. A one-to-one on D itself still marked scheduled counts as booked.
 * It is a warning to the supervisor and never escalates.
 */
import { addMonths, daysBetween } from '../calendar';
import type { Staff } from '../domain';
import type { Finding } from '../findings';
import { nextDueFor } from '../next-due';
import { heldDays, londonDate, make, type RuleContext } from './context';

export function hasBookedOneToOne(ctx: RuleContext, staffId: string): boolean {
  for (const s of ctx.sessionsBySupervisee.get(staffId) ?? [])
    if (
      s.kind === 'one-to-one' &&
      s.status === 'scheduled' &&
      londonDate(s.scheduledStart) >= ctx.asOf
    )
      return true;
  return false;
}

export function nextSessionFindings(ctx: RuleContext, staff: Staff): Finding[] {
  if (hasBookedOneToOne(ctx, staff.id)) return [];
  const next = nextDueFor(ctx.profile, staff, heldDays(ctx, staff.id), ctx.asOf);
  const within =
    next.rule.type === 'calendar-month'
      ? next.due < addMonths(ctx.asOf, 1)
      : daysBetween(ctx.asOf, next.due) <= next.rule.days;
  if (!within) return [];
  return [
    make('next-session-not-booked', {
      staffId: staff.id,
      notify: staff.supervisorId ?? null,
      due: next.due,
      detail: `no one-to-one is booked; the next one is due by ${next.due}`,
      source: next.source,
      severity: 'warning',
      key: `next-session-not-booked|${staff.id}|${next.due}`,
      facts: { lastHeld: next.lastHeld },
    }),
  ];
}
