/**
 * supervision-gap and gap-explained-by-absence (CONTRACT "Findings"; POLICIES §1, §2).
 *
 * Calendar-month profiles: a completed calendar month, supervisee in post all month, with no
 * held one-to-one is a gap month; a finding is raised for each gap month that makes the run of
 * consecutive gap months longer than the profile tolerates (Shropshire tolerates one).
 * A month the supervisee was absent throughout is not a gap month: it is recorded as
 * gap-explained-by-absence (004 "Frequency") and ends the run.
 * Interval profiles: more than N days since the last held one-to-one (or the start date); an
 * absence of at least a month's length pauses the count (interpretation settings).
 * Findings about absence cite the profile's own frequency rule: that is what the gap is against.
 */
import { addDays, addMonthsToMonth, daysBetween } from '../calendar';
import type { LocalDate, Staff } from '../domain';
import { asyeBase, type AsyeBase } from '../asye';
import type { Finding } from '../findings';
import {
  absenceSpans,
  absentThroughout,
  type AbsenceSpan,
  firstSessionDays,
  frequencyFor,
  heldDays,
  heldMonths,
  inPostAllMonth,
  isAbsentOn,
  make,
  monthEnd,
  monthStart,
  nextMonth,
  type RuleContext,
} from './context';

export function supervisionGapFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const f = frequencyFor(ctx.profile, staff);
  const escalates = f.rule.escalate !== false;
  const asye = asyeBase(ctx.profile, staff, heldDays(ctx, staff.id), ctx.asOf);
  if (asye) {
    // While the ASYE cadence governs the open stretch since the last held one-to-one, the
    // ordinary rule is not asked about that stretch: the ASYE gap (7 or 14 days) says it first
    // and a month or 28 days without one would only repeat it. Earlier, closed stretches are
    // still the ordinary rule's (a whole month missed in week 3 of the ASYE stays reported).
    const own = asyeGap(ctx, staff, asye);
    if (f.rule.type === 'interval') return own;
    return [
      ...own,
      ...monthlyGaps(ctx, staff, f.rule.toleratedMissedMonths, f.source, escalates, asye.base),
    ];
  }
  return f.rule.type === 'calendar-month'
    ? monthlyGaps(ctx, staff, f.rule.toleratedMissedMonths, f.source, escalates)
    : intervalGap(ctx, staff, f.rule.days, f.source, escalates);
}

/** More than the ASYE interval in force since the last held one-to-one (or asyeStart). */
function asyeGap(ctx: RuleContext, staff: Staff, a: AsyeBase): Finding[] {
  if (ctx.asOf <= a.due) return [];
  const since = a.lastHeld
    ? `the last held one-to-one on ${a.lastHeld}`
    : `the ASYE began on ${a.base}`;
  const days = daysBetween(a.base, ctx.asOf);
  return [
    make('supervision-gap', {
      staffId: staff.id,
      notify: staff.supervisorId ?? null,
      escalateTo: ctx.hierarchy.escalationTarget(staff.id),
      due: a.due,
      detail: `ASYE: ${days} days since ${since} (at most ${a.intervalDays} allowed in this part of the ASYE)`,
      source: ctx.profile.asye?.source ?? 'ASYE',
      severity: 'breach',
      key: `supervision-gap|${staff.id}|asye-after-${a.base}`,
      facts: { asye: true, intervalDays: a.intervalDays, daysSince: days, since: a.base },
    }),
  ];
}

function describeRun(months: string[]): string {
  if (months.length === 1) return months[0]!;
  if (months.length === 2) return `${months[0]} and ${months[1]}`;
  return `${months[0]} to ${months[months.length - 1]} (${months.length} months)`;
}

function monthlyGaps(
  ctx: RuleContext,
  staff: Staff,
  tolerated: number,
  source: string,
  escalates: boolean,
  /** ASYE: months wholly after this day are the ASYE gap's to report, not this rule's. */
  asyeCovers: LocalDate | null = null,
): Finding[] {
  const out: Finding[] = [];
  const { windowStart, lastDone } = ctx.lookback;
  const held = heldMonths(ctx, staff.id);
  let h = 0;
  const absences = ctx.absencesByStaff.get(staff.id) ?? [];
  const notify = staff.supervisorId ?? null;
  const escalateTo = escalates ? ctx.hierarchy.escalationTarget(staff.id) : null;
  let run: string[] = [];
  // Start early enough to know how long a run already is when the window opens.
  for (let m = addMonthsToMonth(windowStart, -tolerated); m <= lastDone; m = nextMonth(m)) {
    const inWindow = m >= windowStart;
    const asyeMonth = asyeCovers !== null && monthStart(m) > asyeCovers;
    // `held` is in order, as the months are walked: move on to the first not before m.
    while (h < held.length && held[h]! < m) h++;
    if (!inPostAllMonth(staff, m) || held[h] === m || asyeMonth) {
      if (run.length) run = [];
      continue;
    }
    if (
      ctx.interp.absenceMonthExplainsGap &&
      absences.length &&
      absentThroughout(absences, monthStart(m), monthEnd(m))
    ) {
      if (run.length) run = [];
      if (inWindow)
        out.push(
          make('gap-explained-by-absence', {
            staffId: staff.id,
            notify,
            due: monthEnd(m),
            detail: `no one-to-one in ${m}: absent all month (leave or sickness); record the reason and book supervision as a priority on return`,
            source,
            severity: 'info',
            key: `gap-explained-by-absence|${staff.id}|${m}`,
            facts: { month: m },
          }),
        );
      continue;
    }
    run.push(m);
    if (run.length > tolerated && inWindow)
      out.push(
        make('supervision-gap', {
          staffId: staff.id,
          notify,
          escalateTo,
          due: monthEnd(m),
          detail: `no one-to-one held in ${describeRun(run)}`,
          source,
          severity: escalates ? 'breach' : 'warning',
          key: `supervision-gap|${staff.id}|${m}`,
          facts: { month: m, consecutiveMonths: run.length, firstMonth: run[0]! },
        }),
      );
  }
  return out;
}

/**
 * The absences that pause an interval: spans (see absenceSpans) of at least
 * `absencePauseMinDays` days. A day or a week of leave is booked around, so it does not move
 * the due date; only an absence about as long as the interval itself explains a gap, as a month
 * absent throughout does on the calendar-month profiles.
 */
function pausingAbsences(ctx: RuleContext, staffId: string): AbsenceSpan[] {
  const absences = ctx.absencesByStaff.get(staffId) ?? [];
  if (!ctx.interp.absenceDaysPauseInterval || !absences.length) return [];
  const min = ctx.interp.absencePauseMinDays;
  return absenceSpans(absences, ctx.calendar).filter((a) => daysBetween(a.from, a.to) + 1 >= min);
}

/** The day the interval runs out: base + days, moved on by the days of pausing absences. */
function intervalDue(ctx: RuleContext, staffId: string, base: LocalDate, days: number): LocalDate {
  const pauses = pausingAbsences(ctx, staffId);
  if (!pauses.length) return addDays(base, days);
  let counted = 0;
  let d = base;
  // Bounded: a year of absence beyond the interval is plenty to look through.
  for (let i = 0; i < days + 366 && counted < days; i++) {
    d = addDays(d, 1);
    if (!isAbsentOn(pauses, d)) counted++;
  }
  return d;
}

/**
 * Never supervised and no start date: they have been in post at least since the records begin
 * (the earliest session of anyone), so the interval is counted from there. That keeps `due`
 * fixed from day to day; only with no sessions in the data at all is it the as-of date.
 */
function noBaselineGap(
  ctx: RuleContext,
  staff: Staff,
  days: number,
  source: string,
  escalates: boolean,
): Finding[] {
  const begin = firstSessionDays(ctx).byTime;
  const due = begin === null ? ctx.asOf : addDays(begin, days);
  if (begin !== null && ctx.asOf <= due) return [];
  return [
    make('supervision-gap', {
      staffId: staff.id,
      notify: staff.supervisorId ?? null,
      escalateTo: escalates ? ctx.hierarchy.escalationTarget(staff.id) : null,
      due,
      detail: `no held one-to-one on record (expected every ${days} days)`,
      source,
      severity: escalates ? 'breach' : 'warning',
      key: `supervision-gap|${staff.id}|no-baseline`,
      facts: { intervalDays: days },
    }),
  ];
}

function intervalGap(
  ctx: RuleContext,
  staff: Staff,
  days: number,
  source: string,
  escalates: boolean,
): Finding[] {
  const held = heldDays(ctx, staff.id);
  const lastHeld = held.length ? held[held.length - 1]! : null;
  const base = lastHeld ?? staff.startDate ?? null;
  const notify = staff.supervisorId ?? null;
  const escalateTo = escalates ? ctx.hierarchy.escalationTarget(staff.id) : null;
  if (base === null)
    return ctx.interp.gapWithoutBaseline ? noBaselineGap(ctx, staff, days, source, escalates) : [];
  if (daysBetween(base, ctx.asOf) <= days) return [];
  const due = intervalDue(ctx, staff.id, base, days);
  const since = lastHeld ? `the last held one-to-one on ${lastHeld}` : `starting on ${base}`;
  if (ctx.asOf <= due)
    return [
      make('gap-explained-by-absence', {
        staffId: staff.id,
        notify,
        due: addDays(base, days),
        detail: `more than ${days} days since ${since}, explained by absence; now due by ${due}`,
        source,
        severity: 'info',
        key: `gap-explained-by-absence|${staff.id}|after-${base}`,
        facts: { intervalDays: days, adjustedDue: due },
      }),
    ];
  return [
    make('supervision-gap', {
      staffId: staff.id,
      notify,
      escalateTo,
      due,
      detail: `${daysBetween(base, ctx.asOf)} days since ${since} (at most ${days} allowed)`,
      source,
      severity: escalates ? 'breach' : 'warning',
      key: `supervision-gap|${staff.id}|after-${base}`,
      facts: { intervalDays: days, daysSince: daysBetween(base, ctx.asOf), since: base },
    }),
  ];
}
