/**
 * Yearly counts: annual-minimum-at-risk and observation-due (CONTRACT "Findings"; 000, 001
 * Frequency; 002 §3.1, §3.6; 003 §5).
 */
import { addDays, addMonths, monthOf } from '../calendar';
import type { Staff } from '../domain';
import type { Finding } from '../findings';
import { monthsOfYear } from '../supervision-year';
import {
  escalateAfterGrace,
  heldDays,
  inPostAllMonth,
  londonDate,
  make,
  monthEnd,
  monthOfDay,
  type RuleContext,
} from './context';

/** The yearly requirement scaled to the months in post this year (when pro-rating is on). */
export function scaledRequirement(ctx: RuleContext, staff: Staff, full: number): number {
  if (!ctx.interp.proRataPartYear) return full;
  const months = monthsOfYear(ctx.year);
  const inPost = months.filter((m) => inPostAllMonth(staff, m)).length;
  return Math.ceil((full * inPost) / months.length);
}

/** Held this year, required this year, and the most still possible (one per remaining month). */
export function annualPosition(
  ctx: RuleContext,
  staff: Staff,
): { held: number; required: number; possible: number } | null {
  const per = ctx.profile.perYear.value;
  if (!per) return null;
  const required = scaledRequirement(
    ctx,
    staff,
    staff.employment === 'part-time' ? per.partTime : per.fullTime,
  );
  let held = 0;
  let heldThisMonth = false;
  const current = monthOf(ctx.asOf);
  for (const d of heldDays(ctx, staff.id))
    if (d >= ctx.year.start) {
      held++;
      if (monthOfDay(d) === current) heldThisMonth = true;
    }
  // The current month still offers a session only while none is held in it and it is not over.
  let remaining = !heldThisMonth && ctx.asOf < monthEnd(current) ? 1 : 0;
  for (const m of monthsOfYear(ctx.year)) {
    if (m <= current) continue;
    if (ctx.interp.proRataPartYear && !inPostAllMonth(staff, m)) continue;
    remaining++;
  }
  return { held, required, possible: held + remaining };
}

export function annualMinimumFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const pos = annualPosition(ctx, staff);
  if (!pos || pos.possible >= pos.required) return [];
  return [
    make('annual-minimum-at-risk', {
      staffId: staff.id,
      notify: staff.supervisorId ?? null,
      // It can no longer be met: nothing to wait for, so it goes up at once.
      escalateTo: ctx.hierarchy.escalationTarget(staff.id),
      due: ctx.year.end,
      detail: `${pos.held} one-to-ones held in supervision year ${ctx.year.label}; at most ${pos.possible} possible by ${ctx.year.end} against a minimum of ${pos.required}`,
      source: ctx.profile.perYear.source,
      severity: 'breach',
      key: `annual-minimum-at-risk|${staff.id}|${ctx.year.label}`,
      facts: {
        held: pos.held,
        possible: pos.possible,
        required: pos.required,
        year: ctx.year.label,
      },
    }),
  ];
}

/** Observations held this year for a supervisee, and how many of them by their supervisor. */
export function observationCounts(
  ctx: RuleContext,
  staff: Staff,
): { total: number; bySupervisor: number } {
  let total = 0;
  let bySupervisor = 0;
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (s.kind !== 'observation' || s.status !== 'held') continue;
    const day = londonDate(s.scheduledStart);
    if (day < ctx.year.start || day > ctx.asOf) continue;
    total++;
    if (s.supervisorId === staff.supervisorId) bySupervisor++;
  }
  return { total, bySupervisor };
}

export function observationDueFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const rule = ctx.profile.observations.value;
  if (!rule || (rule.caseHoldersOnly && !staff.caseHolding)) return [];
  const warnFrom = addMonths(addDays(ctx.year.end, 1), -ctx.interp.observationWarnMonths);
  if (ctx.asOf < warnFrom) return [];
  const required = scaledRequirement(ctx, staff, rule.perYear);
  const bySupRequired = Math.min(rule.bySupervisorAtLeast, required);
  const { total, bySupervisor } = observationCounts(ctx, staff);
  if (total >= required && bySupervisor >= bySupRequired) return [];
  const bySupText =
    bySupRequired > 0
      ? `, ${bySupervisor} of them by the supervisor (at least ${bySupRequired})`
      : '';
  return [
    make('observation-due', {
      staffId: staff.id,
      notify: staff.supervisorId ?? null,
      escalateTo: escalateAfterGrace(ctx, staff.id, ctx.year.end),
      due: ctx.year.end,
      detail: `${total} of ${required} observations of practice held in supervision year ${ctx.year.label}${bySupText}; the year ends ${ctx.year.end}`,
      source: ctx.profile.observations.source,
      severity: 'warning',
      key: `observation-due|${staff.id}|${ctx.year.label}`,
      facts: { held: total, required, bySupervisor, bySupervisorRequired: bySupRequired },
    }),
  ];
}
