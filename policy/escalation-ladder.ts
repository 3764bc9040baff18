/**
 * The escalation ladder (pure). For each open finding:
 *
 *   L0  the person who must act (`finding.notify`), as soon as the finding is raised;
 *   L1  the line manager (`finding.escalateTo`, set by the policy engine), once escalateTo is
 *       set and `graceWorkingDays` have passed since the finding fell due;
 *   L2  the next manager up (policy/hierarchy.ts nextLevelUp: the L1 manager's own line
 *       manager; blank lineManagerId = supervisor), `nextLevelAfterWorkingDays` after L1.
 *
 * Escalations to managers (L1, L2) are not sent one card per finding: each manager gets one
 * digest per working day listing every open escalation (scheduler/plan.ts).
 *
 * An uncovered triage day is the exception to "from the due day": see `rungDays`.
 *
 * Resolution is read from the data: when a session is held or a record completed, the finding
 * is no longer raised, so nothing more is planned for it. An "arranged" or "explained" mark
 * keeps a finding quiet until its date; if the finding is still there then, the ladder resumes.
 */
import type { WorkingCalendar } from './calendar';
import type { Instant, LocalDate, OrgSnapshot } from './domain';
import type { Finding } from './findings';
import { hierarchyOf, type Hierarchy } from './hierarchy';
import { interpretationsOf } from './interpretations';
import type { PolicyProfile } from './profile';
import { workingDayMath } from './london-dates';

/** Stored per finding by the escalation actions (namespace `escalation.state`). */
export interface EscalationMark {
  findingKey: string;
  /** Who pressed it (the person the escalation went to). */
  by: string;
  /** `escalation.arranged`: the date the session is arranged for; quiet until it + grace. */
  arrangedFor?: LocalDate;
  /** `escalation.explained`: quiet until this date; `reason` is required with it. */
  explainedUntil?: LocalDate;
  reason?: string;
  /** When it was recorded (UTC). */
  at: Instant;
}

/** What the planner knows from stored state: marks, and when each finding first went to L1. */
export interface EscalationState {
  marks: Record<string, EscalationMark>;
  /** findingKey → the day its L1 escalation was delivered (from the ledger). */
  level1On: Record<string, LocalDate>;
  /**
   * Escalation key (L1/L2) → the day a digest showed it (from the ledger). A digest lists what
   * it has not shown yet first, so items cut from a long digest lead the next one.
   */
  delivered?: Record<string, LocalDate>;
  /** findingKey → the first day any rung of its escalation reached someone (from the ledger). */
  reached?: Record<string, LocalDate>;
}

export function emptyEscalationState(): EscalationState {
  return { marks: {}, level1On: {}, delivered: {} };
}

export interface LadderStep {
  finding: Finding;
  level: 0 | 1 | 2;
  recipientId: string;
  /** The day this rung was reached: it is sent from that day's working morning. */
  since: LocalDate;
  /** An admin standing in for a finding with nobody to notify (no-supervisor, facts.notifyAdmins). */
  admin?: true;
}

/**
 * Finding kinds the ladder leaves alone (info findings are not actionable either): a month's
 * imbalance is for the balance view and the monthly readiness check, not a daily chase.
 */
const NOT_LADDERED = new Set<Finding['kind']>(['triage-imbalance']);

type DayMath = ReturnType<typeof workingDayMath>;

/** `supervision-gap|fsw-3|2026-03`: a finding about a closed calendar month. */
const MONTH_KEY = /\|\d{4}-\d{2}$/;

/**
 * How far back escalation reaches (issue 17): a finding about a closed month (a calendar
 * month with no one-to-one) can no longer be put right, only recorded; the profile's ladder
 * (grace, then the next level) is how long such a fact is worth chasing. Once that has run
 * out it is history: still in `status`, the team view, the tab and `evaluate`, never a message.
 * This is what keeps a bot started on an organisation with a year of history from greeting
 * a manager with "no one-to-one held in January". A month already on the ladder (sent to
 * someone, or answered "arranged") runs its course as before. Standing matters (no agreement, a record
 * not signed, a session not confirmed) can still be put right, so they stay on the ladder.
 */
export function outsideReachBack(
  finding: Finding,
  profile: PolicyProfile,
  today: LocalDate,
  wd: DayMath,
  state: EscalationState,
): boolean {
  if (!MONTH_KEY.test(finding.key)) return false;
  // Already on the ladder (sent to someone, or answered): it runs its course as before.
  if (state.marks[finding.key] || state.level1On[finding.key]) return false;
  if (state.reached?.[finding.key]) return false;
  const { graceWorkingDays, nextLevelAfterWorkingDays } = profile.escalation.value;
  return finding.due < wd.subtract(today, graceWorkingDays + nextLevelAfterWorkingDays);
}

/** When a finding's L0 goes and when it reaches L1 (given escalateTo); null = not yet. */
function rungDays(
  finding: Finding,
  profile: PolicyProfile,
  today: LocalDate,
  wd: DayMath,
): { l0: LocalDate; l1: LocalDate } | null {
  const { graceWorkingDays } = profile.escalation.value;
  if (finding.kind !== 'triage-uncovered') {
    return { l0: finding.due, l1: wd.add(finding.due, graceWorkingDays) };
  }
  // An uncovered triage day's `due` is the day itself, still ahead: "grace after due" would
  // tell the manager only once the desk had gone uncovered. The ladder starts instead when
  // the day comes within the profile's window (the same setting that makes the policy set
  // escalateTo); days further ahead are the monthly readiness check's, and a daily card
  // about them would only teach people to ignore it. The manager hears grace days later, but
  // by the working day before at the latest, while cover can still be found.
  const window = interpretationsOf(profile).triageEscalateWithinWorkingDays;
  const l0 = wd.subtract(finding.due, window);
  if (today < l0) return null;
  const afterGrace = wd.add(l0, graceWorkingDays);
  const dayBefore = wd.subtract(finding.due, 1);
  const l1 = afterGrace < dayBefore ? afterGrace : dayBefore;
  return { l0, l1: l1 > l0 ? l1 : l0 };
}

/** The last day a mark keeps its finding quiet (exclusive: the ladder resumes on this day). */
export function quietUntil(
  mark: EscalationMark | undefined,
  profile: PolicyProfile,
  calendar: WorkingCalendar,
): LocalDate | null {
  if (!mark) return null;
  const dates: LocalDate[] = [];
  if (mark.arrangedFor) {
    dates.push(
      calendar.addWorkingDays(mark.arrangedFor, profile.escalation.value.graceWorkingDays),
    );
  }
  if (mark.explainedUntil) dates.push(mark.explainedUntil);
  return dates.length === 0 ? null : (dates.sort().at(-1) as LocalDate);
}

/** The day a finding reaches L1 (if it carries escalateTo by then). */
export function level1Day(
  finding: Finding,
  profile: PolicyProfile,
  calendar: WorkingCalendar,
): LocalDate {
  return calendar.addWorkingDays(finding.due, profile.escalation.value.graceWorkingDays);
}

function isPresent(h: Hierarchy, staffId: string, today: LocalDate): boolean {
  const s = h.get(staffId);
  return !!s && (!s.leftDate || s.leftDate >= today);
}

/** The rungs each finding has reached on `today` (quiet and unknown recipients left out). */
export function ladderSteps(
  snapshot: OrgSnapshot,
  findings: Finding[],
  profile: PolicyProfile,
  today: LocalDate,
  calendar: WorkingCalendar,
  state: EscalationState,
  /** Who hears a finding that names nobody to act but asks for the admins (config ADMIN_IDS). */
  adminIds: readonly string[] = [],
): LadderStep[] {
  const steps: LadderStep[] = [];
  const h = hierarchyOf(snapshot.staff);
  const wd = workingDayMath(calendar);
  const { nextLevelAfterWorkingDays } = profile.escalation.value;
  for (const finding of findings) {
    if (finding.severity === 'info' || NOT_LADDERED.has(finding.kind)) continue;
    // Nobody chases the supervision of someone who has left.
    if (finding.staffId && !isPresent(h, finding.staffId, today)) continue;
    if (outsideReachBack(finding, profile, today, wd, state)) continue;
    const quiet = quietUntil(state.marks[finding.key], profile, calendar);
    if (quiet && today < quiet) continue;
    const days = rungDays(finding, profile, today, wd);
    if (!days) continue;
    if (finding.notify && isPresent(h, finding.notify, today)) {
      steps.push({ finding, level: 0, recipientId: finding.notify, since: days.l0 });
    } else if (!finding.notify && finding.facts?.notifyAdmins === true) {
      // Nobody above them to tell (no-supervisor with no line manager): the admins fix the
      // staff list, so each admin gets the L0 reminder.
      for (const a of [...new Set(adminIds)].sort())
        if (isPresent(h, a, today))
          steps.push({ finding, level: 0, recipientId: a, since: days.l0, admin: true });
    }
    const l1 = days.l1;
    if (!finding.escalateTo || today < l1) continue;
    const l1Since = state.level1On[finding.key] ?? l1;
    if (isPresent(h, finding.escalateTo, today)) {
      steps.push({ finding, level: 1, recipientId: finding.escalateTo, since: l1Since });
    }
    let l2 = wd.add(l1Since, nextLevelAfterWorkingDays);
    if (quiet && quiet > l2) l2 = quiet;
    if (today < l2) continue;
    const above = h.nextLevelUp(finding.escalateTo);
    if (
      above &&
      above !== finding.escalateTo &&
      above !== finding.notify &&
      isPresent(h, above, today)
    ) {
      steps.push({ finding, level: 2, recipientId: above, since: l2 });
    }
  }
  return steps;
}

/**
 * Who a finding's escalation goes to today (its L1/L2 recipients), leaving its quiet mark
 * aside: a manager who took over after the digest went (a new line manager, a restructure)
 * must be able to answer, or change the answer to, what is now theirs.
 */
export function escalationRecipients(
  snapshot: OrgSnapshot,
  finding: Finding,
  profile: PolicyProfile,
  today: LocalDate,
  calendar: WorkingCalendar,
  state: EscalationState,
): string[] {
  const marks = { ...state.marks };
  delete marks[finding.key];
  return ladderSteps(snapshot, [finding], profile, today, calendar, { ...state, marks })
    .filter((s) => s.level > 0)
    .map((s) => s.recipientId);
}
