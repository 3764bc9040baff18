/**
 * case-discussion-due (extension; POLICIES §6): an open case not discussed in supervision within
 * the profile's case cadence. Cases are named by case-system id only.
 */
import { addDays } from '../calendar';
import type { CaseRecord, LocalDate, Staff } from '../domain';
import type { Finding } from '../findings';
import type { CaseCadenceRule, PolicyProfile } from '../profile';
import { escalateAfterGrace, make, type RuleContext } from './context';

export function cadenceFor(profile: PolicyProfile, category: string): CaseCadenceRule | null {
  const c = category.trim().toLowerCase();
  return (
    profile.caseCadence.find((r) => r.categories.some((x) => x.toLowerCase() === c)) ??
    profile.caseCadence.find((r) => r.categories.includes('*')) ??
    null
  );
}

export function isOpenOn(c: CaseRecord, d: LocalDate): boolean {
  return c.openedAt <= d && (!c.closedAt || c.closedAt > d);
}

/** The day by which the case must next be discussed, with the rule; null when no rule applies. */
export function caseDiscussionDue(
  profile: PolicyProfile,
  c: CaseRecord,
): { due: LocalDate; rule: CaseCadenceRule } | null {
  const rule = cadenceFor(profile, c.category);
  if (!rule) return null;
  const due = c.lastDiscussedAt
    ? addDays(c.lastDiscussedAt, rule.maxDays)
    : addDays(c.openedAt, rule.firstWithinDays ?? rule.maxDays);
  return { due, rule };
}

export function caseDiscussionFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const out: Finding[] = [];
  for (const c of ctx.casesByWorker.get(staff.id) ?? []) {
    if (!isOpenOn(c, ctx.asOf)) continue;
    const d = caseDiscussionDue(ctx.profile, c);
    if (!d || ctx.asOf <= d.due) continue;
    const since = c.lastDiscussedAt
      ? `since ${c.lastDiscussedAt}`
      : `since it was opened on ${c.openedAt}`;
    out.push(
      make('case-discussion-due', {
        staffId: staff.id,
        notify: staff.supervisorId ?? null,
        escalateTo: escalateAfterGrace(ctx, staff.id, d.due),
        due: d.due,
        detail: `case ${c.caseId} has not been discussed in supervision ${since}; it was due by ${d.due}`,
        source: d.rule.source,
        severity: 'warning',
        key: `case-discussion-due|${c.caseId}|${c.lastDiscussedAt ?? `opened-${c.openedAt}`}`,
        facts: { caseId: c.caseId, category: c.category },
      }),
    );
  }
  return out;
}
