/**
 * record-overdue and signature-overdue (CONTRACT "Findings"; POLICIES §3).
 *
 * The record deadline is the N-th working day after the session's London date; on that day it
 * is not yet overdue. A significant-decision session (Islington) has an hours deadline instead:
 * the London date on which those hours run out is the deadline day.
 */
import type { LocalDate, Session, Staff } from '../domain';
import type { Finding } from '../findings';
import { escalateAfterGrace, londonDate, make, type RuleContext } from './context';

const HOUR_MS = 3_600_000;

export function recordDeadline(
  ctx: Pick<RuleContext, 'profile' | 'addWorkingDays' | 'interp'>,
  s: Session,
): LocalDate {
  const { workingDays, significantDecisionHours } = ctx.profile.recordDeadline.value;
  if (s.significantDecision && significantDecisionHours !== null) {
    const minutes = ctx.interp.significantHoursFromEnd
      ? (s.heldMinutes ?? s.plannedMinutes ?? 0)
      : 0;
    const end =
      Date.parse(s.scheduledStart) + minutes * 60_000 + significantDecisionHours * HOUR_MS;
    return londonDate(new Date(end).toISOString());
  }
  return ctx.addWorkingDays(londonDate(s.scheduledStart), workingDays);
}

export function recordOverdueFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const out: Finding[] = [];
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (s.kind !== 'one-to-one' || s.status !== 'held' || s.recordCompletedAt) continue;
    const day = londonDate(s.scheduledStart);
    if (day > ctx.asOf) continue;
    const due = recordDeadline(ctx, s);
    if (ctx.asOf <= due) continue;
    const significant =
      !!s.significantDecision && ctx.profile.recordDeadline.value.significantDecisionHours !== null;
    out.push(
      make('record-overdue', {
        staffId: staff.id,
        sessionId: s.id,
        notify: s.supervisorId,
        escalateTo: escalateAfterGrace(ctx, staff.id, due),
        due,
        detail: `the record of the one-to-one on ${day} is not complete; it was due by ${due}${significant ? ' (significant decision: 24-hour deadline)' : ''}`,
        source: ctx.profile.recordDeadline.source,
        severity: 'breach',
        key: `record-overdue|${s.id}`,
        facts: { sessionDay: day, significantDecision: significant },
      }),
    );
  }
  return out;
}

export function signatureOverdueFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const out: Finding[] = [];
  const wd = ctx.profile.signatureDeadlineWorkingDays.value;
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (s.kind !== 'one-to-one' || s.status !== 'held' || !s.recordCompletedAt) continue;
    if (s.supervisorSignedAt && s.superviseeSignedAt) continue;
    const completed = londonDate(s.recordCompletedAt);
    if (completed > ctx.asOf) continue;
    const due = ctx.addWorkingDays(completed, wd);
    if (ctx.asOf <= due) continue;
    const day = londonDate(s.scheduledStart);
    const missing: Array<['supervisee' | 'supervisor', string]> = [];
    if (!s.superviseeSignedAt) missing.push(['supervisee', s.superviseeId]);
    if (!s.supervisorSignedAt) missing.push(['supervisor', s.supervisorId]);
    for (const [who, id] of missing)
      out.push(
        make('signature-overdue', {
          staffId: staff.id,
          sessionId: s.id,
          notify: id,
          escalateTo: escalateAfterGrace(ctx, staff.id, due),
          due,
          detail: `the record of the one-to-one on ${day} (completed ${completed}) still needs the ${who}'s signature`,
          source: ctx.profile.signatureDeadlineWorkingDays.source,
          severity: 'warning',
          key: `signature-overdue|${s.id}|${who}`,
          facts: { signer: who, recordCompleted: completed },
        }),
      );
  }
  return out;
}
