/**
 * supervisor-absent (extension; 001 Frequency): "If a supervisor is absent from work for more
 * than one month, their line manager should ensure that arrangements are made for the effective
 * supervision of the staff for whom they are responsible." Raised for an absence period that
 * includes asOf and lasts longer than the profile's days (known ahead, so cover starts at once).
 * Back-to-back absences separated only by non-working days are one period.
 */
import { addDays, daysBetween } from '../calendar';
import type { Absence, LocalDate } from '../domain';
import type { Finding } from '../findings';
import { cmp, inPostOn, make, type RuleContext } from './context';

function periodContaining(
  ctx: RuleContext,
  abs: readonly Absence[],
  d: LocalDate,
): { from: LocalDate; to: LocalDate } | null {
  const sorted = [...abs].sort((a, b) => cmp(a.from, b.from) || cmp(a.to, b.to));
  let cur: { from: LocalDate; to: LocalDate } | null = null;
  for (const a of sorted) {
    if (
      cur &&
      (a.from <= addDays(cur.to, 1) ||
        !ctx.calendar.hasWorkingDaysAfter(cur.to, addDays(a.from, -1)))
    ) {
      if (a.to > cur.to) cur.to = a.to;
      continue;
    }
    if (cur && cur.from <= d && cur.to >= d) return cur;
    cur = { from: a.from, to: a.to };
  }
  return cur && cur.from <= d && cur.to >= d ? cur : null;
}

export function supervisorAbsentFindings(ctx: RuleContext): Finding[] {
  const limit = ctx.profile.supervisorAbsenceDays.value;
  if (limit === null) return [];
  const supervisees = new Map<string, number>();
  for (const s of ctx.subjects)
    if (s.supervisorId) supervisees.set(s.supervisorId, (supervisees.get(s.supervisorId) ?? 0) + 1);
  const out: Finding[] = [];
  for (const [supId, count] of [...supervisees].sort((a, b) => cmp(a[0], b[0]))) {
    const sup = ctx.hierarchy.get(supId);
    if (!sup || !inPostOn(sup, ctx.asOf)) continue;
    const period = periodContaining(ctx, ctx.absencesByStaff.get(supId) ?? [], ctx.asOf);
    if (!period) continue;
    const length = daysBetween(period.from, period.to) + 1;
    if (length <= limit) continue;
    const line = ctx.hierarchy.lineManagerOf(supId);
    const grace = ctx.addWorkingDays(period.from, ctx.profile.escalation.value.graceWorkingDays);
    out.push(
      make('supervisor-absent', {
        staffId: supId,
        notify: line,
        escalateTo: ctx.asOf > grace && line ? ctx.hierarchy.nextLevelUp(line) : null,
        due: period.from,
        detail: `supervisor absent from ${period.from} to ${period.to} (${length} days): arrange supervision for their ${count} supervisee(s)`,
        source: ctx.profile.supervisorAbsenceDays.source,
        severity: 'warning',
        key: `supervisor-absent|${supId}|${period.from}`,
        facts: { from: period.from, to: period.to, supervisees: count },
      }),
    );
  }
  return out;
}
