/**
 * return-supervision-due (warning to the supervisor; CONTRACT "Back from absence"; 004
 * "Supervision must be scheduled as a priority when the practitioner returns"): after an
 * absence of at least `minAbsenceWorkingDays` (10) working days, a one-to-one must be booked
 * within `bookWithinWorkingDays` (5) working days of the first day back. islington-eh on; other
 * profiles off unless the organisation turns it on (`returnSupervision` setting).
 *
 * - An absence is a span of absences joined end to end or across non-working days
 *   (context.ts absenceSpans: sickness entered a week at a time is one absence); its length is
 *   the working days inside it.
 * - The first day back is the first working day after the span.
 * - "Booked": the data holds no booking time, so any one-to-one on record (scheduled or held)
 *   dated on or after the first day back counts. None by the end of the 5th working day after
 *   the first day back raises the finding from the next day (the contract's deadline rule);
 *   it stays until one is booked (interpretation).
 * - Escalated, as every kind not settled otherwise, after the profile's grace working days.
 */
import { addDays, addMonths } from '../calendar';
import type { Staff } from '../domain';
import type { Finding } from '../findings';
import { addedKindSettingsOf } from '../added-kind-settings';
import { absenceSpans, escalateAfterGrace, londonDate, make, type RuleContext } from './context';

export function returnSupervisionFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const setting = addedKindSettingsOf(ctx.profile).returnSupervision;
  const rule = setting.value;
  if (!rule) return [];
  const absences = ctx.absencesByStaff.get(staff.id) ?? [];
  if (!absences.length) return [];
  const since = addMonths(ctx.asOf, -ctx.interp.lookbackMonths);
  // The days of booked or held one-to-ones, read only when an absence gets that far (most
  // people's absences are short or long past).
  let bookedDays: string[] | null = null;
  const booked = (): string[] => {
    if (bookedDays) return bookedDays;
    bookedDays = [];
    for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? [])
      if (s.kind === 'one-to-one' && (s.status === 'scheduled' || s.status === 'held'))
        bookedDays.push(londonDate(s.scheduledStart));
    return bookedDays;
  };
  const out: Finding[] = [];
  for (const span of absenceSpans(absences, ctx.calendar)) {
    if (span.to < since || span.to >= ctx.asOf) continue;
    // The cheap tests first; all must hold for a finding, so their order does not matter.
    const back = ctx.calendar.nextWorkingDayOnOrAfter(addDays(span.to, 1));
    if (staff.leftDate && staff.leftDate < back) continue;
    const due = ctx.addWorkingDays(back, rule.bookWithinWorkingDays);
    if (ctx.asOf <= due) continue;
    // Long enough? Counted only up to the minimum (sickness can run for months); the whole
    // length only for a finding's text.
    const before = addDays(span.from, -1);
    if (!ctx.calendar.hasWorkingDaysAfter(before, span.to, rule.minAbsenceWorkingDays)) continue;
    if (booked().some((d) => d >= back)) continue;
    const length = ctx.calendar.workingDaysAfter(before, span.to);
    out.push(
      make('return-supervision-due', {
        staffId: staff.id,
        notify: staff.supervisorId ?? null,
        escalateTo: escalateAfterGrace(ctx, staff.id, due),
        due,
        detail: `back on ${back} after ${length} working days' absence and no one-to-one booked since: book one as a priority (due by ${due})`,
        source: setting.source,
        severity: 'warning',
        key: `return-supervision-due|${staff.id}|${back}`,
        facts: { absentFrom: span.from, absentTo: span.to, back, absenceWorkingDays: length },
      }),
    );
  }
  return out;
}
