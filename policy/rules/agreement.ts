/**
 * agreement-missing and agreement-review-due (CONTRACT "Findings"; 002 §2.1, App. D; 003 §6,
 * App. A; 001 Frequency). By default the agreement must be with the current supervisor: the
 * documents tie it to the start of a supervisory relationship.
 */
import { addMonths } from '../calendar';
import type { LocalDate, Staff } from '../domain';
import type { Finding } from '../findings';
import { escalateAfterGrace, londonDate, make, type RuleContext } from './context';

/** The last signed agreement date that counts for this supervisee, or null. */
export function lastSignedAgreement(ctx: RuleContext, staff: Staff): LocalDate | null {
  let last: LocalDate | null = null;
  for (const a of ctx.agreementsBySupervisee.get(staff.id) ?? []) {
    if (!a.signedAt || a.signedAt > ctx.asOf) continue;
    if (ctx.interp.agreementPerSupervisor && a.supervisorId !== staff.supervisorId) continue;
    if (last === null || a.signedAt > last) last = a.signedAt;
  }
  return last;
}

/** The first one-to-one of this pair (any status but cancelled): the agreement is due by then. */
function relationshipStart(ctx: RuleContext, staff: Staff): LocalDate {
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (
      s.kind === 'one-to-one' &&
      s.status !== 'cancelled' &&
      s.supervisorId === staff.supervisorId
    )
      return londonDate(s.scheduledStart);
  }
  return staff.startDate ?? ctx.asOf;
}

export function agreementFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const rule = ctx.profile.agreement;
  if (!rule.value.required) return [];
  const last = lastSignedAgreement(ctx, staff);
  const notify = staff.supervisorId ?? null;
  if (last === null) {
    const due = relationshipStart(ctx, staff);
    if (ctx.asOf < due) return [];
    return [
      make('agreement-missing', {
        staffId: staff.id,
        notify,
        escalateTo: escalateAfterGrace(ctx, staff.id, due),
        due,
        detail: 'no signed supervision agreement with the current supervisor',
        source: rule.source,
        severity: 'breach',
        key: `agreement-missing|${staff.id}|${staff.supervisorId ?? ''}`,
      }),
    ];
  }
  const due = addMonths(last, rule.value.reviewMonths);
  if (ctx.asOf <= due) return [];
  return [
    make('agreement-review-due', {
      staffId: staff.id,
      notify,
      escalateTo: escalateAfterGrace(ctx, staff.id, due),
      due,
      detail: `the supervision agreement signed on ${last} was due for review by ${due} (every ${rule.value.reviewMonths} months)`,
      source: rule.source,
      severity: 'warning',
      key: `agreement-review-due|${staff.id}|${last}`,
      facts: { signedAt: last },
    }),
  ];
}
