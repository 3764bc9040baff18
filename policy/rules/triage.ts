/**
 * Family Connect triage rota (telford-sf; 003 "Family Connect — Triage Cover"):
 * triage-uncovered (a working day from asOf to N calendar months ahead with no member) and
 * triage-imbalance (a member's month more than the tolerance off the fair share). Coverage and
 * balance arithmetic live in policy/triage-coverage.ts (shared with rota/).
 */
import { addMonths, addMonthsToMonth, monthOf } from '../calendar';
import type { Staff } from '../domain';
import type { Finding } from '../findings';
import {
  holderUnavailable,
  imbalancedMembers,
  memberBalance,
  rotaByDate,
  staffIndex,
  triageHorizonEnd,
  triageMembers as rotaMembersOn,
  uncoveredDays,
  type HolderUnavailable,
} from '../triage-coverage';

const UNAVAILABLE_WORDS: Record<HolderUnavailable, string> = {
  absent: 'who is recorded as absent that day',
  left: 'who has left by that day',
  'not-started': 'who has not started by that day',
};
import { cmp, inPostOn, make, type RuleContext } from './context';

/** The team leader of a hub (first by id), who arranges cover from that hub (003 Triage Cover). */
function hubLead(ctx: RuleContext, hub: string | undefined): string | null {
  const leads = ctx.snapshot.staff
    .filter(
      (s) =>
        s.role === 'team-leader' && inPostOn(s, ctx.asOf) && (hub === undefined || s.team === hub),
    )
    .map((s) => s.id)
    .sort(cmp);
  return leads[0] ?? null;
}

export function triageMembers(ctx: RuleContext): Staff[] {
  const t = ctx.profile.triage;
  if (!t) return [];
  return rotaMembersOn(ctx.hierarchy.all(), ctx.snapshot.rota, t, ctx.asOf).sort((a, b) =>
    cmp(a.id, b.id),
  );
}

export function triageUncoveredFindings(ctx: RuleContext): Finding[] {
  const t = ctx.profile.triage;
  // No one on the rota at all: the organisation does not run a triage desk on this data.
  if (!t || !triageMembers(ctx).length) return [];
  const to = triageHorizonEnd(ctx.asOf, t.monthsAhead);
  const byDate = rotaByDate(ctx.snapshot.rota);
  const anyLead = hubLead(ctx, undefined);
  const absences = ctx.snapshot.absences;
  const staff = ctx.snapshot.staff;
  const byId = staffIndex(staff);
  return uncoveredDays(ctx.snapshot.rota, ctx.asOf, to, ctx.calendar, absences, staff).map(
    (day) => {
      const row = byDate.get(day);
      const hub = row?.hub || undefined;
      // A named holder who cannot be there (away, left, not started): say so, so the reader
      // knows whose slot to fill.
      const awayId = row?.memberId?.trim() || null;
      const why = awayId ? holderUnavailable(byId, absences, awayId, day) : null;
      const notify =
        (hub ? hubLead(ctx, hub) : null) ??
        (anyLead ? ctx.hierarchy.lineManagerOf(anyLead) : null) ??
        anyLead;
      const soon =
        ctx.calendar.workingDaysAfter(ctx.asOf, day) <= ctx.interp.triageEscalateWithinWorkingDays;
      return make('triage-uncovered', {
        staffId: '',
        notify,
        escalateTo: soon && notify ? ctx.hierarchy.nextLevelUp(notify) : null,
        due: day,
        detail: awayId
          ? `the triage desk on ${day}${hub ? ` (${hub} slot)` : ''} is held by ${awayId}, ${UNAVAILABLE_WORDS[why ?? 'absent']}`
          : `nobody covers the triage desk on ${day}${hub ? ` (${hub} slot)` : ''}`,
        source: t.source,
        severity: soon ? 'breach' : 'warning',
        key: `triage-uncovered|${day}`,
        facts: { hub: hub ?? null, absentHolderId: awayId, holderUnavailable: why },
      });
    },
  );
}

export function triageImbalanceFindings(ctx: RuleContext): Finding[] {
  const t = ctx.profile.triage;
  if (!t) return [];
  const members = triageMembers(ctx).map((s) => s.id);
  if (!members.length) return [];
  const out: Finding[] = [];
  const first = monthOf(ctx.asOf);
  const last = monthOf(addMonths(ctx.asOf, t.monthsAhead));
  for (let m = first; m <= last; m = addMonthsToMonth(m, 1)) {
    for (const b of imbalancedMembers(
      memberBalance(ctx.snapshot.rota, members, m, t, ctx.calendar),
      t,
    )) {
      out.push(
        make('triage-imbalance', {
          staffId: b.memberId,
          notify: ctx.hierarchy.lineManagerOf(b.memberId),
          due: `${m}-01`,
          detail: `${b.days} triage days in ${m} against a fair share of ${b.fairShare}`,
          source: t.source,
          severity: m === first ? 'warning' : 'info',
          key: `triage-imbalance|${b.memberId}|${m}`,
          facts: { month: m, days: b.days, fairShare: b.fairShare, diff: b.diff },
        }),
      );
    }
  }
  return out;
}
