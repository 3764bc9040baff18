/** Islington, Case Management Supervision Policy for Early Help Services (Sep 2016), seed 004. */
import type { CaseCadenceRule, PolicyProfile } from '../profile';
import { asyeNational, enabledExcept, REVIEW_ACTIONS_ITEM } from './common';

const FREQ = '004 Frequency';

// --- Case cadence (CONTRACT "Readings settled": Case categories; labels in
// policy/case-labels.ts). Kept apart from the rest of the profile on purpose. ---
const CASE_CADENCE: CaseCadenceRule[] = [
  {
    categories: ['*'],
    every: { unit: 'held-one-to-one' },
    source: `${FREQ} (every open case, without exception, must be discussed in each monthly supervision)`,
  },
];

export const islingtonEh: PolicyProfile = {
  id: 'islington-eh',
  name: 'Islington Early Help',
  organisation: 'London Borough of Islington',
  document: '004 Case Management Supervision Policy for Early Help Services (Sep 2016)',
  yearStart: {
    value: { month: 4, day: 1 },
    source: 'interpretation: local-government year (POLICIES §1)',
  },
  // "MUST take place at a minimum of once every calendar month": no month tolerated.
  frequency: [
    { match: {}, rule: { type: 'calendar-month', toleratedMissedMonths: 0 }, source: FREQ },
  ],
  asye: asyeNational(
    "interpretation: national ASYE framework (weekly for six weeks, fortnightly to six months), as 002 §2.3; then this profile's own rule",
  ),
  minimumMinutes: { value: null, source: `${FREQ} (about 3 hours typical, no minimum)` },
  perYear: { value: null, source: '004 (not set)' },
  recordDeadline: {
    value: { days: 5, unit: 'working-days', significantDecisionHours: 24 },
    source: `${FREQ}; 004 Management oversight`,
  },
  signatureDeadlineWorkingDays: {
    value: 5,
    source: 'interpretation: 004 asks for no sign-off; not chased unless turned on',
  },
  unconfirmed: {
    value: { afterWorkingDays: 1, escalateAfterWorkingDays: 3 },
    source: 'interpretation: POLICIES §2',
  },
  agreement: {
    value: { required: false, reviewMonths: 12 },
    source: '004 (agreement templates elsewhere)',
  },
  observations: { value: null, source: '004 (not set)' },
  caseCadence: CASE_CADENCE,
  prep: {
    supervisee: [
      REVIEW_ACTIONS_ITEM(FREQ),
      {
        id: 'cases-in-depth',
        text: 'Decide in advance which cases need in-depth discussion (every open case is discussed)',
        source: FREQ,
      },
    ],
    supervisor: [
      REVIEW_ACTIONS_ITEM(FREQ),
      {
        id: 'review-cases',
        text: 'Review cases on EHM: children seen, family plan reviews held, plans in place',
        source: FREQ,
      },
      {
        id: 'absence-gap',
        text: 'If leave or sickness caused a gap, record it on the supervision record',
        source: FREQ,
      },
    ],
    agenda: [
      {
        id: 'set-agenda',
        text: 'Set the agenda together and agree the in-depth cases',
        source: FREQ,
      },
      { id: 'review-actions', text: 'Actions from the previous supervision', source: FREQ },
      { id: 'every-case', text: 'Every open case, at least briefly', source: FREQ },
      { id: 'in-depth', text: 'In-depth reflective discussion of the agreed cases', source: FREQ },
    ],
  },
  reminders: { comingUpWorkingDays: 5, prepWorkingDays: 2 },
  escalation: {
    value: { graceWorkingDays: 3, nextLevelAfterWorkingDays: 5 },
    source: 'interpretation: POLICIES §2',
  },
  supervisorAbsenceDays: { value: null, source: '004 (not set)' },
  triage: null,
  enabled: enabledExcept(
    'triage-uncovered',
    'triage-imbalance',
    'supervisor-absent',
    'agreement-missing',
    'agreement-review-due',
    'observation-due',
    'annual-minimum-at-risk',
    // 004 asks for no signatures on the record (CONTRACT "Signatures").
    'signature-overdue',
  ),
  interpretations: {},
};
