/**
 * Per-session findings: session-unconfirmed and session-too-short (CONTRACT "Findings";
 * POLICIES §1 "a held session shorter than the minimum counts as held but is flagged", §2).
 */
import { addMonths } from '../calendar';
import type { LocalDate, Session, Staff } from '../domain';
import type { Finding } from '../findings';
import { londonDate, make, type RuleContext } from './context';

export function sessionUnconfirmedFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const out: Finding[] = [];
  const { afterWorkingDays, escalateAfterWorkingDays } = ctx.profile.unconfirmed.value;
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (s.kind !== 'one-to-one' || s.status !== 'scheduled') continue;
    const day = londonDate(s.scheduledStart);
    if (day >= ctx.asOf) continue;
    const due = ctx.addWorkingDays(day, afterWorkingDays);
    if (ctx.asOf <= due) continue;
    const escalateAt = ctx.addWorkingDays(due, escalateAfterWorkingDays);
    out.push(
      make('session-unconfirmed', {
        staffId: staff.id,
        sessionId: s.id,
        notify: s.supervisorId,
        escalateTo: ctx.asOf > escalateAt ? ctx.hierarchy.escalationTarget(staff.id) : null,
        due,
        detail: `the one-to-one on ${day} is still shown as scheduled: confirm it was held, or cancel it with a new date`,
        source: ctx.profile.unconfirmed.source,
        severity: 'warning',
        key: `session-unconfirmed|${s.id}`,
        facts: { sessionDay: day, escalateAfter: escalateAt },
      }),
    );
  }
  return out;
}

export function sessionTooShortFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const min = ctx.profile.minimumMinutes.value;
  if (min === null) return [];
  const from = addMonths(ctx.asOf, -ctx.interp.lookbackMonths);
  const out: Finding[] = [];
  const booked = ctx.profile.bookedLengthChecked?.value === true;
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (booked && s.kind === 'one-to-one' && s.status === 'scheduled') {
      const f = bookedTooShort(ctx, staff, s, min, from);
      if (f) out.push(f);
      continue;
    }
    if (s.kind !== 'one-to-one' || s.status !== 'held' || s.heldMinutes === undefined) continue;
    if (s.heldMinutes >= min) continue;
    const day = londonDate(s.scheduledStart);
    if (day < from || day > ctx.asOf) continue;
    out.push(
      make('session-too-short', {
        staffId: staff.id,
        sessionId: s.id,
        notify: s.supervisorId,
        due: day,
        detail: `the one-to-one on ${day} lasted ${s.heldMinutes} minutes (minimum ${min}); it counts as held`,
        source: ctx.profile.minimumMinutes.source,
        severity: 'warning',
        key: `session-too-short|${s.id}`,
        facts: { heldMinutes: s.heldMinutes, minimumMinutes: min },
      }),
    );
  }
  return out;
}

/**
 * A one-to-one booked for less than the minimum (000 "Minimum of 90 minutes allocated"): raised
 * from the day it is booked (the data has no booking date, so from whenever it is seen
 * scheduled) until it is held, moved or cancelled, so the booking can be lengthened in time.
 */
function bookedTooShort(
  ctx: RuleContext,
  staff: Staff,
  s: Session,
  min: number,
  from: LocalDate,
): Finding | null {
  if (s.plannedMinutes === undefined || s.plannedMinutes >= min) return null;
  const day = londonDate(s.scheduledStart);
  if (day < from) return null;
  return make('session-too-short', {
    staffId: staff.id,
    sessionId: s.id,
    notify: s.supervisorId,
    // Due now (the booking is already short), so the supervisor hears before the day, not on it.
    due: day < ctx.asOf ? day : ctx.asOf,
    detail: `the one-to-one booked for ${day} is ${s.plannedMinutes} minutes long; at least ${min} minutes should be allocated`,
    source: ctx.profile.bookedLengthChecked?.source ?? ctx.profile.minimumMinutes.source,
    severity: 'warning',
    key: `session-too-short|${s.id}|booked`,
    facts: { plannedMinutes: s.plannedMinutes, minimumMinutes: min, booked: true },
  });
}
