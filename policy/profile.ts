/**
 * A policy profile: one organisation's supervision policy as data. Every value carries the
 * seed document and section it comes from (`source`), and every value can be overridden by
 * the organisation (policy/profile-overrides.ts validates overrides with zod).
 *
 * The five profiles live in policy/profiles/<id>.ts.
 */
import type { Employment, Role } from './domain';
import type { FindingKind } from './findings';
import type { RecordTemplate } from './record-template-types';

export const PROFILE_IDS = [
  'durham-eh',
  'shropshire-teh',
  'manchester-cs',
  'telford-sf',
  'islington-eh',
] as const;
export type ProfileId = (typeof PROFILE_IDS)[number];

/** A policy value with where it comes from, e.g. `{ value: 90, source: '000 Personal & Case Supervision' }`. */
export interface Sourced<T> {
  value: T;
  source: string;
}

/** The unit of a record deadline, as the document words it. */
export const DEADLINE_UNITS = ['working-days', 'calendar-days', 'in-session'] as const;
export type DeadlineUnit = (typeof DEADLINE_UNITS)[number];

export interface RecordDeadline {
  /** How many `unit`s after the session day (0 with `in-session`). */
  days: number;
  unit: DeadlineUnit;
  /** Clock hours after the session ends for a significant decision; null = no short deadline. */
  significantDecisionHours: number | null;
}

/** How often one-to-one supervision must happen, for a group of staff. */
export type FrequencyRule =
  | {
      type: 'calendar-month';
      /** How many consecutive completed months without a held one-to-one are tolerated (Shropshire: 1). */
      toleratedMissedMonths: number;
      /**
       * Whether a gap is a breach escalated at once (default true) or a warning to the supervisor
       * only (Durham: the yearly minimum is the floor, so `annual-minimum-at-risk` escalates).
       */
      escalate?: boolean;
      /**
       * One held one-to-one is expected every this many calendar months (default 1; Durham
       * part-time: 2). The next one is due by the end of the N-th month after the last held.
       */
      everyMonths?: number;
    }
  | {
      type: 'interval';
      /** More than this many days since the last held one-to-one is a gap (28 = every 4 weeks). */
      days: number;
      /** As for calendar-month rules (default true). */
      escalate?: boolean;
    };

export interface FrequencyByStaff {
  /** Which staff this applies to; absent fields match anyone. First match wins. */
  match: { roles?: Role[]; caseHolding?: boolean; employment?: Employment };
  rule: FrequencyRule;
  source: string;
}

/** The ASYE's increased supervision (CONTRACT "Group supervision and the ASYE"). */
export interface AsyeRule {
  /** Days 1..firstDays from asyeStart (42: six weeks) … */
  firstDays: number;
  /** … need a held one-to-one at least every this many days (7) … */
  firstIntervalDays: number;
  /** … then until the date this many calendar months on (6) … */
  untilMonths: number;
  /** … at least every this many days (14); after that the profile's own rule. */
  thenIntervalDays: number;
}

export interface PrepItem {
  /** Stable id for tests and overrides, e.g. `two-direct-work-examples`. */
  id: string;
  text: string;
  source: string;
}

/**
 * How long a case may go between discussions in supervision: whole days (8 weeks = 56), calendar
 * months (the same date N months on, clamped to the month's end), or at every held one-to-one
 * (islington-eh: a case open on the day of a held one-to-one and not discussed on or after it).
 */
export type CaseInterval =
  | { unit: 'days'; count: number }
  | { unit: 'calendar-months'; count: number }
  | { unit: 'held-one-to-one' };

/**
 * One case cadence (CONTRACT "Case categories"). A case takes the soonest due date among the
 * rules its labels match; the `*` rule is the default for a case whose labels match no rule in
 * force from allocation (no label, only unknown labels, or only rules with `openOverMonths`).
 */
export interface CaseCadenceRule {
  /** Case labels this applies to (policy/case-labels.ts); `*` = the default. */
  categories: string[];
  every: CaseInterval;
  /** A case never discussed: first discussion within this many days of `openedAt` (002 §3.1: 28). */
  firstWithinDays?: number;
  /**
   * Applies once the case has been open more than this many calendar months, worked out from
   * `openedAt` (000 Frequency: IFST over 6 months, Family Centre over 3 months).
   */
  openOverMonths?: number;
  source: string;
}

export interface TriageSettings {
  /** Roles that sit on the Family Connect rota. */
  memberRoles: Role[];
  /** Expected days per member per month with a full complement (2.5). */
  fairShareDays: number;
  /** A member whose month differs from the fair share by more than this is imbalanced (1). */
  imbalanceTolerance: number;
  /** How far ahead the rota must be complete, in calendar months (2). */
  monthsAhead: number;
  hubs: string[];
  /** Desk hours, London wall clock. */
  deskHours: { start: string; end: string };
  /**
   * Sickness cover from other hubs when the due hub has not covered the day in time. Off by
   * default: 003 "Sickness cover must be covered by the Hub that should have been represented"
   * (CONTRACT "Sickness cover stays in the hub").
   */
  sickCoverFromOtherHubs?: boolean;
  /** Multi-agency meetings rota: term → hub → meeting. */
  meetingsByTerm: Array<{ term: string; months: number[]; assignments: Record<string, string> }>;
  source: string;
}

export interface PolicyProfile {
  id: ProfileId;
  name: string;
  organisation: string;
  /** The seed document, e.g. `003 Strengthening Families Reference Manual (Jan 2020)`. */
  document: string;
  /** Start of the supervision year (local-government year: 1 April). */
  yearStart: Sourced<{ month: number; day: number }>;
  /** One-to-one frequency by kind of staff; first match wins. Must end with a catch-all. */
  frequency: FrequencyByStaff[];
  /**
   * The ASYE cadence for staff with `asyeStart`; null = off. Optional for compatibility
   * (absent = off). A longer gap is a supervision-gap, always escalated, saying "ASYE".
   */
  asye?: Sourced<AsyeRule | null>;
  /** Minimum duration of a one-to-one in minutes; null when the policy sets none. */
  minimumMinutes: Sourced<number | null>;
  /**
   * Whether the minimum also applies to the time booked (Durham: "Minimum of 90 minutes
   * allocated"): a one-to-one booked with `plannedMinutes` under it is `session-too-short`
   * from the day it is booked. Optional for compatibility (absent = false).
   */
  bookedLengthChecked?: Sourced<boolean>;
  /** Yearly minimum of held one-to-ones; null when none. */
  perYear: Sourced<{ fullTime: number; partTime: number } | null>;
  /**
   * When a held one-to-one's record must be complete: `days` in `unit` after the session day
   * (`in-session`: the session day itself, `days` is 0). Significant decisions (Islington) are
   * due `significantDecisionHours` clock hours after the session ends instead.
   */
  recordDeadline: Sourced<RecordDeadline>;
  signatureDeadlineWorkingDays: Sourced<number>;
  /** A one-to-one still `scheduled` this many working days after its day is unconfirmed; escalated after `escalateAfterWorkingDays` more. */
  unconfirmed: Sourced<{ afterWorkingDays: number; escalateAfterWorkingDays: number }>;
  agreement: Sourced<{ required: boolean; reviewMonths: number }>;
  /** Observations per supervision year; null when the policy asks none. */
  observations: Sourced<{
    perYear: number;
    caseHoldersOnly: boolean;
    bySupervisorAtLeast: number;
  } | null>;
  caseCadence: CaseCadenceRule[];
  /** What the supervisee and the supervisor prepare before a one-to-one (POLICIES.md §5). */
  prep: { supervisee: PrepItem[]; supervisor: PrepItem[]; agenda: PrepItem[] };
  /** Reminder offsets in working days before the session. */
  reminders: { comingUpWorkingDays: number; prepWorkingDays: number };
  /** The escalation ladder: working days a finding waits at each level before going up. */
  escalation: Sourced<{ graceWorkingDays: number; nextLevelAfterWorkingDays: number }>;
  /** Shropshire: a supervisor absent more than this many days triggers `supervisor-absent`; null = off. */
  supervisorAbsenceDays: Sourced<number | null>;
  /** Family Connect triage (telford-sf only); null when the organisation has no rota. */
  triage: TriageSettings | null;
  /** Which finding kinds this organisation reports. */
  enabled: Record<FindingKind, boolean>;
  /**
   * Readings of points the documents leave open (POLICIES.md "Interpretation" lines and
   * CONTRACT.md ambiguities), each a setting so an organisation can choose differently.
   * Optional for compatibility; policy/interpretations.ts supplies the defaults.
   */
  interpretations?: Partial<Interpretations>;
  /**
   * The record's sections and case entries when the organisation changed them; absent = the
   * document's (policy/record-templates.ts `recordTemplateOf`).
   */
  recordTemplate?: RecordTemplate;
}

export interface Interpretations {
  /** Completed-month / held-session facts (gaps, short sessions) older than this are not reported. */
  lookbackMonths: number;
  /** A calendar month the supervisee was absent all month is not a gap month (004 "Frequency"). */
  absenceMonthExplainsGap: boolean;
  /** Interval profiles: days of a long absence (absencePauseMinDays) do not count towards it. */
  absenceDaysPauseInterval: boolean;
  /**
   * The shortest absence (calendar days; absences joined end to end or across non-working days)
   * that pauses an interval; shorter leave or sickness is booked around, not a reason to wait.
   */
  absencePauseMinDays: number;
  /** Yearly minima and observations are pro-rated for staff in post only part of the year. */
  proRataPartYear: boolean;
  /** The agreement must be with the current supervisor (a new relationship needs a new one). */
  agreementPerSupervisor: boolean;
  /** observation-due is raised once the supervision year has fewer than this many months left. */
  observationWarnMonths: number;
  /** A supervisee with no held one-to-one and no start date: raise a gap (true) or stay silent. */
  gapWithoutBaseline: boolean;
  /** Significant-decision records: the hours run from the session's end (true) or start. */
  significantHoursFromEnd: boolean;
  /** triage-uncovered is escalated when the uncovered day is this many working days away or fewer. */
  triageEscalateWithinWorkingDays: number;
}

// ── Settings of the kinds added by issue 12 (group supervision, disagreements, return from
// absence). Optional on a profile: policy/added-kind-settings.ts holds each profile's values
// (with their document and section) and resolves them; an organisation tunes them in its
// overrides file under the same names. ─────────────────────────────────────────────────────
export interface GroupSupervisionSetting {
  /** Who must attend group supervision: everyone in post, or case holders plus anyone in their ASYE. */
  who: 'everyone' | 'case-holders-and-asye';
  /** Consecutive completed calendar months without attending that make a gap (full-time: 1). */
  fullTimeMonths: number;
  /** The same for part-time staff (durham-eh "bi-monthly for part time": 2). */
  partTimeMonths: number;
}

export interface ReturnSupervisionSetting {
  /** An absence of at least this many working days counts as a return (10). */
  minAbsenceWorkingDays: number;
  /** A one-to-one must be booked within this many working days of the first day back (5). */
  bookWithinWorkingDays: number;
}

export interface AddedKindSettings {
  /** `group-supervision-gap`; null = off. */
  groupSupervision: Sourced<GroupSupervisionSetting | null>;
  /** `disagreement-open`: escalated to the supervisor's line manager after this many working days. */
  disagreementEscalateWorkingDays: Sourced<number>;
  /** `return-supervision-due`; null = off. */
  returnSupervision: Sourced<ReturnSupervisionSetting | null>;
}

// Declaration merging keeps this block apart from the main interface above.
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PolicyProfile extends Partial<AddedKindSettings> {}
