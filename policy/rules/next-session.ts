/**
 * next-session-not-booked (CONTRACT "Findings"): no future one-to-one is scheduled although the
 * next one falls due within the profile's interval (a month for calendar-month profiles).
 * A one-to-one on asOf itself still marked scheduled counts as booked (it awaits confirmation).
 */
import { addMonths, daysBetween } from '../calendar';
import type { Staff } from '../domain';
import type { Finding } from '../findings';
import { nextDueFor } from '../next-due';
import { heldOneToOnes, londonDate, make, type RuleContext } from './context';

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
  const next = nextDueFor(
    ctx.profile,
    staff,
    heldOneToOnes(ctx, staff.id).map((h) => h.day),
    ctx.asOf,
  );
  const within =
    next.rule.type === 'calendar-month'
      ? next.due <= addMonths(ctx.asOf, 1)
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
