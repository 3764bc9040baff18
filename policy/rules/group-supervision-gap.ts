/**
 * group-supervision-gap (warning to the supervisor, never escalated by itself; CONTRACT "Group
 * supervision and the ASYE" and its Fine print):
 * - durham-eh, everyone in post all month: no held group session attended in a completed
 *   calendar month; part-time staff two consecutive such months (000 "Signs of Safety /
 *   Wellbeing": monthly, bi-monthly for part time; managers monitor and record attendance);
 * - manchester-cs, case-holding staff and anyone in their ASYE: monthly (002 §1.1.3, §2.3);
 * - other profiles: off unless the organisation turns it on (`groupSupervision` setting).
 *
 * Attended = named in a held group session's `attendees` (or its `superviseeId`, when a group
 * session was entered with one). A month the person was absent throughout is not a gap month
 * and breaks the run (interpretation, as for one-to-ones: 004 "Frequency"). As with one-to-one
 * gaps, months older than the lookback window are not reported.
 */
import { addMonths, addMonthsToMonth, firstOfMonth } from '../calendar';
import type { LocalDate, Staff } from '../domain';
import type { Finding } from '../findings';
import { addedKindSettingsOf } from '../added-kind-settings';
import {
  absentThroughout,
  distinctInOrder,
  inPostAllMonth,
  londonDate,
  make,
  monthEnd,
  monthOfDay,
  monthStart,
  nextMonth,
  type RuleContext,
} from './context';

/**
 * The months in which each person attended a held group session, distinct and in order (kept
 * with the context). Gathered as lists, not a set per person: a large organisation has a
 * hundred thousand group sessions of eight or so attendees each.
 */
function attendedMonths(ctx: RuleContext, from: string): Map<string, string[]> {
  let map = ctx.derived.attended;
  if (map) return map;
  map = new Map();
  // Every session is in exactly one supervisee's list (a group one under its superviseeId,
  // blank or not); the lists are put in order below, so the order of visiting does not matter.
  const add = (id: string, month: string) => {
    const months = map!.get(id);
    if (!months) map!.set(id, [month]);
    else if (months[months.length - 1] !== month) months.push(month);
  };
  for (const list of ctx.sessionsBySupervisee.values())
    for (const s of list) {
      if (s.kind !== 'group' || s.status !== 'held') continue;
      const month = monthOfDay(londonDate(s.scheduledStart));
      // Months before any the rule walks are never asked about: three years of attendance
      // kept for 20,000 people was most of what this map held.
      if (month < from) continue;
      for (const id of s.attendees ?? []) add(id, month);
      if (s.superviseeId) add(s.superviseeId, month);
    }
  for (const [id, months] of map) map.set(id, distinctInOrder(months));
  ctx.derived.attended = map;
  return map;
}

/**
 * 12a adds `staff.asyeStart` to the contract (CONTRACT "Group supervision and the ASYE"); read
 * here without depending on the order the two branches merge in.
 */
function asyeStartOf(s: Staff): LocalDate | undefined {
  return (s as Staff & { asyeStart?: LocalDate }).asyeStart;
}

/** In their ASYE (the year from `asyeStart`) on any day of the month. */
export function inAsyeDuring(s: Staff, month: string): boolean {
  const start = asyeStartOf(s);
  if (!start) return false;
  return start <= monthEnd(month) && addMonths(start, 12) > firstOfMonth(month);
}

export function groupSupervisionGapFindings(ctx: RuleContext, staff: Staff): Finding[] {
  const setting = addedKindSettingsOf(ctx.profile).groupSupervision;
  const rule = setting.value;
  if (!rule) return [];
  // Nobody else's months can apply: skip the walk (manchester-cs: most of the organisation).
  if (rule.who !== 'everyone' && !staff.caseHolding && !asyeStartOf(staff)) return [];
  const needed = staff.employment === 'part-time' ? rule.partTimeMonths : rule.fullTimeMonths;
  const longest = Math.max(rule.fullTimeMonths, rule.partTimeMonths);
  const attended =
    attendedMonths(ctx, addMonthsToMonth(ctx.lookback.windowStart, -(longest - 1))).get(staff.id) ??
    [];
  let a = 0;
  const absences = ctx.absencesByStaff.get(staff.id) ?? [];
  const { windowStart, lastDone } = ctx.lookback;
  const out: Finding[] = [];
  let run: string[] = [];
  for (let m = addMonthsToMonth(windowStart, -(needed - 1)); m <= lastDone; m = nextMonth(m)) {
    const applies =
      inPostAllMonth(staff, m) &&
      (rule.who === 'everyone' || staff.caseHolding || inAsyeDuring(staff, m));
    // `attended` is in order, as the months are walked: move on to the first not before m.
    while (a < attended.length && attended[a]! < m) a++;
    if (
      !applies ||
      attended[a] === m ||
      (absences.length > 0 && absentThroughout(absences, monthStart(m), monthEnd(m)))
    ) {
      if (run.length) run = [];
      continue;
    }
    run.push(m);
    if (run.length < needed || m < windowStart) continue;
    const months = run.slice(-needed);
    out.push(
      make('group-supervision-gap', {
        staffId: staff.id,
        notify: staff.supervisorId ?? null,
        escalateTo: null,
        due: monthEnd(m),
        detail:
          months.length === 1
            ? `no group supervision attended in ${m}`
            : `no group supervision attended in ${months[0]} to ${m} (${months.length} months)`,
        source: setting.source,
        severity: 'warning',
        key: `group-supervision-gap|${staff.id}|${m}`,
        facts: { month: m, consecutiveMonths: run.length },
      }),
    );
  }
  return out;
}
