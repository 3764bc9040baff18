/** Manchester City Council, Children's Services Supervision Policy (Jul 2019), seed 002. */
import type { CaseCadenceRule, PolicyProfile } from '../profile';
import { asyeNational, enabledExcept, REVIEW_ACTIONS_ITEM, standardAgenda } from './common';

const FREQ = '002 §2.1';

// --- Case cadence (CONTRACT "Readings settled": Case categories; labels in
// policy/case-labels.ts). Kept apart from the rest of the profile on purpose. ---
const CASE_CADENCE: CaseCadenceRule[] = [
  {
    categories: ['keyworker', 'cp', 'cin', 'lac', 'early-help'],
    every: { unit: 'days', count: 56 },
    source: '002 §3.1 (CP, CIN, LAC or Early Help, the key worker: within an 8 week cycle)',
  },
  {
    categories: ['*'],
    every: { unit: 'days', count: 56 },
    firstWithinDays: 28,
    source:
      '002 §3.1 (not as Keyworker, or single agency involvement: within four weeks of allocation and then as a minimum every eight weeks)',
  },
];

export const manchesterCs: PolicyProfile = {
  id: 'manchester-cs',
  name: "Manchester Children's Services",
  organisation: 'Manchester City Council',
  document: "002 Children's Services Supervision Policy (Jul 2019)",
  yearStart: { value: { month: 4, day: 1 }, source: '002 §3.1 (April 1st - 31st March)' },
  frequency: [
    {
      match: { roles: ['business-support'] },
      rule: { type: 'interval', days: 84 },
      source: `${FREQ} (twelve weekly, non-frontline)`,
    },
    {
      match: { caseHolding: true },
      rule: { type: 'interval', days: 28 },
      source: `${FREQ} (four weekly, case holders)`,
    },
    // Part-time non-case-holders are not named; interpretation: four weekly like everyone else.
    { match: {}, rule: { type: 'interval', days: 28 }, source: `${FREQ} (four weekly)` },
  ],
  asye: asyeNational(
    '002 §2.3 (increased supervision during the ASYE); weekly for six weeks, fortnightly to six months: national ASYE framework',
  ),
  minimumMinutes: { value: 90, source: '002 App. D (1.5 to 2 hours)' },
  bookedLengthChecked: {
    value: false,
    source: 'interpretation: 002 App. D sets the length of sessions held, not of bookings',
  },
  perYear: { value: null, source: '002 (none beyond the cadence)' },
  recordDeadline: {
    // "Within one week" is a calendar week: 2 Apr 2026 → 9 Apr, not 5 working days.
    value: { days: 7, unit: 'calendar-days', significantDecisionHours: null },
    source: '002 §3 (placed on the system within one week)',
  },
  signatureDeadlineWorkingDays: {
    value: 5,
    source:
      '002 App. D (a copy will be given to the supervisee to sign); 5 working days: interpretation',
  },
  unconfirmed: {
    value: { afterWorkingDays: 1, escalateAfterWorkingDays: 3 },
    source: 'interpretation: POLICIES §2',
  },
  agreement: { value: { required: true, reviewMonths: 12 }, source: '002 §2.1, App. D' },
  observations: {
    value: { perYear: 2, caseHoldersOnly: true, bySupervisorAtLeast: 1 },
    source: '002 §3.1, §3.6',
  },
  caseCadence: CASE_CADENCE,
  prep: {
    supervisee: [
      REVIEW_ACTIONS_ITEM('002 App. E'),
      {
        id: 'rag-audits',
        text: 'Make two RAG-rated self-assessment audits (the 6 golden threads) available 2 working days before the session',
        source: '002 App. K',
      },
      {
        id: 'direct-work-examples',
        text: 'Bring two examples of direct work (done or planned) on two allocated cases',
        source: '002 §3',
      },
      {
        id: 'issues-for-discussion',
        text: 'Identify issues for discussion and bring the documents needed',
        source: FREQ,
      },
    ],
    supervisor: [
      REVIEW_ACTIONS_ITEM('002 App. E'),
      {
        id: 'check-audits',
        text: "Look at the supervisee's two self-assessment audits and check the system",
        source: '002 App. K',
      },
      {
        id: 'forward-planner',
        text: 'Keep the forward planner up to date; reschedule any postponed session and record why',
        source: '002 §2.1, App. C',
      },
      {
        id: 'eight-week-cycle',
        text: 'Make sure every case is supervised within the 8 week cycle',
        source: '002 §3.1',
      },
    ],
    agenda: standardAgenda('002 App. E'),
  },
  reminders: { comingUpWorkingDays: 5, prepWorkingDays: 2 },
  escalation: {
    value: { graceWorkingDays: 3, nextLevelAfterWorkingDays: 5 },
    source: 'interpretation: POLICIES §2',
  },
  supervisorAbsenceDays: { value: null, source: '002 (not set)' },
  triage: null,
  enabled: enabledExcept('triage-uncovered', 'triage-imbalance', 'supervisor-absent'),
  interpretations: {},
};
