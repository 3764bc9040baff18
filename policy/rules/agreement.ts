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

/**
 * When the agreement is due: at the pair's first one-to-one (any status but cancelled; the
 * documents tie it to the start of the relationship). While that first one is still ahead, it
 * is due no later than one month after the relationship can have begun (the supervisee's start
 * date, or their last one-to-one with a previous supervisor), so a booking that keeps being
 * pushed back cannot put it off; a new starter booked within their first month is not flagged.
 */
function relationshipStart(ctx: RuleContext, staff: Staff): LocalDate {
  let first: LocalDate | null = null;
  let lastWithOthers: LocalDate | null = null;
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (s.kind !== 'one-to-one' || s.status === 'cancelled') continue;
    const day = londonDate(s.scheduledStart);
    if (s.supervisorId !== staff.supervisorId) {
      if (day <= ctx.asOf) lastWithOthers = day;
    } else if (first === null) {
      first = day; // sorted by start: the pair's earliest
    }
  }
  if (first !== null && first <= ctx.asOf) return first;
  const began = [staff.startDate, lastWithOthers]
    .filter((d): d is LocalDate => !!d)
    .sort()
    .pop();
  const latest = began ? addMonths(began, 1) : null;
  if (first !== null && latest !== null) return first < latest ? first : latest;
  return first ?? latest ?? ctx.asOf;
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
