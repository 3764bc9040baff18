/**
 * record-overdue and signature-overdue (CONTRACT "Findings"; POLICIES §3).
 *
 * The record deadline is the N-th working day after the session's London date; on that day it
 * is not yet overdue. A significant-decision session (Islington) has an hours deadline instead:
 * the London date on which those hours run out is the deadline day.
 *
 * Both rules see the paperwork as it stood at the end of the as-of day (a record completed or a
 * signature given later was not yet done), and both also run for leavers: a record or signature
 * owed for a session before someone's last day is still owed after it.
 */
import { addDays } from '../calendar';
import type { Instant, LocalDate, Session, Staff } from '../domain';
import type { Finding } from '../findings';
import type { RecordDeadline } from '../profile';
import { escalateAfterGrace, londonDate, make, type RuleContext } from './context';

const HOUR_MS = 3_600_000;

/**
 * The ordinary record deadline for a session on `day`, in the profile's own unit: the N-th
 * working day after it (001, 004: "within five working days"), the day a calendar week on
 * (002 §3 "within one week": 2 Apr → 9 Apr), or the session day itself (003 §6 "recorded in
 * the session"). On the deadline day the record is not yet overdue.
 */
export function ordinaryRecordDue(
  deadline: Pick<RecordDeadline, 'days' | 'unit'>,
  day: LocalDate,
  addWorkingDays: (d: LocalDate, n: number) => LocalDate,
): LocalDate {
  switch (deadline.unit) {
    case 'in-session':
      return day;
    case 'calendar-days':
      return addDays(day, deadline.days);
    case 'working-days':
      return addWorkingDays(day, deadline.days);
  }
}

/**
 * The moment a significant-decision record is due (004 "Management oversight": 24 clock hours,
 * weekends included, from the session's end), or null when the ordinary deadline applies.
 */
export function significantDecisionMoment(
  ctx: Pick<RuleContext, 'profile' | 'interp'>,
  s: Session,
): number | null {
  const hours = ctx.profile.recordDeadline.value.significantDecisionHours;
  if (!s.significantDecision || hours === null) return null;
  const minutes = ctx.interp.significantHoursFromEnd ? (s.heldMinutes ?? s.plannedMinutes ?? 0) : 0;
  return Date.parse(s.scheduledStart) + minutes * 60_000 + hours * HOUR_MS;
}

/** The deadline day: for a significant decision, the London date on which its hours run out. */
export function recordDeadline(
  ctx: Pick<RuleContext, 'profile' | 'addWorkingDays' | 'interp'>,
  s: Session,
): LocalDate {
  const moment = significantDecisionMoment(ctx, s);
  if (moment !== null) return londonDate(new Date(moment).toISOString());
  return ordinaryRecordDue(
    ctx.profile.recordDeadline.value,
    londonDate(s.scheduledStart),
    ctx.addWorkingDays,
  );
}

/** Done by the end of the as-of day; a later date-time is a past evaluation's future. */
function doneBy(ctx: RuleContext, at: Instant | undefined): boolean {
  if (!at) return false;
  // The date as written is within a day of the London date, so only an instant written the day
  // before, of or after asOf needs converting; most are long past (parsing them all doubled
  // the rule's cost on a large organisation).
  // Compared without cutting the date out (a string per session per rule): with w the first
  // ten characters of `at`, w < x exactly when at < x, and w > y exactly when at > y and `at`
  // does not begin with y.
  if (at < ctx.asOfBefore) return true;
  if (at > ctx.asOfAfter && !at.startsWith(ctx.asOfAfter)) return false;
  return londonDate(at) <= ctx.asOf;
}

/** The last day whose sessions are this supervisee's to account for: asOf, or their last day. */
function lastDayOf(ctx: RuleContext, staff: Staff): LocalDate {
  return staff.leftDate && staff.leftDate < ctx.asOf ? staff.leftDate : ctx.asOf;
}

export function recordOverdueFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const out: Finding[] = [];
  const lastDay = lastDayOf(ctx, staff);
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (s.kind !== 'one-to-one' || s.status !== 'held') continue;
    // A significant decision completed late on its due day is judged below, at the moment.
    if (doneBy(ctx, s.recordCompletedAt) && !significantDecisionMoment(ctx, s)) continue;
    const day = londonDate(s.scheduledStart);
    if (day > lastDay) continue;
    const due = recordDeadline(ctx, s);
    const moment = significantDecisionMoment(ctx, s);
    const significant = moment !== null;
    if (significant) {
      // Raised as of the end of the day on which the 24 hours run out, when the record was
      // still not complete at that moment (CONTRACT "24 hours"); once done, it clears.
      if (ctx.asOf < due) continue;
      if (s.recordCompletedAt && Date.parse(s.recordCompletedAt) <= moment) continue;
      if (ctx.asOf > due && doneBy(ctx, s.recordCompletedAt)) continue;
    } else if (ctx.asOf <= due) continue;
    out.push(
      make('record-overdue', {
        staffId: staff.id,
        sessionId: s.id,
        notify: s.supervisorId,
        escalateTo: escalateAfterGrace(ctx, staff.id, due),
        due,
        detail: `the record of the one-to-one on ${day} is not complete; it was due by ${due}${significant ? ` (significant decision: ${ctx.profile.recordDeadline.value.significantDecisionHours}-hour deadline)` : ''}`,
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
  const lastDay = lastDayOf(ctx, staff);
  // A leaver can no longer be asked to sign: their supervisor notes on the record why it is not.
  const left = lastDay < ctx.asOf;
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (s.kind !== 'one-to-one' || s.status !== 'held') continue;
    if (!s.recordCompletedAt || !doneBy(ctx, s.recordCompletedAt)) continue;
    const superviseeSigned = doneBy(ctx, s.superviseeSignedAt);
    const supervisorSigned = doneBy(ctx, s.supervisorSignedAt);
    if (superviseeSigned && supervisorSigned) continue;
    const day = londonDate(s.scheduledStart);
    if (day > lastDay) continue;
    const completed = londonDate(s.recordCompletedAt);
    const due = ctx.addWorkingDays(completed, wd);
    if (ctx.asOf <= due) continue;
    const missing: Array<['supervisee' | 'supervisor', string, string]> = [];
    if (!superviseeSigned)
      missing.push(
        left
          ? ['supervisee', s.supervisorId, ` (they left on ${lastDay})`]
          : ['supervisee', s.superviseeId, ''],
      );
    if (!supervisorSigned) missing.push(['supervisor', s.supervisorId, '']);
    for (const [who, id, note] of missing)
      out.push(
        make('signature-overdue', {
          staffId: staff.id,
          sessionId: s.id,
          notify: id,
          escalateTo: escalateAfterGrace(ctx, staff.id, due),
          due,
          detail: `the record of the one-to-one on ${day} (completed ${completed}) still needs the ${who}'s signature${note}`,
          source: ctx.profile.signatureDeadlineWorkingDays.source,
          severity: 'warning',
          key: `signature-overdue|${s.id}|${who}`,
          facts: { signer: who, recordCompleted: completed },
        }),
      );
  }
  return out;
}
