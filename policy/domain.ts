/**
 * The domain of supervision, as the data contract (shared/CONTRACT.md) describes it.
 *
 * Dates are plain `YYYY-MM-DD` strings in Europe/London (LocalDate) so that comparing and
 * sorting them is string comparison and no Date object can drift through the machine's time
 * zone. Moments are UTC ISO strings (`2026-03-01T10:00:00.000Z`, Instant); converting between
 * the two always goes through policy/calendar.ts, which knows Europe/London.
 */

/** A calendar date in Europe/London, `YYYY-MM-DD`. */
export type LocalDate = string;
/** A moment in time, UTC ISO 8601 with `Z` (as produced by Date.prototype.toISOString). */
export type Instant = string;

export const ROLES = [
  'practitioner',
  'assistant',
  'senior-practitioner',
  'team-leader',
  'team-manager',
  'service-manager',
  'business-support',
  'volunteer',
] as const;
export type Role = (typeof ROLES)[number];

export const EMPLOYMENT = ['full-time', 'part-time'] as const;
export type Employment = (typeof EMPLOYMENT)[number];

export interface Staff {
  /** Unique; in SharePoint mode the Entra object id (or UPN). */
  id: string;
  name: string;
  email: string;
  role: Role;
  caseHolding: boolean;
  employment: Employment;
  supervisorId?: string;
  /** Absent means the same person as the supervisor. */
  lineManagerId?: string;
  team?: string;
  startDate?: LocalDate;
  /** Last day in post. */
  leftDate?: LocalDate;
  /**
   * First day of the Assessed and Supported Year in Employment of a newly qualified social
   * worker (CONTRACT "Group supervision and the ASYE"): supervised weekly, then fortnightly.
   */
  asyeStart?: LocalDate;
}

export const SESSION_KINDS = ['one-to-one', 'group', 'observation', 'ad-hoc'] as const;
export type SessionKind = (typeof SESSION_KINDS)[number];

export const SESSION_STATUSES = ['scheduled', 'held', 'cancelled', 'not-held'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export interface Session {
  id: string;
  superviseeId: string;
  supervisorId: string;
  kind: SessionKind;
  scheduledStart: Instant;
  plannedMinutes?: number;
  status: SessionStatus;
  heldMinutes?: number;
  cancelReason?: string;
  rescheduledToId?: string;
  /** When the supervisor finished the record: a date-only value becomes 00:00 London that day. */
  recordCompletedAt?: Instant;
  supervisorSignedAt?: Instant;
  superviseeSignedAt?: Instant;
  /**
   * Extension to the contract (column `significantDecision`, yes/no): the session made a
   * significant case decision, so its record is due within the profile's short deadline
   * (Islington: 24 hours).
   */
  significantDecision?: boolean;
  /**
   * Extension to the contract (column `recordSummary`, text): the supervisor's summary of the
   * record, shown to signers and hashed with the record. Never logged.
   */
  recordSummary?: string;
  /**
   * Contract column `attendees` (`;`-separated staff ids): who attended a group session. For a
   * group session `superviseeId` may be blank (''), and `supervisorId` is who led it.
   */
  attendees?: string[];
  /**
   * Extension to the contract (column `disagreementAt`, date-time): when a signer recorded a
   * disagreement with the record (002 §2.1, §3.3; 003 §12). Open until `disagreementResolvedAt`.
   */
  disagreementAt?: Instant;
  /** Extension to the contract (column `disagreementResolvedAt`, date-time). */
  disagreementResolvedAt?: Instant;
}

export interface Agreement {
  superviseeId: string;
  supervisorId: string;
  /** The date both had signed; absent while unsigned. */
  signedAt?: LocalDate;
}

export const ABSENCE_REASONS = ['annual-leave', 'sickness', 'other'] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

export interface Absence {
  staffId: string;
  /** Inclusive. */
  from: LocalDate;
  /** Inclusive. */
  to: LocalDate;
  reason: AbsenceReason;
}

export const ROTA_STATUSES = ['planned', 'sick', 'swapped'] as const;
export type RotaStatus = (typeof ROTA_STATUSES)[number];

export interface RotaDay {
  date: LocalDate;
  hub: string;
  /** Absent: nobody covers that day yet. */
  memberId?: string;
  status: RotaStatus;
}

/**
 * Extension to the contract (`actions` list / actions.csv): an action agreed at a session,
 * reviewed at the next one (every policy asks for this; the prep prompt lists open ones).
 */
export interface AgreedAction {
  id: string;
  sessionId: string;
  ownerId: string;
  text: string;
  due?: LocalDate;
  doneAt?: LocalDate;
}

/**
 * Extension to the contract (`cases` list / cases.csv): an open case, named only by its
 * case-system id, so that the prep prompt can list cases due for discussion. No child's
 * name is ever held.
 */
export interface CaseRecord {
  caseId: string;
  workerId: string;
  /** Free category the profile's cadence rules key on, e.g. `high`, `cp`, `medium`, `low`. */
  category: string;
  openedAt: LocalDate;
  lastDiscussedAt?: LocalDate;
  closedAt?: LocalDate;
}

/** Everything the policy engine reads: one organisation at one moment. */
export interface OrgSnapshot {
  staff: Staff[];
  sessions: Session[];
  agreements: Agreement[];
  absences: Absence[];
  rota: RotaDay[];
  actions: AgreedAction[];
  cases: CaseRecord[];
}

export function emptySnapshot(): OrgSnapshot {
  return {
    staff: [],
    sessions: [],
    agreements: [],
    absences: [],
    rota: [],
    actions: [],
    cases: [],
  };
}
