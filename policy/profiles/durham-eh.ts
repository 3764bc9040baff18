/**
 * Durham County Council, Early Help & Think Family: Supervision Framework (Oct 2020), seed 000.
 * The framework is a slide deck; where it is silent the CONTRACT.md defaults apply and are
 * marked "interpretation".
 */
import type { CaseCadenceRule, PolicyProfile } from '../profile';
import { asyeNational, enabledExcept, REVIEW_ACTIONS_ITEM, standardAgenda } from './common';

const PCS = '000 Personal & Case Supervision';
const FREQ = '000 Frequency';

// --- Case cadence (CONTRACT "Readings settled": Case categories; labels in
// policy/case-labels.ts). Kept apart from the rest of the profile on purpose. ---
const CASE_CADENCE: CaseCadenceRule[] = [
  {
    categories: ['high', 'neglect', 'unborn', 'under-1', 'concern'],
    every: { unit: 'calendar-months', count: 1 },
    source: `${FREQ} (monthly: high priority, long-standing neglect, unborn or under 1, causing concern)`,
  },
  {
    categories: ['ifst'],
    every: { unit: 'calendar-months', count: 1 },
    openOverMonths: 6,
    source: `${FREQ} (monthly: open to the service for over 6 months in IFST)`,
  },
  {
    categories: ['family-centre'],
    every: { unit: 'calendar-months', count: 1 },
    openOverMonths: 3,
    source: `${FREQ} (monthly: open to the service for over 3 months in Family Centre)`,
  },
  {
    categories: ['full-circle'],
    every: { unit: 'calendar-months', count: 1 },
    source: `${FREQ} (Full Circle, no One Point involvement: management oversight on case note monthly)`,
  },
  {
    categories: ['full-circle-one-point'],
    every: { unit: 'calendar-months', count: 2 },
    source: `${FREQ} (Full Circle with One Point involvement: case supervision bi-monthly)`,
  },
  {
    // Named as well as the default, so that `low;full-circle-one-point` takes the shorter one.
    categories: ['medium', 'low', '*'],
    every: { unit: 'days', count: 56 },
    source: `${FREQ} (medium and low priority a minimum every 8 weeks)`,
  },
];

export const durhamEh: PolicyProfile = {
  id: 'durham-eh',
  name: 'Durham Early Help and Think Family',
  organisation: 'Durham County Council',
  document: '000 Early Help and Think Family Supervision Framework (Oct 2020)',
  yearStart: {
    value: { month: 4, day: 1 },
    source: 'interpretation: local-government year (POLICIES §1)',
  },
  // "Monthly (minimum of 9 per year full time and 5 per year part time)": monthly is the
  // expectation and the yearly minima the floor, so a missed month is a warning to the
  // supervisor and annual-minimum-at-risk is the breach that escalates (CONTRACT "Durham
  // frequency"). Part-time staff are due one every two calendar months.
  frequency: [
    {
      match: { employment: 'part-time' },
      rule: { type: 'calendar-month', toleratedMissedMonths: 1, escalate: false, everyMonths: 2 },
      source: `${PCS} (monthly, minimum 5 a year part time): every two calendar months, interpretation`,
    },
    {
      match: {},
      rule: { type: 'calendar-month', toleratedMissedMonths: 0, escalate: false },
      source: `${PCS} (monthly, minimum 9 a year full time)`,
    },
  ],
  asye: asyeNational(
    "interpretation: national ASYE framework (weekly for six weeks, fortnightly to six months), as 002 §2.3; then this profile's own rule",
  ),
  minimumMinutes: { value: 90, source: `${PCS} (minimum of 90 minutes allocated)` },
  bookedLengthChecked: { value: true, source: `${PCS} (minimum of 90 minutes allocated)` },
  perYear: { value: { fullTime: 9, partTime: 5 }, source: PCS },
  recordDeadline: {
    value: { days: 5, unit: 'working-days', significantDecisionHours: null },
    source: 'interpretation: 5 working days (000 sets no deadline)',
  },
  // 000 asks for no sign-off: signing is offered, but signature-overdue is off (enabled below).
  signatureDeadlineWorkingDays: {
    value: 5,
    source: 'interpretation: 000 asks for no sign-off; not chased unless turned on',
  },
  unconfirmed: {
    value: { afterWorkingDays: 1, escalateAfterWorkingDays: 3 },
    source: 'interpretation: POLICIES §2',
  },
  agreement: { value: { required: false, reviewMonths: 12 }, source: PCS },
  observations: {
    value: { perYear: 1, caseHoldersOnly: true, bySupervisorAtLeast: 0 },
    source: '000 Direct Observations',
  },
  caseCadence: CASE_CADENCE,
  prep: {
    supervisee: [
      REVIEW_ACTIONS_ITEM(PCS),
      {
        id: 'cases-to-discuss',
        text: 'Choose the cases (by case ID) that need discussion; personal and case supervision happen together',
        source: PCS,
      },
      {
        id: 'ids-only',
        text: 'Use case IDs for children and initials for colleagues',
        source: '000 Recording and Confidentiality',
      },
    ],
    supervisor: [
      REVIEW_ACTIONS_ITEM(PCS),
      { id: 'allow-90', text: 'Allow at least 90 minutes', source: PCS },
      {
        id: 'case-form',
        text: 'Have the Liquid Logic case supervision form ready; personal supervision is recorded on MyView',
        source: PCS,
      },
      {
        id: 'priority-cases',
        text: 'Check high-priority, neglect, under-1 and concern cases are discussed monthly',
        source: FREQ,
      },
    ],
    agenda: standardAgenda('000 Personal & Case Supervision; 002 App. E'),
  },
  reminders: { comingUpWorkingDays: 5, prepWorkingDays: 2 },
  escalation: {
    value: { graceWorkingDays: 3, nextLevelAfterWorkingDays: 5 },
    source: 'interpretation: POLICIES §2',
  },
  supervisorAbsenceDays: { value: null, source: '000 (not set)' },
  triage: null,
  enabled: enabledExcept(
    'triage-uncovered',
    'triage-imbalance',
    'supervisor-absent',
    // 000 asks for no signatures on the record (CONTRACT "Signatures").
    'signature-overdue',
  ),
  interpretations: {},
};
