import type { LocalDate } from './domain';

/** The finding kinds of shared/CONTRACT.md, plus this project's documented extensions. */
export const FINDING_KINDS = [
  'session-unconfirmed',
  'supervision-gap',
  'session-too-short',
  'annual-minimum-at-risk',
  'record-overdue',
  'signature-overdue',
  'agreement-missing',
  'agreement-review-due',
  'observation-due',
  'next-session-not-booked',
  'triage-uncovered',
  'triage-imbalance',
  // Extensions (see docs/policy.md):
  /** info: a calendar month not counted as a gap because the supervisee was absent all month. */
  'gap-explained-by-absence',
  /** an open case not discussed within the profile's case cadence. */
  'case-discussion-due',
  /** Shropshire: a supervisor absent more than a month; their line manager arranges cover. */
  'supervisor-absent',
  // Kinds settled in CONTRACT.md after the first build (issue 12; policy/rules/*.ts of each name):
  /** breach: a person in post with nobody supervising them (003 §6). */
  'no-supervisor',
  /** warning: no group supervision attended (000 Signs of Safety / Wellbeing; 002 §1.1.3). */
  'group-supervision-gap',
  /** warning: a record signed with a disagreement, not yet marked resolved (002 §2.1, §3.3; 003 §12). */
  'disagreement-open',
  /** warning: back from a long absence and no one-to-one booked soon after (004). */
  'return-supervision-due',
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export type Severity = 'info' | 'warning' | 'breach';

export interface Finding {
  kind: FindingKind;
  /** The person the finding is about (the supervisee; the rota member; for triage-uncovered, ''). */
  staffId: string;
  sessionId: string | null;
  /** Who must act now. */
  notify: string | null;
  /** Set once the finding is due to go up a level (see CONTRACT.md). */
  escalateTo: string | null;
  /** The day the obligation fell due (Europe/London). */
  due: LocalDate;
  /** Plain English, no child names, no record text. */
  detail: string;
  /** Seed document and section, e.g. `001 Frequency`. */
  source: string;
  severity: Severity;
  /**
   * Deterministic identity of this occurrence (kind, subject, occurrence), stable across
   * evaluations, so the scheduler can claim each notification exactly once.
   * e.g. `supervision-gap|fsw-3|2026-03`.
   */
  key: string;
  /** Extra typed facts for cards and the tab (counts, months, case id). */
  facts?: Record<string, string | number | boolean | null>;
}

export interface EvaluationResult {
  asOf: LocalDate;
  profile: string;
  findings: Finding[];
}
