/**
 * no-supervisor (breach; CONTRACT "Nobody supervising"): "All staff, irrespective of their
 * level, must have regular, planned supervision" (003 §6). A person in post with a blank
 * `supervisorId` (or one naming themselves) is a finding to their line manager; with no line
 * manager in post, `notify` is null and `facts.notifyAdmins` is true: the scheduler sends it to
 * the admins (config ADMIN_IDS), who are the ones who can fix the staff list.
 *
 * `due` must stay put from day to day (the escalation clock runs from it): the start date, or
 * when there is none the earliest session in the data (they have been in post at least since
 * the records begin), or the as-of date when there are no sessions at all.
 * Escalated, as every kind not settled otherwise, after the profile's grace working days: to
 * the line manager's own line manager.
 */
import type { Finding } from '../findings';
import { cmp, firstSessionDays, inPostOn, make, type RuleContext } from './context';

export const NO_SUPERVISOR_SOURCE = '003 §6 (CONTRACT "Nobody supervising")';

export function noSupervisorFindings(ctx: RuleContext): Finding[] {
  const unsupervised = ctx.hierarchy
    .all()
    .filter((s) => (!s.supervisorId || s.supervisorId === s.id) && inPostOn(s, ctx.asOf))
    .sort((a, b) => cmp(a.id, b.id));
  if (!unsupervised.length) return [];
  const grace = ctx.profile.escalation.value.graceWorkingDays;
  return unsupervised.map((s) => {
    const lm = s.lineManagerId && s.lineManagerId !== s.id ? s.lineManagerId : null;
    const lmStaff = lm ? ctx.hierarchy.get(lm) : undefined;
    const notify = lmStaff && inPostOn(lmStaff, ctx.asOf) ? lm : null;
    // The first session on record is a pass over every session: only asked for when needed.
    let due = s.startDate ?? firstSessionDays(ctx).byText ?? ctx.asOf;
    if (due > ctx.asOf) due = ctx.asOf;
    const up = notify ? ctx.hierarchy.nextLevelUp(notify) : null;
    const escalateTo = up && up !== s.id && ctx.asOf > ctx.addWorkingDays(due, grace) ? up : null;
    return make('no-supervisor', {
      staffId: s.id,
      notify,
      escalateTo,
      due,
      detail: notify
        ? 'nobody is recorded as their supervisor: arrange regular, planned supervision and record the supervisor in the staff list'
        : 'nobody is recorded as their supervisor, and no line manager either: for the admins to correct the staff list',
      source: NO_SUPERVISOR_SOURCE,
      severity: 'breach',
      key: `no-supervisor|${s.id}`,
      facts: { notifyAdmins: notify === null },
    });
  });
}
