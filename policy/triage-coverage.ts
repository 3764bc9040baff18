/**
 * Family Connect triage rota coverage (POLICIES.md §8, 003 "Family Connect — Triage Cover"):
 * which working days nobody covers, and how evenly the days are shared.
 *
 * Pure: rota rows in, facts out. Used by the policy engine (rota findings), rota/ (gaps,
 * readiness, balance) and the tab.
 *
 * Row meaning (shared with rota/):
 * - `planned` / `swapped` with a memberId: covered by that member.
 * - `sick` with no memberId: the holder reported sick and nobody has taken the day yet, so it
 *   is uncovered (the cover cascade is running).
 * - `sick` with a memberId: a colleague took the day as sickness cover; it is covered by them.
 * - no row, or no memberId: uncovered.
 * - a memberId whose holder has a recorded absence (leave, sickness) that day: uncovered. The
 *   desk needs a person there 9–5; a name on the calendar of someone known to be away is a gap
 *   that the holder (or the hub) must fill, so it is reported and may be taken like any other.
 * - a memberId whose holder has left by that day (`leftDate` before it) or has not started
 *   (`startDate` after it): uncovered, the same way (CONTRACT "Leavers on the rota", "Fine
 *   print").
 * - a `sick` row whose member is from another hub than the row's: covered, and shown as cover
 *   from that hub (CONTRACT "Sickness cover stays in the hub").
 * Weekends and bank holidays are never rota days, so rows on them are ignored.
 */
import { addMonths, firstOfMonth, lastOfMonth, type WorkingCalendar } from './calendar';
import type { Absence, LocalDate, RotaDay, Staff } from './domain';
import type { TriageSettings } from './profile';
import { inPostOn } from './rules/context';

/**
 * Who sits on the rota on a date: in post, in a rota role (team leaders and senior
 * practitioners), and in one of the profile's hubs — the desk belongs to the hubs' management
 * team (003 "Triage Cover"), not to every team leader in the council — or already holding a
 * day on the rota (cover from elsewhere). One definition for the findings, the rota commands
 * and the tab, so fair share and "who may take a day" always agree.
 */
export function triageMembers(
  staff: readonly Staff[],
  rota: readonly RotaDay[],
  settings: TriageSettings,
  on: LocalDate,
): Staff[] {
  const hubs = new Set(settings.hubs);
  const onRota = new Set(rota.map((r) => r.memberId).filter((id): id is string => !!id));
  return staff.filter(
    (s) =>
      settings.memberRoles.includes(s.role) &&
      inPostOn(s, on) &&
      (hubs.size === 0 || hubs.has(s.team ?? '') || onRota.has(s.id)),
  );
}

/** The member covering a row, or undefined when the row leaves the day uncovered. */
export function coveringMember(row: RotaDay | undefined): string | undefined {
  if (!row) return undefined;
  const id = row.memberId?.trim();
  return id ? id : undefined;
}

/**
 * Indexes rows by date. When a date has several rows (a broken import), a row with a member
 * wins over an empty one, so one stray blank row never hides real cover.
 */
export function rotaByDate(rota: readonly RotaDay[]): Map<LocalDate, RotaDay> {
  const map = new Map<LocalDate, RotaDay>();
  for (const row of rota) {
    const existing = map.get(row.date);
    if (!existing || (!coveringMember(existing) && coveringMember(row))) map.set(row.date, row);
  }
  return map;
}

/** Whether `staffId` has a recorded absence (any reason) that includes `date`. */
export function absentOn(absences: readonly Absence[], staffId: string, date: LocalDate): boolean {
  return absences.some((a) => a.staffId === staffId && a.from <= date && date <= a.to);
}

/** Why a named holder cannot sit at the desk on a date; null when they can. */
export type HolderUnavailable = 'absent' | 'left' | 'not-started';

/**
 * The one test of "a name on the rota who cannot be there": left by that day, not started yet,
 * or recorded as away. Staff not in `staffById` are judged on absences only (the row
 * validation already clears members the staff list does not know).
 */
export function holderUnavailable(
  staffById: ReadonlyMap<string, Staff>,
  absences: readonly Absence[],
  holderId: string,
  date: LocalDate,
): HolderUnavailable | null {
  const s = staffById.get(holderId);
  if (s?.leftDate !== undefined && s.leftDate < date) return 'left';
  if (s?.startDate !== undefined && s.startDate > date) return 'not-started';
  return absentOn(absences, holderId, date) ? 'absent' : null;
}

/** A staff index for holderUnavailable, built once per caller. */
export function staffIndex(staff: readonly Staff[]): Map<string, Staff> {
  return new Map(staff.map((s) => [s.id, s]));
}

/**
 * Working days from `from` to `to` inclusive that nobody covers, in date order: no member on
 * the row, or a member who cannot be there that day (holderUnavailable: away, left, not yet
 * started; `staff` is needed for the last two).
 */
export function uncoveredDays(
  rota: readonly RotaDay[],
  from: LocalDate,
  to: LocalDate,
  calendar: WorkingCalendar,
  absences: readonly Absence[] = [],
  staff: readonly Staff[] = [],
): LocalDate[] {
  const byDate = rotaByDate(rota);
  const byId = staffIndex(staff);
  return calendar.workingDaysInRange(from, to).filter((d) => {
    const who = coveringMember(byDate.get(d));
    return !who || holderUnavailable(byId, absences, who, d) !== null;
  });
}

/**
 * The last day of the triage horizon: the same date `monthsAhead` calendar months after `from`
 * (CONTRACT "Triage horizon": D = 2026-12-07 → through 2027-02-07), clamped to the month's end.
 * One horizon for the findings, the readiness check and `triage gaps`.
 */
export function triageHorizonEnd(from: LocalDate, monthsAhead: number): LocalDate {
  return addMonths(from, monthsAhead);
}

export interface MemberBalance {
  memberId: string;
  /** Working days in the month this member covers. */
  days: number;
  /** The days this member is expected to cover this month (see fairShareFor). */
  fairShare: number;
  /** days - fairShare (positive: doing more than their share). */
  diff: number;
}

/**
 * A member's fair share of a month's desk days.
 *
 * The policy expects `fairShareDays` (2.5) per member per month "with a full complement of
 * staff". The desk must still be covered every working day when the team is short, so the
 * share rises to the month's working days divided by the members available:
 *   fairShare = max(fairShareDays, workingDays / members).
 * With a full complement (or more) the policy figure stands. Only working days count (a
 * month with two bank holidays has fewer desk days to share). Rounded to 2 decimals so
 * displays and comparisons are stable.
 */
export function fairShareFor(
  workingDays: number,
  members: number,
  settings: TriageSettings,
): number {
  if (members <= 0) return settings.fairShareDays;
  return round2(Math.max(settings.fairShareDays, workingDays / members));
}

/**
 * Days each listed member covers in a month (`YYYY-MM`) against their fair share, in the
 * order given. Days covered by someone not listed (a leaver, a guest) are not counted against
 * anyone.
 */
export function memberBalance(
  rota: readonly RotaDay[],
  memberIds: readonly string[],
  month: string,
  settings: TriageSettings,
  calendar: WorkingCalendar,
): MemberBalance[] {
  const days = calendar.workingDaysInRange(firstOfMonth(month), lastOfMonth(month));
  const byDate = rotaByDate(rota);
  const counts = new Map<string, number>(memberIds.map((id) => [id, 0]));
  for (const d of days) {
    const who = coveringMember(byDate.get(d));
    if (who !== undefined && counts.has(who)) counts.set(who, (counts.get(who) ?? 0) + 1);
  }
  const uniqueMembers = counts.size;
  const fairShare = fairShareFor(days.length, uniqueMembers, settings);
  return [...new Set(memberIds)].map((memberId) => {
    const n = counts.get(memberId) ?? 0;
    return { memberId, days: n, fairShare, diff: round2(n - fairShare) };
  });
}

/** Members whose month is off their fair share by more than the tolerance. */
export function imbalancedMembers(
  balance: readonly MemberBalance[],
  settings: TriageSettings,
): MemberBalance[] {
  return balance.filter((b) => Math.abs(b.diff) > settings.imbalanceTolerance);
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}
