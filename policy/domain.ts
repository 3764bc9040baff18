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

// ── The structured supervision record (issue 18) ─────────────────────────────────────────────

export const RECORD_STATUSES = ['draft', 'final'] as const;
/** draft: kept, the deadline rules keep counting; final: finished (`recordCompletedAt` set). */
export type RecordStatus = (typeof RECORD_STATUSES)[number];

/** An action agreed for one case; `ownerId` is a staff id. */
export interface RecordAction {
  text: string;
  ownerId: string;
  dueDate?: LocalDate;
}

/**
 * One case discussed in supervision, by its case-system id (never a child's name). Which
 * fields the profile asks for is its template's `caseEntry` (policy/record-templates.ts);
 * `riskScale` only where the template has a scale (Signs of Safety 0–10).
 */
export interface CaseEntry {
  caseId: string;
  discussion: string;
  decision: string;
  riskScale?: number;
  actions: RecordAction[];
  /** A significant case decision was made (Islington: the record is due within 24 hours). */
  significantDecision: boolean;
}

/**
 * The record of one session, written against the profile's record template: each section's
 * text by the template's section id, each case discussed as its own entry. What a signature
 * covers is `sections`, `cases` and `nextSessionAt` (usecases/record-hash.ts); `status` and
 * `updatedAt` are bookkeeping.
 */
export interface SupervisionRecord {
  /** Section id (the template's `RecordSection.id`) → text. Blank sections are left out. */
  sections: Record<string, string>;
  cases: CaseEntry[];
  /** The next session's start, when the record books one. */
  nextSessionAt?: Instant;
  status: RecordStatus;
  updatedAt: Instant;
}

/**
 * Extension to the contract (`records` table / records.csv / the SharePoint `Records` list):
 * a session's record, one per session, keyed by `sessionId`. A session without one may still
 * carry the old single `recordSummary` (read as its template's first section, policy/record.ts).
 */
export interface SessionRecord extends SupervisionRecord {
  sessionId: string;
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
  /** Structured records, one per session that has one (issue 18). */
  records: SessionRecord[];
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
    records: [],
  };
}
