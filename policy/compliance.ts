/**
 * Read models for the tab, digests and "team status": where each supervisee stands against the
 * profile, and a RAG rating (red: a breach or anything escalated; amber: a warning, or the next
 * one-to-one due within the reminder window with nothing booked; green otherwise).
 */
import {
  addDays,
  addMonths,
  addMonthsToMonth,
  defaultCalendar,
  lastCompletedMonth,
  monthOf,
  type WorkingCalendar,
} from './calendar';
import type { LocalDate, OrgSnapshot, Staff } from './domain';
import type { Finding } from './findings';
import { nextDueFor } from './next-due';
import type { PolicyProfile } from './profile';
import { lastSignedAgreement } from './rules/agreement';
import {
  buildContext,
  cmp,
  heldOneToOnes,
  inPostAllMonth,
  inPostOn,
  londonDate,
  type RuleContext,
} from './rules/context';
import { annualPosition, observationCounts, scaledRequirement } from './rules/yearly';

export type Rag = 'red' | 'amber' | 'green';

export interface SuperviseeSummary {
  staffId: string;
  lastHeld: LocalDate | null;
  nextBooked: LocalDate | null;
  nextDue: LocalDate;
  heldThisYear: number;
  requiredThisYear: number | null;
  /** Completed calendar months in a row, up to the last one, with no held one-to-one. */
  monthsWithout: number;
  /** The latest held one-to-one's record. */
  recordStatus: 'none' | 'complete' | 'pending' | 'overdue';
  signatureStatus: 'none' | 'signed' | 'awaiting' | 'overdue';
  agreementDue: { status: 'not-required' | 'missing' | 'ok' | 'review-due'; due: LocalDate | null };
  observationDue: { held: number; required: number; due: LocalDate } | null;
  rag: Rag;
  openFindings: Finding[];
}

export function ragOf(findings: readonly Finding[], dueSoonUnbooked: boolean): Rag {
  if (findings.some((f) => f.severity === 'breach' || f.escalateTo !== null)) return 'red';
  if (dueSoonUnbooked || findings.some((f) => f.severity === 'warning')) return 'amber';
  return 'green';
}

/**
 * Whether a finding says something about now. Calendar-month gap findings stay in the results
 * for the lookback window as a record; only the last completed month's gap colours the RAG.
 * (Interval gaps exist only while the gap is open.) A short session counts for a month.
 */
export function isCurrent(f: Finding, asOf: LocalDate): boolean {
  if (f.severity === 'info') return false;
  if (
    (f.kind === 'supervision-gap' || f.kind === 'group-supervision-gap') &&
    typeof f.facts?.month === 'string'
  ) {
    return f.facts.month === lastCompletedMonth(asOf);
  }
  if (f.kind === 'session-too-short') return f.due >= addDays(asOf, -31);
  return true;
}

function summarise(
  ctx: RuleContext,
  staff: Staff,
  findings: readonly Finding[],
): SuperviseeSummary {
  const { asOf, profile, calendar } = ctx;
  const held = heldOneToOnes(ctx, staff.id);
  const last = held[held.length - 1];
  let nextBooked: LocalDate | null = null;
  for (const s of ctx.sessionsBySupervisee.get(staff.id) ?? []) {
    if (s.kind !== 'one-to-one' || s.status !== 'scheduled') continue;
    const d = londonDate(s.scheduledStart);
    if (d >= asOf && (nextBooked === null || d < nextBooked)) nextBooked = d;
  }
  const next = nextDueFor(
    profile,
    staff,
    held.map((h) => h.day),
    asOf,
  );
  const heldMonths = new Set(held.map((h) => monthOf(h.day)));
  let monthsWithout = 0;
  let m = lastCompletedMonth(asOf);
  while (monthsWithout < 120 && inPostAllMonth(staff, m) && !heldMonths.has(m)) {
    monthsWithout++;
    m = addMonthsToMonth(m, -1);
  }
  const has = (kind: Finding['kind'], sessionId?: string) =>
    findings.some((f) => f.kind === kind && (sessionId === undefined || f.sessionId === sessionId));
  const lastS = last?.s;
  const recordStatus = !lastS
    ? 'none'
    : lastS.recordCompletedAt
      ? 'complete'
      : has('record-overdue', lastS.id)
        ? 'overdue'
        : 'pending';
  const signatureStatus = !lastS?.recordCompletedAt
    ? 'none'
    : lastS.supervisorSignedAt && lastS.superviseeSignedAt
      ? 'signed'
      : has('signature-overdue', lastS.id)
        ? 'overdue'
        : 'awaiting';
  let agreementDue: SuperviseeSummary['agreementDue'] = { status: 'not-required', due: null };
  if (profile.agreement.value.required) {
    const signed = lastSignedAgreement(ctx, staff);
    agreementDue = signed
      ? {
          status: has('agreement-review-due') ? 'review-due' : 'ok',
          due: addMonths(signed, profile.agreement.value.reviewMonths),
        }
      : {
          status: 'missing',
          due: findings.find((f) => f.kind === 'agreement-missing')?.due ?? null,
        };
  }
  const obsRule = profile.observations.value;
  const observationDue =
    obsRule && (!obsRule.caseHoldersOnly || staff.caseHolding)
      ? {
          held: observationCounts(ctx, staff).total,
          required: scaledRequirement(ctx, staff, obsRule.perYear),
          due: ctx.year.end,
        }
      : null;
  const annual = annualPosition(ctx, staff);
  const soonLimit = calendar.addWorkingDays(asOf, profile.reminders.comingUpWorkingDays);
  const dueSoonUnbooked = nextBooked === null && next.due <= soonLimit;
  const open = findings.filter((f) => isCurrent(f, asOf));
  return {
    staffId: staff.id,
    lastHeld: last?.day ?? null,
    nextBooked,
    nextDue: next.due,
    heldThisYear: annual?.held ?? held.filter((h) => h.day >= ctx.year.start).length,
    requiredThisYear: annual?.required ?? null,
    monthsWithout,
    recordStatus,
    signatureStatus,
    agreementDue,
    observationDue,
    rag: ragOf(open, dueSoonUnbooked),
    openFindings: [...findings],
  };
}

function findingsAbout(findings: readonly Finding[]): Map<string, Finding[]> {
  const map = new Map<string, Finding[]>();
  for (const f of findings) {
    if (!f.staffId) continue;
    const list = map.get(f.staffId);
    if (list) list.push(f);
    else map.set(f.staffId, [f]);
  }
  return map;
}

/** Null when the staff id is unknown. `findings`: the evaluation's findings (any staff). */
export function summariseSupervisee(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  asOf: LocalDate,
  staffId: string,
  findings: readonly Finding[],
  calendar: WorkingCalendar = defaultCalendar,
): SuperviseeSummary | null {
  const ctx = buildContext(snapshot, profile, asOf, calendar);
  const staff = ctx.hierarchy.get(staffId);
  if (!staff) return null;
  return summarise(ctx, staff, findingsAbout(findings).get(staffId) ?? []);
}

export interface TeamSummary {
  managerId: string;
  members: SuperviseeSummary[];
  counts: Record<Rag, number>;
}

/** Everyone under `managerId` (supervisor or line-manager chains) who is supervised and in post. */
export function summariseTeam(
  snapshot: OrgSnapshot,
  profile: PolicyProfile,
  asOf: LocalDate,
  managerId: string,
  findings: readonly Finding[],
  calendar: WorkingCalendar = defaultCalendar,
): TeamSummary {
  const ctx = buildContext(snapshot, profile, asOf, calendar);
  const about = findingsAbout(findings);
  const subjects = new Map(ctx.subjects.map((s) => [s.id, s]));
  // Someone in post with nobody supervising them is in the manager's tree through their line
  // manager, and is the most urgent row of all (no-supervisor, 003 §6): shown, not left out.
  for (const s of ctx.hierarchy.all())
    if (!s.supervisorId && inPostOn(s, asOf) && !subjects.has(s.id)) subjects.set(s.id, s);
  const members = ctx.hierarchy
    .treeOf(managerId)
    .map((id) => subjects.get(id))
    .filter((s): s is Staff => !!s)
    .sort((a, b) => cmp(a.id, b.id))
    .map((s) => summarise(ctx, s, about.get(s.id) ?? []));
  const counts: Record<Rag, number> = { red: 0, amber: 0, green: 0 };
  for (const mm of members) counts[mm.rag]++;
  return { managerId, members, counts };
}
