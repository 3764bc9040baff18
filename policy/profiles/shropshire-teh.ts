/** Shropshire Council, Targeted Early Help Supervision Guidance (Nov 2021), seed 001. */
import type { CaseCadenceRule, PolicyProfile } from '../profile';
import { enabledExcept, REVIEW_ACTIONS_ITEM, standardAgenda } from './common';

const FREQ = '001 Frequency';
const PREP = '001 Preparation';
const REC = '001 Completion and storage of supervision record forms';

// --- Case cadence (CONTRACT "Readings settled": Case categories; labels in
// policy/case-labels.ts). Kept apart from the rest of the profile on purpose. ---
const CASE_CADENCE: CaseCadenceRule[] = [
  {
    categories: ['*'],
    every: { unit: 'calendar-months', count: 2 },
    source: `${FREQ} (every case every two months as a minimum standard)`,
  },
];

export const shropshireTeh: PolicyProfile = {
  id: 'shropshire-teh',
  name: 'Shropshire Targeted Early Help',
  organisation: 'Shropshire Council',
  document: '001 Targeted Early Help Supervision Guidance (Nov 2021)',
  yearStart: {
    value: { month: 4, day: 1 },
    source: 'interpretation: local-government year (POLICIES §1)',
  },
  // "Supervision should not be missed for more than one consecutive month": one month tolerated.
  frequency: [
    { match: {}, rule: { type: 'calendar-month', toleratedMissedMonths: 1 }, source: FREQ },
  ],
  minimumMinutes: { value: 90, source: FREQ },
  perYear: { value: { fullTime: 10, partTime: 10 }, source: FREQ },
  recordDeadline: { value: { workingDays: 5, significantDecisionHours: null }, source: REC },
  signatureDeadlineWorkingDays: {
    value: 5,
    source: 'interpretation: CONTRACT default (001: both sign once agreed)',
  },
  unconfirmed: {
    value: { afterWorkingDays: 1, escalateAfterWorkingDays: 3 },
    source: 'interpretation: POLICIES §2',
  },
  agreement: {
    value: { required: true, reviewMonths: 12 },
    source: `${FREQ} (supervision contract); review interval: interpretation`,
  },
  observations: { value: null, source: '001 (not set)' },
  caseCadence: CASE_CADENCE,
  prep: {
    supervisee: [
      REVIEW_ACTIONS_ITEM('001 Actions and timescales'),
      {
        id: 'records-up-to-date',
        text: 'Bring case records up to date (within 5 working days)',
        source: PREP,
      },
    ],
    supervisor: [
      REVIEW_ACTIONS_ITEM('001 Actions and timescales'),
      {
        id: 'review-case-records',
        text: 'Review the case records of cases due for in-depth discussion',
        source: PREP,
      },
      {
        id: 'chronologies',
        text: 'Chronologies are on each case, up to date and used',
        source: PREP,
      },
      {
        id: 'assessments-6m',
        text: 'Assessments reviewed at least every six months',
        source: PREP,
      },
      {
        id: 'plans-3m',
        text: 'Plans updated at least every three months with clear tasks',
        source: PREP,
      },
      {
        id: 'family-meetings-3m',
        text: 'Family meetings every three months (reason recorded if not)',
        source: PREP,
      },
      {
        id: 'ethnicity-culture',
        text: 'Ethnicity, culture and diversity recorded and responded to',
        source: PREP,
      },
      {
        id: 'quarterly-form',
        text: 'A full EH Case Supervision form at least once a quarter per family',
        source: FREQ,
      },
    ],
    agenda: standardAgenda('001 Frequency (4x4x4 model); 002 App. E'),
  },
  reminders: { comingUpWorkingDays: 5, prepWorkingDays: 2 },
  escalation: {
    value: { graceWorkingDays: 3, nextLevelAfterWorkingDays: 5 },
    source: 'interpretation: POLICIES §2',
  },
  supervisorAbsenceDays: { value: 31, source: `${FREQ} (supervisor absent more than one month)` },
  triage: null,
  enabled: enabledExcept('triage-uncovered', 'triage-imbalance'),
  interpretations: {},
};
