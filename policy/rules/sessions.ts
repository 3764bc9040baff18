/**
 * Per-session findings: session-unconfirmed and session-too-short (CONTRACT "Findings";
 * POLICIES §1 "a held session shorter than the minimum counts as held but is flagged", §2).
 */
import { addMonths } from '../calendar';
import type { Staff } from '../domain';
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
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
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
