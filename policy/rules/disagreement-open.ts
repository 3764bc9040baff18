/**
 * disagreement-open (warning; CONTRACT "Disagreements"; 002 §2.1, §3.3; 003 §12): a record
 * signed with a disagreement (`disagreementAt`, written when a signer records one) stays open
 * until it is marked resolved (`disagreementResolvedAt`). `notify` the supervisor, who must
 * act on it; `escalateTo` the supervisor's line manager from the day after the profile's
 * working days (5) after the day it was recorded, the contract's deadline rule.
 *
 * Evaluated as of the end of D: a disagreement recorded on D is open on D; one resolved on or
 * before D is not.
 */
import type { Staff } from '../domain';
import type { Finding } from '../findings';
import { addedKindSettingsOf } from '../added-kind-settings';
import { londonDate, make, type RuleContext } from './context';

export function disagreementOpenFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const days = addedKindSettingsOf(ctx.profile).disagreementEscalateWorkingDays;
  const out: Finding[] = [];
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (!s.disagreementAt) continue;
    const day = londonDate(s.disagreementAt);
    if (day > ctx.asOf) continue;
    if (s.disagreementResolvedAt && londonDate(s.disagreementResolvedAt) <= ctx.asOf) continue;
    const line = ctx.hierarchy.lineManagerOf(s.supervisorId);
    const up = line && line !== s.supervisorId && line !== staff.id ? line : null;
    const escalateTo = up && ctx.asOf > ctx.addWorkingDays(day, days.value) ? up : null;
    const sessionDay = londonDate(s.scheduledStart);
    out.push(
      make('disagreement-open', {
        staffId: staff.id,
        sessionId: s.id,
        notify: s.supervisorId,
        escalateTo,
        due: day,
        detail: `a disagreement with the record of the session on ${sessionDay} was recorded on ${day} and is not resolved: discuss it and mark it resolved`,
        source: days.source,
        severity: 'warning',
        key: `disagreement-open|${s.id}|${day}`,
        facts: { sessionDay, recordedOn: day, escalateAfterWorkingDays: days.value },
      }),
    );
  }
  return out;
}
